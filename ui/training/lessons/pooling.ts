import raw from '../../../scenarios/lessons/pooling.json' with { type: 'json' };
import { meanWait } from '../../../sim/planner/erlang.js';
import type { Scenario } from '../../../sim/model/scenario.js';
import { formatDuration, formatPercent } from '../../charts/format.js';
import type { Lesson } from '../lesson.js';
import { lazyScenario } from './bundle.js';
import { copyScenario, kpiDifference, kpiInterval, withCi, type LessonExperiment } from './experiment.js';

/** Two separate teams against one shared queue with the same people, tickets and load. */

const scenario = lazyScenario('pooling.json', raw);

/** The same people in one group that works every category: one shared queue. */
function pooled(base: Scenario): Scenario {
  const s = copyScenario(base);
  const first = s.groups[0];
  const headcount = s.groups.reduce((n, g) => n + g.headcount, 0);
  s.groups = [{ ...first, name: 'shared team', headcount, skills: [] }];
  return s;
}

const experiment: LessonExperiment = {
  plan(base) {
    return {
      variants: [
        { key: 'separate', label: 'Two separate teams', scenario: base },
        { key: 'pooled', label: 'One shared queue', scenario: pooled(base) },
      ],
      replications: base.replications,
      seed: base.seed,
    };
  },
  read(run, results, value) {
    const [separate, shared] = results;
    const base = run.variants[0].scenario;
    const current = value === true ? 1 : 0;
    const wait = results.map((r) => kpiInterval(r, 'waitMinutes.mean'));
    const probWait = results.map((r) => kpiInterval(r, 'probWait'));
    const p90 = results.map((r) => kpiInterval(r, 'waitMinutes.p90'));
    const saved = kpiDifference(shared, separate, 'waitMinutes.mean');
    // Erlang C for each team on its own (the teams are alike) and for the pool.
    const teamAgents = base.groups[0].headcount;
    const stream = base.demand[0];
    const aht = stream.handleTime.type === 'exponential' ? stream.handleTime.mean : NaN;
    const perHour = stream.arrivals.type === 'poisson' ? stream.arrivals.perHour : NaN;
    const load = (perHour * aht) / 60;
    const erlang = [meanWait(load, teamAgents, aht), meanWait(load * base.groups.length, teamAgents * base.groups.length, aht)];
    const share = wait[0].mean > 0 ? 1 - wait[1].mean / wait[0].mean : NaN;
    const headline =
      (current === 1
        ? `With one shared queue a ticket waits ${formatDuration(wait[1].mean)} on average, against ${formatDuration(wait[0].mean)} with two separate teams: `
        : `With two separate teams a ticket waits ${formatDuration(wait[0].mean)} on average; one shared queue would cut that to ${formatDuration(wait[1].mean)}: `) +
      `${formatPercent(share, 0)} less, with the same people and the same tickets ` +
      `(the saving is ${formatDuration(saved.mean)}, 95% CI ${formatDuration(saved.lo)}–${formatDuration(saved.hi)}). ` +
      (current === 1
        ? `No ticket waits while someone is free.`
        : `In two teams, a ticket can wait while an agent of the other team sits idle.`);
    const labels = run.variants.map((v) => v.label);
    return {
      headline,
      table: [
        ['', ...labels],
        ['Mean wait (95% CI)', ...wait.map((i) => withCi(i, formatDuration))],
        ['Erlang C mean wait', ...erlang.map(formatDuration)],
        ['Tickets that wait', ...probWait.map((i) => withCi(i, (x) => formatPercent(x)))],
        ['9 in 10 wait less than', ...p90.map((i) => withCi(i, formatDuration))],
      ],
      chart: {
        kind: 'bars',
        title: 'Mean wait, separate teams vs one shared queue',
        yLabel: 'Mean wait',
        formatY: formatDuration,
        yTicks: 'duration',
        groups: labels,
        bars: wait.map((i, k) => ({ ...i, label: labels[k], group: k, current: k === current })),
      },
      values: {
        separateWait: wait[0],
        pooledWait: wait[1],
        saved,
        separateProbWait: probWait[0],
        pooledProbWait: probWait[1],
      },
    };
  },
};

export const pooling: Lesson = {
  id: 'pooling',
  title: 'Pooling: two teams or one shared queue',
  summary: 'Why one queue served by six people beats two queues served by three each.',
  get scenario() {
    return scenario();
  },
  narrative: [
    'Six agents are split into two teams of three: one answers billing tickets, the other technical tickets. Both teams get the same number of tickets and are 80% busy.',
    'Because tickets arrive at random, there are moments when the billing queue has three tickets waiting while a technical agent has nothing to do. Those tickets wait although someone is free. In a shared queue, whoever is free takes the next ticket.',
    'Switch to one shared queue: the same six people, the same tickets (the simulation uses the same random arrivals for both), the same workload. Only the queue changes.',
  ],
  question: 'With the same six people and the same tickets, how much shorter is the wait in one shared queue than in two separate ones?',
  control: {
    kind: 'toggle',
    label: 'One shared queue (off: two separate teams)',
    initial: false,
    format: (v) => (v ? 'One shared queue' : 'Two separate teams'),
    apply: (base, value) => (value === true ? pooled(base) : base),
  },
  experiment,
};
