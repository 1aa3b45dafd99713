import raw from '../../../scenarios/lessons/cherry-picking.json' with { type: 'json' };
import { DISTRIBUTION_GRID } from '../../../sim/model/observations.js';
import type { Scenario } from '../../../sim/model/scenario.js';
import type { ReplicationResult } from '../../../sim/replication.js';
import { formatDuration, formatPercent } from '../../charts/format.js';
import type { Lesson } from '../lesson.js';
import { lazyScenario } from './bundle.js';
import { copyScenario, intervalOf, kpiDifference, kpiInterval, series, withCi, type BarItem, type LessonExperiment } from './experiment.js';

/**
 * Cherry-picking (agents take the quick tickets first) against first come, first served: the mean
 * wait barely tells them apart; the age of the oldest tickets does.
 */

const scenario = lazyScenario('cherry-picking.json', raw);

/** Quick questions are filed P3 (category how-to), tricky bugs P4 (category bug). */
const QUICK = 'P3';
const TRICKY = 'P4';

/** Age buckets of the wait before pickup, in minutes: [from, to). */
export const AGE_BUCKETS: Array<{ label: string; from: number; to: number }> = [
  { label: 'under 15 min', from: 0, to: 15 },
  { label: '15 min to 1 h', from: 15, to: 60 },
  { label: '1 to 2 h', from: 60, to: 120 },
  { label: 'over 2 h', from: 120, to: Infinity },
];

/** Agents whose primary skill is the quick category and secondary the tricky one: they pick quick tickets first. */
function cherryPicking(base: Scenario): Scenario {
  const s = copyScenario(base);
  const categories = s.demand.map((d) => ({ category: d.category, primary: d.priority === QUICK, proficiency: 1 }));
  s.groups = s.groups.map((g) => ({ ...g, skills: categories }));
  return s;
}

/**
 * Share of tickets whose wait is below `minutes`, read off one replication's wait quantiles (at
 * DISTRIBUTION_GRID's probabilities) by linear interpolation.
 */
export function shareBelow(quantiles: readonly number[], minutes: number): number {
  const p = DISTRIBUTION_GRID;
  if (!Number.isFinite(minutes)) return 1;
  if (minutes < quantiles[0]) return quantiles[0] > 0 ? (p[0] * minutes) / quantiles[0] : p[0];
  for (let i = 0; i + 1 < quantiles.length; i++) {
    const lo = quantiles[i];
    const hi = quantiles[i + 1];
    if (minutes < hi) return hi > lo ? p[i] + ((p[i + 1] - p[i]) * (minutes - lo)) / (hi - lo) : p[i + 1];
  }
  return 1;
}

function ageBuckets(results: readonly ReplicationResult[]): ReturnType<typeof intervalOf>[] {
  const quantiles = results.map((r) => series(r, 'distribution.waitMinutes'));
  return AGE_BUCKETS.map((b) =>
    intervalOf(quantiles.map((q) => (q === null ? null : shareBelow(q, b.to) - shareBelow(q, b.from)))),
  );
}

