import raw from '../../../scenarios/lessons/after-hours-ack.json' with { type: 'json' };
import type { Scenario } from '../../../sim/model/scenario.js';
import { DAY_NAMES, formatDuration, formatHourOfWeek, formatNumber, formatPercent } from '../../charts/format.js';
import type { Lesson } from '../lesson.js';
import { lazyScenario } from './bundle.js';
import { copyScenario, intervalOf, kpiDifference, kpiInterval, series, withCi, type CurvePoint, type LessonExperiment } from './experiment.js';

/**
 * After-hours ACK duty: it rescues the acknowledge target of after-hours tickets, and it leaves
 * the Monday-morning pile of work exactly where it was.
 */

const scenario = lazyScenario('after-hours-ack.json', raw);

/** In the lesson's desk, after-hours emails are filed as P4 and business-hours ones as P3. */
const AFTER_HOURS = 'P4';
const IN_HOURS = 'P3';

function withAckDuty(base: Scenario, enabled: boolean): Scenario {
  const s = copyScenario(base);
  s.ackDuty = { ...s.ackDuty, enabled };
  return s;
}

/** The week's L1 backlog hour by hour, and each replication's peak. */
function backlog(results: Parameters<LessonExperiment['read']>[1][number]): { curve: CurvePoint[]; peak: ReturnType<typeof intervalOf> } {
  const runs = results.map((r) => series(r, 'backlogByTier.L1') ?? []);
  const length = Math.min(...runs.map((s) => s.length));
  const curve: CurvePoint[] = [];
  for (let h = 0; h < length; h++) curve.push({ x: h, ...intervalOf(runs.map((s) => s[h])) });
  return { curve, peak: intervalOf(runs.map((s) => Math.max(...s.slice(0, length)))) };
}

const experiment: LessonExperiment = {
  plan(base) {
    return {
      variants: [
        { key: 'off', label: 'No ACK duty', scenario: withAckDuty(base, false) },
        { key: 'on', label: 'ACK duty', scenario: withAckDuty(base, true) },
      ],
      replications: base.replications,
      seed: base.seed,
    };
  },
  read(run, results, value) {
    const at = value === true ? 1 : 0;
    const [off, on] = results;
    const after = results.map((r) => kpiInterval(r, `sla.acknowledge.${AFTER_HOURS}`));
    const inHours = results.map((r) => kpiInterval(r, `sla.acknowledge.${IN_HOURS}`));
    const firstResponse = results.map((r) => kpiInterval(r, `byPriority.${AFTER_HOURS}.firstResponseMinutes.mean`));
    const resolution = results.map((r) => kpiInterval(r, `byPriority.${AFTER_HOURS}.resolutionMinutes.mean`));
    const ackHours = results.map((r) => kpiInterval(r, 'ackDuty.ackHours'));
    const backlogs = results.map(backlog);
    const gain = kpiDifference(off, on, `sla.acknowledge.${AFTER_HOURS}`);
    const peakChange = intervalOf([backlogs[1].peak.mean - backlogs[0].peak.mean]);
    const peakHour = backlogs[at].curve.reduce((best, p) => (p.mean > best.mean ? p : best), backlogs[at].curve[0]);
    const labels = run.variants.map((v) => v.label);
    const hours = (m: number) => `${formatNumber(m / 60)} h`;
    const points = (share: number) => (share * 100).toFixed(0);
    const headline =
      `${at === 1 ? 'With' : 'Without'} ACK duty, ${formatPercent(after[at].mean, 0)} of after-hours emails are acknowledged within 1 hour ` +
      `(95% CI ${formatPercent(after[at].lo, 0)}–${formatPercent(after[at].hi, 0)}). ` +
      `The duty adds ${points(gain.mean)} percentage points (95% CI ${points(gain.lo)}–${points(gain.hi)}) for ${hours(ackHours[1].mean * 60)} of on-call work a week. ` +
      `It does not do the work: the L1 backlog still peaks at ${formatNumber(backlogs[at].peak.mean)} tickets (${formatHourOfWeek(peakHour?.x ?? 0)}), ` +
      `against ${formatNumber(backlogs[1 - at].peak.mean)} ${at === 1 ? 'without' : 'with'} it.`;
    return {
      headline,
      table: [
        ['', ...labels],
        ['After-hours emails acknowledged within 1 h', ...after.map((i) => withCi(i, (x) => formatPercent(x, 0)))],
        ['In-hours emails acknowledged within 1 h', ...inHours.map((i) => withCi(i, (x) => formatPercent(x, 0)))],
        ['After-hours: mean time to first response', ...firstResponse.map((i) => withCi(i, formatDuration))],
        ['After-hours: mean time to resolution', ...resolution.map((i) => withCi(i, formatDuration))],
        ['Peak L1 backlog (tickets)', ...backlogs.map((b) => withCi(b.peak, formatNumber))],
        ['On-call ACK work a week', ...ackHours.map((i) => withCi({ mean: i.mean * 60, lo: i.lo * 60, hi: i.hi * 60 }, hours))],
      ],
      chart: {
        kind: 'curve',
        title: 'Tickets in the L1 backlog over the week',
        xLabel: 'Hour of the week (from Monday 00:00)',
        yLabel: 'Tickets at L1',
        formatX: (x) => (x % 24 === 0 ? DAY_NAMES[Math.floor(x / 24) % 7] : formatHourOfWeek(x).slice(0, 9)),
        xTicks: [0, 24, 48, 72, 96, 120, 144],
        formatY: formatNumber,
        series: backlogs.map((b, k) => ({ name: labels[k], points: b.curve })),
        current: peakHour ? { x: peakHour.x, y: peakHour.mean, label: `busiest hour, ${labels[at]}` } : undefined,
      },
      values: {
        afterHoursAckOff: after[0],
        afterHoursAckOn: after[1],
        gain,
        peakBacklogOff: backlogs[0].peak,
        peakBacklogOn: backlogs[1].peak,
        peakChange,
      },
    };
  },
};

export const afterHoursAck: Lesson = {
  id: 'after-hours-ack',
  title: 'After-hours ACK duty and the Monday-morning spike',
  summary: 'What an on-call acknowledgement buys, and what it does not.',
  get scenario() {
    return scenario();
  },
  narrative: [
    'Three L1 agents work Monday to Friday, 09:00 to 17:00. Customers email at any hour: four emails in ten arrive in the evening, at night or at the weekend. The promise is an acknowledgement within one hour, day or night.',
    'Without anyone on duty, an email sent on Friday evening is first read on Monday morning: sixty hours later. With ACK duty, the on-call engineer replies within minutes with an ETA ("we will look at this Monday morning"), which takes them a few minutes per email. The ticket itself still waits for the L1 team.',
    'The chart shows the L1 backlog over the measured week, hour by hour, with and without the duty. Look at Monday morning, when the weekend\'s emails meet the team that starts at nine. The desk starts on a Saturday: replay its first three days to watch the weekend pile up and Monday clear it.',
  ],
  question: 'Does the ACK duty fix the after-hours acknowledge target? Does it make Monday morning any lighter?',
  control: {
    kind: 'toggle',
    label: 'After-hours ACK duty (on-call engineer acknowledges)',
    initial: true,
    format: (v) => (v ? 'ACK duty on' : 'ACK duty off'),
    apply: (base, value) => withAckDuty(base, value === true),
  },
  experiment,
};
