import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actualMeasures, quantileOf } from '../sim/calibration/backtestActual.js';
import type { HistoryTicket } from '../sim/calibration/history.js';
import { wallMinutes } from '../sim/calibration/history.js';
import { parsePeriod } from '../sim/calibration/backtest.js';
import { historyFromSimulation } from '../sim/calibration/simulatedHistory.js';
import { parseScenario } from '../scenarios/parse.js';
import { backtestHistory } from '../workers/calibration/backtest.js';
import { readHistoryFile } from '../workers/calibration/historyFile.js';
import { backtestTable } from '../workers/cli/backtestTable.js';

const H = 60;
const DAY = 1440;
const WEEK = 7 * DAY;
// Monday 2024-01-01 00:00 on the export's wall clock.
const MONDAY = wallMinutes(2024, 1, 1);

function ticket(id: string, createdHours: number, resolvedHours: number | null, extra: Partial<HistoryTicket> = {}): HistoryTicket {
  return {
    id,
    created: MONDAY + createdHours * H,
    firstResponse: null,
    resolved: resolvedHours === null ? null : MONDAY + resolvedHours * H,
    closed: null,
    priority: 3,
    group: 'A',
    channel: 'email',
    reassignments: 0,
    reopens: 0,
    groups: ['A'],
    ...extra,
  };
}

describe('backtest: the actual side, by hand', () => {
  // Training starts a week before the test period (which is weeks 1 and 2 after MONDAY).
  const history: HistoryTicket[] = [
    ticket('before-count', -200, null), // opened before the count start: never in the backlog
    ticket('train-open', -10, 30), // opened in training, open at neither test week end? resolved at 30 h: not open at 168 h
    ticket('train-long', -20, 200), // open at the end of week 1 (168 h), resolved before week 2 ends
    ticket('w1-a', 1, 5, { firstResponse: MONDAY + 2 * H }), // 4 h
    ticket('w1-b', 10, 30, { groups: ['A', 'B'], reassignments: 1, firstResponse: MONDAY + 10 * H }), // 20 h, reassigned
    ticket('w1-c', 100, 400), // 300 h: open at both week ends
    ticket('w1-d', 160, null, { closed: MONDAY + 170 * H }), // no resolution time: closed at 170 h counts (10 h)
    ticket('w2-a', 170, 180, { firstResponse: MONDAY + 176 * H }), // 10 h
    ticket('w2-b', 300, null), // never resolved: open at the end of week 2
    ticket('w2-c', 330, 2000), // resolved after the cut-off: not in the resolution times
    ticket('after', 340, 341), // after the test period
  ].map((t) => (t.id === 'after' ? { ...t, created: MONDAY + 2 * WEEK + 5 } : t));
  const window = { from: MONDAY, to: MONDAY + 2 * WEEK, countFrom: MONDAY - 100 * H, resolvedBy: MONDAY + 2 * WEEK + 3 * DAY };
  const m = actualMeasures(history, window);

  it('counts tickets by week opened', () => {
    expect(m.weeklyVolume).toEqual([4, 3]);
    expect(m.tickets).toBe(7);
    expect(m.meanWeeklyVolume).toBe(3.5);
  });

  it('takes resolution quantiles over the tickets resolved by the cut-off (type-7 interpolation)', () => {
    // Resolved by 408 h: w1-a 4, w1-b 20, w1-c 300, w1-d 10 (closed), w2-a 10; w2-b never, w2-c at 2000 h.
    const hours = [4, 10, 10, 20, 300];
    expect(m.resolutionHours?.p50).toBe(10);
    expect(m.resolutionHours?.p90).toBeCloseTo(20 + 0.6 * (300 - 20), 9);
    expect(m.resolutionHours?.p90).toBeCloseTo(quantileOf(hours, 0.9), 9);
    expect(m.resolvedShare).toBeCloseTo(5 / 7, 12);
  });

  it('counts the backlog at week ends from the count start', () => {
    // End of week 1 (168 h): train-long (until 200), w1-c (until 400), w1-d (until 170). 'before-count' is left out.
    // End of week 2 (336 h): w1-c, w2-b (never), w2-c (until 2000).
    expect(m.backlogAtWeekEnd).toEqual([3, 3]);
  });

  it('measures the reassigned share and first response', () => {
    expect(m.reassignedShare).toBeCloseTo(1 / 7, 12);
    expect(m.firstResponseCount).toBe(3);
    expect(m.firstResponseHours?.p50).toBe(1);
    // 0, 1, 6 hours: P90 = 1 + 0.8 * 5.
    expect(m.firstResponseHours?.p90).toBeCloseTo(5, 12);
  });

  it('falls back to the tool\'s reassignment count when no ticket shows a group path', () => {
    const flat = history.map((t) => ({ ...t, groups: [t.group], reassignments: t.id === 'w2-a' || t.id === 'w1-a' ? 2 : 0 }));
    expect(actualMeasures(flat, window).reassignedShare).toBeCloseTo(2 / 7, 12);
  });

  it('refuses a test period that is not whole weeks', () => {
    expect(() => actualMeasures(history, { ...window, to: MONDAY + 10 * DAY })).toThrow(/whole number of weeks/);
  });
});