const experiment: LessonExperiment = {
  plan(base) {
    return {
      variants: [
        { key: 'fifo', label: 'First come, first served', scenario: base },
        { key: 'cherry', label: 'Quick tickets first', scenario: cherryPicking(base) },
      ],
      replications: base.replications,
      seed: base.seed,
    };
  },
  read(run, results, value) {
    const at = value === true ? 1 : 0;
    const labels = run.variants.map((v) => v.label);
    const all = results.map((r) => kpiInterval(r, 'waitMinutes.mean'));
    const p95 = results.map((r) => kpiInterval(r, 'waitMinutes.p95'));
    const quick = results.map((r) => kpiInterval(r, `byPriority.${QUICK}.waitMinutes.mean`));
    const tricky = results.map((r) => kpiInterval(r, `byPriority.${TRICKY}.waitMinutes.mean`));
    const trickyP90 = results.map((r) => kpiInterval(r, `byPriority.${TRICKY}.waitMinutes.p90`));
    const buckets = results.map(ageBuckets);
    const old = AGE_BUCKETS.length - 1;
    const quickP90 = results.map((r) => kpiInterval(r, `byPriority.${QUICK}.waitMinutes.p90`));
    const other = 1 - at;
    const headline =
      `${labels[at]}: the mean wait is ${formatDuration(all[at].mean)} (${formatDuration(all[other].mean)} with ${labels[other].toLowerCase()}). ` +
      `Quick questions wait ${formatDuration(quick[at].mean)} (${formatDuration(quick[other].mean)}), ` +
      `but tricky bugs wait ${formatDuration(tricky[at].mean)} (${formatDuration(tricky[other].mean)}) and one bug in ten waits more than ` +
      `${formatDuration(trickyP90[at].mean)} (${formatDuration(trickyP90[other].mean)}). ` +
      (tricky[1].mean > tricky[0].mean
        ? `Cherry-picking makes the average look better while the bugs, the tickets that most need attention, get older.`
        : `Here cherry-picking did not make the bugs wait longer.`);
    const rows: Array<[string, ReturnType<typeof kpiInterval>[]]> = [
      ['Quick, mean', quick],
      ['Quick, worst 10%', quickP90],
      ['Bugs, mean', tricky],
      ['Bugs, worst 10%', trickyP90],
    ];
    const bars: BarItem[] = [];
    for (const [label, intervals] of rows) {
      intervals.forEach((i, v) => bars.push({ ...i, label: `${label} · ${v === 0 ? 'FIFO' : 'cherry'}`, group: v, current: v === at }));
    }
    return {
      headline,
      table: [
        ['', ...labels],
        ['Mean wait, all tickets', ...all.map((i) => withCi(i, formatDuration))],
        ['Mean wait, quick questions', ...quick.map((i) => withCi(i, formatDuration))],
        ['Mean wait, tricky bugs', ...tricky.map((i) => withCi(i, formatDuration))],
        ['1 quick question in 10 waits over', ...quickP90.map((i) => withCi(i, formatDuration))],
        ['1 bug in 10 waits over', ...trickyP90.map((i) => withCi(i, formatDuration))],
        ['1 ticket in 20 waits over', ...p95.map((i) => withCi(i, formatDuration))],
        ...AGE_BUCKETS.map((b, k) => [`All tickets: waited ${b.label}`, ...buckets.map((bs) => withCi(bs[k], (x) => formatPercent(x)))]),
      ],
      chart: {
        kind: 'bars',
        title: 'Wait before pickup by kind of ticket: the mean, and the wait the worst 10% exceed',
        yLabel: 'Wait before pickup',
        formatY: formatDuration,
        yTicks: 'duration',
        groups: [`${labels[0]} (FIFO)`, `${labels[1]} (cherry)`],
        bars,
      },
      values: {
        meanWaitFifo: all[0],
        meanWaitCherry: all[1],
        trickyWaitFifo: tricky[0],
        trickyWaitCherry: tricky[1],
        trickyP90Fifo: trickyP90[0],
        trickyP90Cherry: trickyP90[1],
        quickWaitFifo: quick[0],
        quickWaitCherry: quick[1],
        oldShareFifo: buckets[0][old],
        oldShareCherry: buckets[1][old],
        // Paired (the same tickets either way): cherry-picking minus first come, first served.
        quickChange: kpiDifference(results[0], results[1], `byPriority.${QUICK}.waitMinutes.mean`),
        trickyChange: kpiDifference(results[0], results[1], `byPriority.${TRICKY}.waitMinutes.mean`),
        trickyP90Change: kpiDifference(results[0], results[1], `byPriority.${TRICKY}.waitMinutes.p90`),
        meanChange: kpiDifference(results[0], results[1], 'waitMinutes.mean'),
      },
    };
  },
};

export const cherryPickingLesson: Lesson = {
  id: 'cherry-picking',
  title: 'Cherry-picking and backlog ageing',
  summary: 'Why taking the quick tickets first flatters the average and leaves the hard tickets to age.',
  get scenario() {
    return scenario();
  },
  narrative: [
    'Five agents share one queue of quick how-to questions (about ten minutes each) and tricky bug reports (about an hour each). As written, they take the oldest ticket first, whatever it is.',
    'On a real desk, people tend to cherry-pick: when they look at the queue, they take the ticket they can close quickly. It feels productive, and the number of tickets closed per hour goes up. The bugs stay in the queue until nobody can find anything quicker.',
    'Switch cherry-picking on and look first at the mean wait, then at the bug reports: their mean wait and the wait that one bug in ten exceeds. The table also sorts all tickets by how long they waited before anyone picked them up.',
  ],
  question: 'If agents take the quick tickets first, does the average wait get better or worse? And who pays for it?',
  control: {
    kind: 'toggle',
    label: 'Agents cherry-pick quick tickets first (off: oldest first)',
    initial: false,
    format: (v) => (v ? 'Quick tickets first' : 'Oldest first'),
    apply: (base, value) => (value === true ? cherryPicking(base) : copyScenario(base)),
  },
  experiment,
};
