import raw from '../../../scenarios/lessons/littles-law.json' with { type: 'json' };
import type { Scenario } from '../../../sim/model/scenario.js';
import type { ReplicationResult } from '../../../sim/replication.js';
import { formatDuration, formatNumber, formatPercent } from '../../charts/format.js';
import type { Lesson } from '../lesson.js';
import { lazyScenario } from './bundle.js';
import { copyScenario, intervalOf, kpi, kpiInterval, snap, withCi, type LessonExperiment } from './experiment.js';

/**
 * Little's law from three separate measurements of the same run: the time-average number of
 * tickets (L), the arrival rate (lambda) and the mean time in the system (W).
 */

const scenario = lazyScenario('littles-law.json', raw);
const STEP = 0.5;

function atRate(base: Scenario, perHour: number): Scenario {
  const s = copyScenario(base);
  s.demand[0].arrivals = { type: 'poisson', perHour };
  return s;
}

/** Per replication: lambda (per minute) times W (minutes), for the given W. */
function lambdaW(results: readonly ReplicationResult[], w: string): ReturnType<typeof intervalOf> {
  return intervalOf(
    results.map((r) => {
      const rate = kpi(r, 'arrivalsPerHour');
      const minutes = kpi(r, w);
      return rate === null || minutes === null ? null : (rate / 60) * minutes;
    }),
  );
}

/** Per replication: L / (lambda W) - 1, the relative gap between the two sides. */
function gap(results: readonly ReplicationResult[], l: string, w: string): ReturnType<typeof intervalOf> {
  return intervalOf(
    results.map((r) => {
      const level = kpi(r, l);
      const rate = kpi(r, 'arrivalsPerHour');
      const minutes = kpi(r, w);
      if (level === null || rate === null || minutes === null || !(rate * minutes > 0)) return null;
      return level / ((rate / 60) * minutes) - 1;
    }),
  );
}

const experiment: LessonExperiment = {
  plan(base, value) {
    const perHour = snap(Number(value), STEP);
    return {
      variants: [{ key: perHour.toFixed(1), label: `${perHour} tickets an hour`, scenario: atRate(base, perHour) }],
      replications: base.replications,
      seed: base.seed,
    };
  },
  read(run, results) {
    const r = results[0];
    const lambda = kpiInterval(r, 'arrivalsPerHour');
    const open = kpiInterval(r, 'backlog.meanOpen');
    const sojourn = kpiInterval(r, 'flow.meanSojournMinutes');
    const openLW = lambdaW(r, 'flow.meanSojournMinutes');
    const waiting = kpiInterval(r, 'backlog.meanWaiting');
    const firstWait = kpiInterval(r, 'flow.meanFirstWaitMinutes');
    const waitingLW = lambdaW(r, 'flow.meanFirstWaitMinutes');
    const openGap = gap(r, 'backlog.meanOpen', 'flow.meanSojournMinutes');
    const waitingGap = gap(r, 'backlog.meanWaiting', 'flow.meanFirstWaitMinutes');
    const n = formatNumber;
    const headline =
      `Measured: on average ${n(open.mean)} tickets are open (L). Tickets arrive at ${n(lambda.mean)} an hour (lambda) and stay open ` +
      `${formatDuration(sojourn.mean)} (W): lambda x W = ${n(lambda.mean)}/h x ${formatNumber(sojourn.mean / 60)} h = ${n(openLW.mean)} tickets, ` +
      `${formatPercent(Math.abs(openGap.mean))} ${openGap.mean >= 0 ? 'below' : 'above'} L. The same law holds for the queue alone: ` +
      `${n(waiting.mean)} tickets waiting for pickup against lambda x first wait = ${n(waitingLW.mean)}.`;
    return {
      headline,
      table: [
        ['', 'Open tickets', 'Waiting for pickup'],
        ['L: mean number (time average)', withCi(open, n), withCi(waiting, n)],
        ['lambda: arrivals an hour', withCi(lambda, n), withCi(lambda, n)],
        ['W: mean time (per ticket)', withCi(sojourn, formatDuration), withCi(firstWait, formatDuration)],
        ['lambda x W', withCi(openLW, n), withCi(waitingLW, n)],
        ['L / (lambda x W) - 1', withCi(openGap, (x) => formatPercent(x)), withCi(waitingGap, (x) => formatPercent(x))],
      ],
      chart: {
        kind: 'bars',
        title: "Both sides of Little's law, measured separately",
        yLabel: 'Tickets',
        formatY: formatNumber,
        groups: ['L (measured count)', 'λ×W (measured rate x time)'],
        bars: [
          { ...open, label: 'Open: L', group: 0, current: true },
          { ...openLW, label: 'Open: λ×W', group: 1, current: true },
          { ...waiting, label: 'Waiting: L', group: 0, current: true },
          { ...waitingLW, label: 'Waiting: λ×W', group: 1, current: true },
        ],
      },
      values: { lambda, open, sojourn, openLW, waiting, firstWait, waitingLW, openGap, waitingGap },
    };
  },
};

export const littlesLaw: Lesson = {
  id: 'littles-law',
  title: "Little's law measured live",
  summary: 'Tickets open = arrival rate x time open, on any stable desk.',
  get scenario() {
    return scenario();
  },
  narrative: [
    'Four agents answer emails. A ticket may need several touches, with the customer taking a couple of hours to answer in between, so a ticket stays open much longer than anyone works on it.',
    "Little's law links three numbers: the average number of tickets open (L), how many arrive per hour (lambda), and how long each stays open on average (W). On any stable desk, L = lambda x W. It does not matter how tickets arrive, how long they take, or in which order agents take them.",
    'The simulation measures the three separately: L by counting open tickets at every moment, lambda by counting arrivals, W by timing every ticket. Change the arrival rate: the numbers move, and the two sides keep matching. The law works backwards too: with 40 tickets open and 10 new a day, tickets stay open 4 days on average.',
    'Why not exactly equal? A run has edges: tickets still open when the measurement stops have no W yet, so the longest stays are missing from W and the right side comes out a percent or two low. The longer the run, the smaller the gap.',
  ],
  question: 'If we measure how many tickets are open, how many arrive, and how long they stay, does L = lambda x W hold on this desk?',
  control: {
    kind: 'slider',
    label: 'Tickets arriving an hour',
    min: 2,
    max: 8,
    step: STEP,
    initial: 6,
    format: (v) => `${Number(v).toFixed(1)} an hour`,
    apply: (base, value) => atRate(base, snap(Number(value), STEP)),
  },
  experiment,
};
