import raw from '../../../scenarios/lessons/variability.json' with { type: 'json' };
import { meanWait } from '../../../sim/planner/erlang.js';
import type { Scenario } from '../../../sim/model/scenario.js';
import { formatDuration, formatPercent } from '../../charts/format.js';
import type { Lesson } from '../lesson.js';
import { lazyScenario } from './bundle.js';
import { copyScenario, kpiInterval, snap, withCi, type CurvePoint, type LessonExperiment } from './experiment.js';

/**
 * Same load, more variable handle times: the simulated mean wait over a sweep of handle-time CVs,
 * beside Kingman's approximation for c servers (Allen-Cunneen).
 */

const scenario = lazyScenario('variability.json', raw);
const GRID = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const STEP = 0.25;

function desk(s: Scenario): { agents: number; aht: number; perHour: number } {
  const d = s.demand[0];
  if (d.arrivals.type !== 'poisson' || d.handleTime.type !== 'gamma') throw new Error('the variability lesson needs Poisson arrivals and gamma handle times');
  return { agents: s.groups[0].headcount, aht: d.handleTime.mean, perHour: d.arrivals.perHour };
}

/** Handle times with coefficient of variation `cv` and the same mean: the load does not change. */
function withCv(base: Scenario, cv: number): Scenario {
  const s = copyScenario(base);
  s.demand[0].handleTime = { type: 'gamma', mean: desk(base).aht, cv };
  return s;
}

/**
 * Allen-Cunneen: the M/M/c wait scaled by (ca^2 + cs^2) / 2, with ca = 1 for Poisson arrivals.
 * For one server this is Kingman's formula; for c servers it is an approximation, good at high load.
 */
export function kingmanWait(agents: number, aht: number, perHour: number, cv: number): number {
  const load = (perHour * aht) / 60;
  return meanWait(load, agents, aht) * ((1 + cv * cv) / 2);
}

const cvLabel = (cv: number) => `CV ${cv.toFixed(2)}`;

const experiment: LessonExperiment = {
  plan(base) {
    return {
      variants: GRID.map((cv) => ({ key: cv.toFixed(2), label: cvLabel(cv), scenario: withCv(base, cv) })),
      replications: base.replications,
      seed: base.seed,
    };
  },
  read(run, results, value) {
    const { agents, aht, perHour } = desk(run.variants[0].scenario);
    const cv = snap(Number(value), STEP);
    const at = Math.max(0, GRID.findIndex((x) => Math.abs(x - cv) < 1e-9));
    const waits = results.map((r) => kpiInterval(r, 'waitMinutes.mean'));
    const simulated: CurvePoint[] = GRID.map((x, i) => ({ x, ...waits[i] }));
    const formula: CurvePoint[] = GRID.map((x) => {
      const w = kingmanWait(agents, aht, perHour, x);
      return { x, mean: w, lo: w, hi: w };
    });
    const wait = waits[at];
    const kingman = formula[at].mean;
    const occupancy = kpiInterval(results[at], `occupancy.${run.variants[0].scenario.groups[0].name}`);
    const p90 = kpiInterval(results[at], 'waitMinutes.p90');
    const fixed = waits[0];
    const expo = waits[GRID.indexOf(1)];
    const most = waits[GRID.length - 1];
    const headline =
      `With handle-time CV ${cv.toFixed(2)} a ticket waits ${formatDuration(wait.mean)} on average ` +
      `(95% CI ${formatDuration(wait.lo)}–${formatDuration(wait.hi)}; Kingman: ${formatDuration(kingman)}), ` +
      `with the agents ${formatPercent(occupancy.mean, 0)} busy. The same load gives ${formatDuration(fixed.mean)} when every ticket takes exactly ${formatDuration(aht)} (CV 0), ` +
      `${formatDuration(expo.mean)} at CV 1 and ${formatDuration(most.mean)} at CV ${GRID[GRID.length - 1]}.`;
    return {
      headline,
      table: [
        [cvLabel(cv), 'Simulated (95% CI)', 'Kingman (Allen-Cunneen)'],
        ['Agents busy', withCi(occupancy, (x) => formatPercent(x)), formatPercent((perHour * aht) / 60 / agents)],
        ['Mean wait', withCi(wait, formatDuration), formatDuration(kingman)],
        ['9 in 10 wait less than', withCi(p90, formatDuration), '–'],
      ],
      chart: {
        kind: 'curve',
        title: 'Mean wait against handle-time variability (same load)',
        xLabel: 'Coefficient of variation of handle time',
        yLabel: 'Mean wait',
        formatX: (x) => x.toFixed(2),
        formatY: formatDuration,
        yTicks: 'duration',
        series: [
          { name: 'Simulated (95% CI)', points: simulated },
          { name: 'Kingman (Allen-Cunneen)', points: formula, formula: true },
        ],
        current: { x: GRID[at], y: wait.mean, label: cvLabel(GRID[at]) },
      },
      values: {
        wait,
        kingman: { mean: kingman, lo: kingman, hi: kingman },
        occupancy,
        ...Object.fromEntries(GRID.map((x, i) => [`wait@${x.toFixed(2)}`, waits[i]])),
      },
    };
  },
};

export const variability: Lesson = {
  id: 'variability',
  title: 'Variability: same load, longer queues',
  summary: 'Why a few very long tickets make everybody wait, even when the average work is the same.',
  get scenario() {
    return scenario();
  },
  narrative: [
    'Four agents, tickets arriving at random, ten minutes of work per ticket on average: the agents are 85% busy, and that does not change in this lesson. What changes is how much the handle times vary around those ten minutes.',
    'The coefficient of variation (CV) is the standard deviation divided by the mean. At CV 0 every ticket takes exactly ten minutes. At CV 1 they vary as much as in the textbook exponential model. At CV 2 most tickets are quick and a few take hours, and while an agent is stuck on one of those, the queue behind grows.',
    "The chart shows the simulated mean wait at each CV with its 95% confidence band, and Kingman's rule of thumb (dashed): the wait grows with (1 + CV²) / 2. Same people, same hours of work, different waits.",
  ],
  question: 'If handle times become twice as variable (CV from 1 to 2) but the average stays the same, what happens to the wait?',
  control: {
    kind: 'slider',
    label: 'Handle-time variability (CV)',
    min: GRID[0],
    max: GRID[GRID.length - 1],
    step: STEP,
    initial: 1,
    format: (v) => Number(v).toFixed(2),
    apply: (base, value) => withCv(base, snap(Number(value), STEP)),
  },
  experiment,
};