describe('backtest: the model predicts itself', () => {
  // A desk the calibration can describe: email at a flat 400 a week, an L1 group of 4 and an L2 group
  // of 2 around the clock, two touches with the customer's answer between them, one ticket in five
  // needing L2. Its history is the one replication's tickets from an empty start (like a log with
  // left truncation), 14 weeks long: calibrate on weeks 1-8, predict weeks 9-12, and let weeks
  // 13-14 resolve the test weeks' tickets on both sides.
  const truth = parseScenario({
    version: 1,
    name: 'self-prediction',
    start: '2024-01-01T00:00',
    timeZone: 'UTC',
    horizonDays: 98,
    warmupDays: 0,
    replications: 1,
    seed: 7,
    groups: [
      { name: 'Desk', tier: 'L1', headcount: 4 },
      { name: 'Experts', tier: 'L2', headcount: 2 },
    ],
    demand: [
      {
        name: 'email',
        channel: 'email',
        priority: 'P3',
        arrivals: { type: 'weekly', perWeek: 400 },
        handleTime: { type: 'lognormal', mean: 20, cv: 1 },
        touches: { count: { type: 'fixed', value: 2 }, customerDelay: { type: 'exponential', mean: 600 } },
        complexity: { L1: 0.8, L2: 0.2 },
      },
    ],
  });
  if (!truth.ok) throw new Error(truth.errors.join('; '));
  const history = historyFromSimulation(truth.scenario, { measuredOnly: false });
  const train = parsePeriod('2024-01-01..2024-02-25', 'train');
  const test = parsePeriod('2024-02-26..2024-03-24', 'test');

  // Across truth seeds 1..12 (measured once, in the report of this work) the headline figures fell
  // outside their prediction interval 3 times in 72, single weeks 9 times in 96; volume and
  // resolution missed their CIs by at most 9%. First response is left out: calibration estimates
  // staffing from the agents seen working, a lower bound, so the calibrated desk waits longer for
  // its first pickup than the desk that made the history (see docs/calibration.md).
  it('puts what really happened inside the simulated prediction intervals, and near the CIs', async () => {
    const result = await backtestHistory(history, { train, test, replications: 8, seed: 3, tailDays: 14 });
    const rows = new Map(result.comparison.rows.map((r) => [r.key, r]));
    const shown = (key: string) => `${key}: actual ${rows.get(key)!.actual} vs ${JSON.stringify(rows.get(key)!.simulated)}\n${backtestTable(result, 0)}`;
    for (const key of ['weeklyVolume', 'resolutionP50Hours', 'resolutionP90Hours', 'backlogMean', 'backlogEnd', 'reassignedShare']) {
      expect(rows.get(key)!.simulated, key).not.toBeNull();
      expect(rows.get(key)!.inPrediction, shown(key)).toBe(true);
    }
    for (const key of ['weeklyVolume', 'resolutionP50Hours', 'resolutionP90Hours']) {
      expect(Math.abs(rows.get(key)!.missRelative!), shown(key)).toBeLessThan(0.1);
    }
    // The desk really was busy and really escalated: the comparison is not of zeros.
    expect(rows.get('weeklyVolume')!.actual).toBeGreaterThan(350);
    expect(rows.get('reassignedShare')!.actual).toBeGreaterThan(0.1);
    expect(rows.get('resolutionP50Hours')!.actual).toBeGreaterThan(4);
    // Week by week each figure has a 5% chance to fall outside: at most one of the four weeks may.
    const outside = (kind: 'volume' | 'backlog') => result.comparison.weekly.filter((w) => w[kind].inPrediction !== true).length;
    expect(outside('volume')).toBeLessThanOrEqual(1);
    expect(outside('backlog')).toBeLessThanOrEqual(1);
  });
});

const UCI = fileURLToPath(new URL('../../shared/data/uci-servicenow-incidents/incident_event_log.csv.zip', import.meta.url));
const uciPresent = existsSync(UCI);

describe.skipIf(!uciPresent)(uciPresent ? 'backtest on the UCI ServiceNow log' : `backtest on the UCI ServiceNow log: SKIPPED, ${UCI} is not there (see ../shared/data/README.md)`, () => {
  it('counts the test weeks as the raw log does and predicts the weekly volume within 10%', async () => {
    const history = await readHistoryFile(UCI, { format: 'servicenow' });
    const result = await backtestHistory(history, {
      train: parsePeriod('2016-02-29..2016-04-10', 'train'),
      test: parsePeriod('2016-04-11..2016-05-15', 'test'),
      replications: 4,
      seed: 1,
    });
    // Incidents by opened_at week, counted from the raw CSV with an independent script.
    expect(result.actual.weeklyVolume).toEqual([1995, 1401, 2046, 2064, 1736]);
    const volume = result.comparison.rows.find((r) => r.key === 'weeklyVolume')!;
    expect(Math.abs(volume.simulated!.mean / volume.actual! - 1), backtestTable(result, 0)).toBeLessThan(0.1);
    expect(volume.inPrediction).toBe(true);
  });
});
