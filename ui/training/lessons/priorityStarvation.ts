import raw from '../../../scenarios/lessons/priority-starvation.json' with { type: 'json' };
import type { RoutingPolicy, Scenario } from '../../../sim/model/scenario.js';
import { formatDuration, formatPercent } from '../../charts/format.js';
import type { Lesson } from '../lesson.js';
import { lazyScenario } from './bundle.js';
import { copyScenario, kpiDifference, kpiInterval, withCi, type BarItem, type LessonExperiment } from './experiment.js';

/** How long routine P4 tickets wait under strict priority, earliest deadline first, and FIFO. */

const scenario = lazyScenario('priority-starvation.json', raw);

/** Slider positions, left to right. */
const POLICIES: Array<{ policy: RoutingPolicy; label: string; short: string }> = [
  { policy: 'fifo', label: 'First come, first served', short: 'FIFO' },
  { policy: 'deadline', label: 'Earliest deadline first', short: 'EDF' },
  { policy: 'priority', label: 'Strict priority', short: 'strict' },
];

function policyAt(value: number | boolean): number {
  return Math.min(POLICIES.length - 1, Math.max(0, Math.round(Number(value))));
}

function withPolicy(base: Scenario, policy: RoutingPolicy): Scenario {
  const s = copyScenario(base);
  s.routing = { ...s.routing, policy };
  return s;
}

const experiment: LessonExperiment = {
  plan(base) {
    return {
      variants: POLICIES.map((p) => ({ key: p.policy, label: p.label, scenario: withPolicy(base, p.policy) })),
      replications: base.replications,
      seed: base.seed,
    };
  },
  read(run, results, value) {
    const at = policyAt(value);
    const p4 = results.map((r) => kpiInterval(r, 'byPriority.P4.waitMinutes.mean'));
    const p4p90 = results.map((r) => kpiInterval(r, 'byPriority.P4.waitMinutes.p90'));
    const p2 = results.map((r) => kpiInterval(r, 'byPriority.P2.waitMinutes.mean'));
    const p4sla = results.map((r) => kpiInterval(r, 'sla.acknowledge.P4'));
    const p2sla = results.map((r) => kpiInterval(r, 'sla.acknowledge.P2'));
    const labels = POLICIES.map((p) => p.label);
    const strict = POLICIES.findIndex((p) => p.policy === 'priority');
    const fifo = POLICIES.findIndex((p) => p.policy === 'fifo');
    const edf = POLICIES.findIndex((p) => p.policy === 'deadline');
    const headline =
      `Under ${labels[at].toLowerCase()}, routine P4 tickets wait ${formatDuration(p4[at].mean)} on average ` +
      `(95% CI ${formatDuration(p4[at].lo)}–${formatDuration(p4[at].hi)}) and one in ten waits more than ${formatDuration(p4p90[at].mean)}; ` +
      `urgent P2 tickets wait ${formatDuration(p2[at].mean)}. ` +
      `Strict priority keeps P2 at ${formatDuration(p2[strict].mean)} but leaves P4 waiting ${formatDuration(p4[strict].mean)}, ` +
      `${(p4[strict].mean / p4[fifo].mean).toFixed(1)} times as long as first come, first served.`;
    const bars: BarItem[] = [];
    p4.forEach((i, k) => bars.push({ ...i, label: `P4 wait, ${POLICIES[k].short}`, group: k, current: k === at }));
    p2.forEach((i, k) => bars.push({ ...i, label: `P2 wait, ${POLICIES[k].short}`, group: k, current: k === at }));
    return {
      headline,
      table: [
        ['', ...labels],
        ['P4 mean wait', ...p4.map((i) => withCi(i, formatDuration))],
        ['P4: 1 in 10 waits over', ...p4p90.map((i) => withCi(i, formatDuration))],
        ['P4 acknowledged within 4 h', ...p4sla.map((i) => withCi(i, (x) => formatPercent(x, 0)))],
        ['P2 mean wait', ...p2.map((i) => withCi(i, formatDuration))],
        ['P2 acknowledged within 1 h', ...p2sla.map((i) => withCi(i, (x) => formatPercent(x, 0)))],
      ],
      chart: {
        kind: 'bars',
        title: 'Mean wait by priority under each routing policy',
        yLabel: 'Mean wait',
        formatY: formatDuration,
        yTicks: 'duration',
        groups: POLICIES.map((p) => `${p.label} (${p.short})`),
        bars,
      },
      values: {
        ...Object.fromEntries(
          POLICIES.flatMap((p, k) => [
            [`p4Wait.${p.policy}`, p4[k]],
            [`p4WaitP90.${p.policy}`, p4p90[k]],
            [`p2Wait.${p.policy}`, p2[k]],
          ]),
        ),
        // Paired (same tickets under each rule): strict priority minus the others.
        p4StrictMinusFifo: kpiDifference(results[fifo], results[strict], 'byPriority.P4.waitMinutes.mean'),
        p4StrictMinusEdf: kpiDifference(results[edf], results[strict], 'byPriority.P4.waitMinutes.mean'),
        p4P90StrictMinusEdf: kpiDifference(results[edf], results[strict], 'byPriority.P4.waitMinutes.p90'),
        p2FifoMinusStrict: kpiDifference(results[strict], results[fifo], 'byPriority.P2.waitMinutes.mean'),
      },
    };
  },
};

export const priorityStarvation: Lesson = {
  id: 'priority-starvation',
  title: 'Priority starvation: who waits when P2 always goes first',
  summary: 'Why routine tickets can wait almost forever on a busy desk with strict priority, and what the alternatives cost.',
  get scenario() {
    return scenario();
  },
  narrative: [
    'Three agents answer urgent P2 tickets and routine P4 tickets. The desk is 96% busy, and the urgent tickets alone would keep it 73% busy.',
    'Under strict priority an agent always takes a waiting P2 first. That is what most teams do, and it keeps P2 fast. But a P4 ticket is only picked up in a moment when no P2 is waiting at all, and on a busy desk those moments are rare: the P4 tickets age in the queue.',
    'Move the slider to compare three rules: first come, first served (everyone in arrival order), earliest deadline first (whichever ticket is closest to breaking its acknowledge target: 1 hour for P2, 4 hours for P4), and strict priority. The table shows what each rule costs the other priority.',
  ],
  question: 'How long do routine P4 tickets wait under strict priority, compared with first come, first served or earliest deadline first?',
  control: {
    kind: 'slider',
    label: 'Routing policy',
    min: 0,
    max: POLICIES.length - 1,
    step: 1,
    initial: strictIndex(),
    format: (v) => POLICIES[policyAt(v)].label,
    apply: (base, value) => withPolicy(base, POLICIES[policyAt(value)].policy),
  },
  experiment,
};

function strictIndex(): number {
  return POLICIES.findIndex((p) => p.policy === 'priority');
}
