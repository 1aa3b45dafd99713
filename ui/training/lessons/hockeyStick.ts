import raw from '../../../scenarios/lessons/hockey-stick.json' with { type: 'json' };
import { erlangC, meanWait } from '../../../sim/planner/erlang.js';
import type { Scenario } from '../../../sim/model/scenario.js';
import { formatDuration, formatPercent } from '../../charts/format.js';
import type { Lesson } from '../lesson.js';
import { lazyScenario } from './bundle.js';
import { copyScenario, kpiInterval, snap, withCi, type CurvePoint, type LessonExperiment, type LessonRun } from './experiment.js';

/**
 * Utilisation vs waiting on an M/M/c desk: the simulated mean wait over a sweep of utilisations,
 * with Erlang C's exact value beside every point.
 */

const scenario = lazyScenario('hockey-stick.json', raw);
const GRID = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const STEP = 0.05;

function agents(s: Scenario): number {
  return s.groups[0].headcount;
}

function handleMinutes(s: Scenario): number {
  const d = s.demand[0].handleTime;
  if (d.type !== 'exponential') throw new Error('the hockey-stick lesson needs exponential handle times');
  return d.mean;
}

/** The desk at utilisation `rho`: only the arrival rate changes. */
function atUtilisation(base: Scenario, rho: number): Scenario {
  const s = copyScenario(base);
  const perHour = (rho * agents(base) * 60) / handleMinutes(base);
  s.demand[0].arrivals = { type: 'poisson', perHour: Number(perHour.toFixed(6)) };
  return s;
}

const label = (rho: number) => `${Math.round(rho * 100)}% busy`;

const experiment: LessonExperiment = {
  plan(base, value): LessonRun {
    return {
      variants: GRID.map((rho) => ({ key: rho.toFixed(2), label: label(rho), scenario: atUtilisation(base, rho) })),
      replications: base.replications,
      seed: base.seed,
    };
  },
  read(run, results, value) {
    const base = run.variants[0].scenario;
    const c = agents(base);
    const aht = handleMinutes(base);
    const rho = snap(Number(value), STEP);
    const waits = results.map((r) => kpiInterval(r, 'waitMinutes.mean'));
    const simulated: CurvePoint[] = GRID.map((x, i) => ({ x, ...waits[i] }));
    const formula: CurvePoint[] = [];
    for (let x = 0.5; x <= 0.9601; x += 0.01) {
      const w = meanWait(x * c, c, aht);
      formula.push({ x, mean: w, lo: w, hi: w });
    }
    const at = Math.max(0, GRID.findIndex((x) => Math.abs(x - rho) < 1e-9));
    const here = results[at];
    const wait = waits[at];
    const probWait = kpiInterval(here, 'probWait');
    const occupancy = kpiInterval(here, `occupancy.${base.groups[0].name}`);
    const erlangWait = meanWait(GRID[at] * c, c, aht);
    const erlangProb = erlangC(GRID[at] * c, c);
    const lowest = waits[0];
    const i80 = GRID.indexOf(0.8);
    const i90 = GRID.indexOf(0.9);
    const times = lowest.mean > 0 ? wait.mean / lowest.mean : NaN;
    const lastTen = waits[i90].mean - waits[i80].mean;
    const firstTen = waits[GRID.indexOf(0.6)].mean - lowest.mean;
    const headline =
      `At ${formatPercent(GRID[at], 0)} busy a ticket waits ${formatDuration(wait.mean)} on average ` +
      `(95% CI ${formatDuration(wait.lo)}–${formatDuration(wait.hi)}; Erlang C: ${formatDuration(erlangWait)})` +
      (at > 0 && Number.isFinite(times) ? `, ${times.toFixed(1)} times the wait at 50% busy. ` : '. ') +
      `Going from 80% to 90% busy adds ${formatDuration(lastTen)} to the mean wait; going from 50% to 60% added ${formatDuration(firstTen)}.`;
    return {
      headline,
      table: [
        ['At ' + label(GRID[at]), 'Simulated (95% CI)', 'Erlang C'],
        ['Agents busy', withCi(occupancy, (x) => formatPercent(x)), formatPercent(GRID[at])],
        ['Tickets that wait', withCi(probWait, (x) => formatPercent(x)), formatPercent(erlangProb)],
        ['Mean wait', withCi(wait, formatDuration), formatDuration(erlangWait)],
      ],
      chart: {
        kind: 'curve',
        title: 'Mean wait against utilisation',
        xLabel: 'Utilisation (share of time agents are busy)',
        yLabel: 'Mean wait',
        formatX: (x) => formatPercent(x, 0),
        formatY: formatDuration,
        yTicks: 'duration',
        series: [
          { name: 'Simulated (95% CI)', points: simulated },
          { name: 'Erlang C', points: formula, formula: true },
        ],
        current: { x: GRID[at], y: wait.mean, label: label(GRID[at]) },
      },
      values: {
        wait,
        probWait,
        occupancy,
        erlangWait: { mean: erlangWait, lo: erlangWait, hi: erlangWait },
        erlangProbWait: { mean: erlangProb, lo: erlangProb, hi: erlangProb },
        ...Object.fromEntries(GRID.map((x, i) => [`wait@${x.toFixed(2)}`, waits[i]])),
      },
    };
  },
};

export const hockeyStick: Lesson = {
  id: 'hockey-stick',
  title: 'Utilisation vs waiting: the hockey stick',
  summary: 'Why a desk that is 90% busy makes customers wait far longer than one that is 80% busy.',
  get scenario() {
    return scenario();
  },
  narrative: [
    'Five agents answer one queue, around the clock. Tickets arrive at random and take six minutes on average. Nothing else happens: no shifts, no priorities, no escalations. The only thing we change is how busy the agents are, by sending them more or fewer tickets.',
    'Managers like a busy desk: an idle agent looks like money wasted. But tickets do not arrive evenly. When several come at once they queue, and a busy desk has little spare time to catch up before the next bunch arrives.',
    'The chart shows the mean wait the simulation measured at each utilisation, with its 95% confidence band, and the exact answer from the Erlang C formula as a dashed line. The dot is where the slider puts the desk now; the animated desk replays that case.',
  ],
  question: 'If the agents go from 80% to 90% busy, does the wait grow by an eighth, double, or more?',
  control: {
    kind: 'slider',
    label: 'Utilisation (share of time agents are busy)',
    min: GRID[0],
    max: GRID[GRID.length - 1],
    step: STEP,
    initial: 0.8,
    format: (v) => formatPercent(Number(v), 0),
    apply: (base, value) => atUtilisation(base, snap(Number(value), STEP)),
  },
  experiment,
};
