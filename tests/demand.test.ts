import { describe, expect, it } from 'vitest';
import {
  ArrivalProcess,
  demandDayFactors,
  expectedArrivals,
  resolveDemand,
  type ArrivalSource,
  type DemandContext,
  type ResolvedStream,
} from '../sim/model/demand.js';
import type { ArrivalRate, ArrivalStream, DemandModifiers, Incident, Scenario } from '../sim/model/scenario.js';
import { createStream, type Uniform } from '../sim/random/stream.js';
import { hourOfWeekTable, segmentAt, type HourOfWeekTable } from '../sim/time/hourOfWeek.js';
import { localParts, parseLocalDateTime } from '../sim/time/zone.js';
import { parseTraceCsv, resolveTraceFiles } from '../scenarios/trace.js';

const NY = 'America/New_York';
const DAY = 1440;
const START = '2026-01-05T00:00'; // a Monday
const SEED = 20260105;

const tables = new Map<string, HourOfWeekTable>();
function context(days: number, replication = 0, start = START, timeZone = NY): DemandContext {
  const startEpochMs = parseLocalDateTime(start, timeZone);
  const end = days * DAY;
  const key = `${start}|${timeZone}|${end}`;
  let hours = tables.get(key);
  if (hours === undefined) tables.set(key, (hours = hourOfWeekTable(startEpochMs, timeZone, end)));
  return { startEpochMs, timeZone, end, hours, seed: SEED, replication };
}

function stream(name: string, arrivals: ArrivalRate, category = 'general'): ArrivalStream {
  return {
    name,
    channel: 'email',
    priority: 'P3',
    category,
    segment: 'standard',
    entryTier: 'L1',
    arrivals,
    handleTime: { type: 'exponential', mean: 20 },
    touches: {
      count: { type: 'fixed', value: 1 },
      followUp: { type: 'exponential', mean: 10 },
      customerDelay: { type: 'exponential', mean: 600 },
    },
    complexity: { L1: 1 },
    patience: null,
  };
}

const NO_MODIFIERS: DemandModifiers = { growthPerYear: 0, dayCv: 0, days: [] };

function scenario(parts: Partial<Scenario>): Scenario {
  return {
    start: START,
    timeZone: NY,
    demand: [],
    demandModifiers: NO_MODIFIERS,
    incidents: [],
    deflection: [],
    ...parts,
  } as unknown as Scenario;
}

/** Every arrival of a source from 0 on. */
function arrivals(source: ArrivalSource, u: Uniform): number[] {
  const out: number[] = [];
  for (let t = 0; ; ) {
    t = source.next(t, u);
    if (!Number.isFinite(t)) return out;
    out.push(t);
  }
}

function arrivalsOf(s: ResolvedStream, ctx: DemandContext): number[] {
  return arrivals(s.process, createStream(ctx.seed, ctx.replication, `arrivals:${s.name}`));
}

/** Arrivals per local day (hours.day of the containing segment). */
function perDay(times: number[], ctx: DemandContext): number[] {
  const days = ctx.hours.day[ctx.hours.count - 1] + 1;
  const counts = new Array<number>(days).fill(0);
  for (const t of times) counts[ctx.hours.day[segmentAt(ctx.hours, t)]]++;
  return counts;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

/** Weekdays 08:00-18:00 weigh 4, other hours 1. */
const BUSINESS = Array.from({ length: 168 }, (_, h) => (h < 120 && h % 24 >= 8 && h % 24 < 18 ? 4 : 1));

describe('hour-of-week table: local day index', () => {
  it('counts local dates since the start, across DST days and in a half-hour zone', () => {
    for (const zone of [NY, 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      const start = '2026-03-01T05:30';
      const ctx = context(60, 0, start, zone);
      const first = localParts(zone, ctx.startEpochMs);
      const firstDay = Date.UTC(first.year, first.month - 1, first.day) / 86_400_000;
      const bad: string[] = [];
      for (let i = 0; i < ctx.hours.count; i++) {
        for (const t of [ctx.hours.starts[i], (i + 1 < ctx.hours.count ? ctx.hours.starts[i + 1] : ctx.end) - 1e-3]) {
          const p = localParts(zone, ctx.startEpochMs + t * 60_000);
          const day = Date.UTC(p.year, p.month - 1, p.day) / 86_400_000 - firstDay;
          if (day !== ctx.hours.day[i]) bad.push(`${zone} segment ${i} t=${t}: ${ctx.hours.day[i]} vs ${day}`);
        }
      }
      expect(bad).toEqual([]);
      expect(ctx.hours.day[0]).toBe(0);
      expect(ctx.hours.day.length).toBe(ctx.hours.count);
    }
  });
});

describe('resolveDemand: rates', () => {
  it('a stationary stream has the right mean count over many replications', () => {
    const s = scenario({ demand: [stream('email-P3', { type: 'poisson', perHour: 6 })] });
    const counts: number[] = [];
    for (let r = 0; r < 200; r++) {
      const ctx = context(7, r);
      counts.push(arrivalsOf(resolveDemand(s, ctx)[0], ctx).length);
    }
    const expected = 6 * 24 * 7;
    expect(Math.abs(mean(counts) - expected)).toBeLessThan(4 * Math.sqrt(expected / counts.length));
    // Poisson: the variance matches the mean (within a generous band for 200 samples).
    expect(variance(counts) / expected).toBeGreaterThan(0.7);
    expect(variance(counts) / expected).toBeLessThan(1.3);
    expect(expectedArrivals({ type: 'poisson', perHour: 6 }, 7 * DAY)).toBeCloseTo(expected, 9);
  });

  it('growth 0.5/yr over a year: the integral, the simulated total and the last month vs the first', () => {
    const modifiers: DemandModifiers = { growthPerYear: 0.5, dayCv: 0, days: [] };
    const ctx0 = context(364);
    // Integral, against a closed form: a flat weekly profile is 100 tickets per 24-hour day.
    const flat = resolveDemand(scenario({ demand: [stream('flat', { type: 'weekly', perWeek: 700 })], demandModifiers: modifiers }), ctx0)[0];
    let closedForm = 0;
    for (let d = 0; d < 364; d++) closedForm += 100 * 1.5 ** (d / 365.25);
    // DST days have 23 or 25 hours at slightly different growth factors: a few tickets apart.
    expect(Math.abs((flat.process as ArrivalProcess).expectedBetween(0, ctx0.end) - closedForm)).toBeLessThan(10);

    const s = scenario({ demand: [stream('web', { type: 'weekly', perWeek: 700, hourOfWeek: BUSINESS })], demandModifiers: modifiers });
    const integral = (resolveDemand(s, ctx0)[0].process as ArrivalProcess).expectedBetween(0, ctx0.end);
    expect(integral / (700 * 52)).toBeGreaterThan(1.2);
    let total = 0;
    let firstMonth = 0;
    let lastMonth = 0;
    const reps = 12;
    for (let r = 0; r < reps; r++) {
      const ctx = context(364, r);
      for (const t of arrivalsOf(resolveDemand(s, ctx)[0], ctx)) {
        total++;
        if (t < 28 * DAY) firstMonth++;
        else if (t >= 336 * DAY) lastMonth++;
      }
    }
    expect(Math.abs(total / reps - integral)).toBeLessThan(4 * Math.sqrt(integral / reps));
    // Whole weeks on both sides, no DST in January or December: the ratio is the growth.
    const ratio = lastMonth / firstMonth;
    const sd = ratio * Math.sqrt(1 / lastMonth + 1 / firstMonth);
    expect(Math.abs(ratio - 1.5 ** (336 / 365.25))).toBeLessThan(4 * sd);
    expect(expectedArrivals({ type: 'weekly', perWeek: 700 }, ctx0.end, modifiers)).toBeGreaterThan(integral);
  });

  it('a days multiplier of 0 empties that local date, 2 doubles it, entries on one date multiply', () => {
    const modifiers: DemandModifiers = {
      growthPerYear: 0,
      dayCv: 0,
      days: [
        { date: '2026-01-07', multiplier: 0, label: 'holiday' },
        { date: '2026-01-09', multiplier: 2, label: 'release' },
        { date: '2026-01-12', multiplier: 2, label: 'release' },
        { date: '2026-01-12', multiplier: 1.5, label: 'campaign' },
        { date: '2025-12-25', multiplier: 0, label: 'before the start' },
      ],
    };
    const s = scenario({
      demand: [
        stream('phone', { type: 'poisson', perHour: 10 }),
        stream('web', { type: 'weekly', perWeek: 1680 }), // also 10 an hour
        stream('replay', { type: 'trace', minutes: [2 * DAY + 60, 2 * DAY + 120] }),
      ],
      demandModifiers: modifiers,
    });
    const reps = 40;
    const sums = [new Array<number>(14).fill(0), new Array<number>(14).fill(0)];
    for (let r = 0; r < reps; r++) {
      const ctx = context(14, r);
      const streams = resolveDemand(s, ctx);
      for (const k of [0, 1]) perDay(arrivalsOf(streams[k], ctx), ctx).forEach((c, d) => (sums[k][d] += c));
      // A trace is replayed as is, even on an emptied date.
      expect(arrivalsOf(streams[2], ctx)).toEqual([2 * DAY + 60, 2 * DAY + 120]);
    }
    for (const k of [0, 1]) {
      const base = 240 * reps;
      const within = (d: number, factor: number): void => {
        expect(Math.abs(sums[k][d] - base * factor), `stream ${k} day ${d}`).toBeLessThan(4 * Math.sqrt(base * factor));
      };
      expect(sums[k][2]).toBe(0); // Jan 7
      within(4, 2); // Jan 9
      within(7, 3); // Jan 12
      for (const d of [0, 1, 3, 5, 6, 8, 13]) within(d, 1);
    }
  });

  it('day over-dispersion: one gamma draw per local day, shared by every stream', () => {
    const run = (dayCv: number): { a: number[]; b: number[] } => {
      const s = scenario({
        demand: [stream('a', { type: 'poisson', perHour: 20 }), stream('b', { type: 'weekly', perWeek: 3360 })],
        demandModifiers: { growthPerYear: 0, dayCv, days: [] },
      });
      const ctx = context(120, 3);
      const [a, b] = resolveDemand(s, ctx);
      // 120 x 1440 minutes end at 01:00 local after spring forward: leave that stub day out.
      return { a: perDay(arrivalsOf(a, ctx), ctx).slice(0, 120), b: perDay(arrivalsOf(b, ctx), ctx).slice(0, 120) };
    };
    const calm = run(0);
    const dispersion = (xs: number[]): number => variance(xs) / mean(xs);
    expect(dispersion(calm.a)).toBeGreaterThan(0.6);
    expect(dispersion(calm.a)).toBeLessThan(1.5);
    const busy = run(0.5);
    // var = mu + (cv mu)^2, i.e. an index of about 1 + 0.25 x 480 = 121.
    expect(dispersion(busy.a)).toBeGreaterThan(40);
    expect(dispersion(busy.b)).toBeGreaterThan(40);
    // A busy day is busy everywhere: the two streams' daily counts move together.
    const ma = mean(busy.a);
    const mb = mean(busy.b);
    let cov = 0;
    busy.a.forEach((x, d) => (cov += (x - ma) * (busy.b[d] - mb)));
    const correlation = cov / (busy.a.length - 1) / Math.sqrt(variance(busy.a) * variance(busy.b));
    expect(correlation).toBeGreaterThan(0.9);

    // Drawn for day 0, 1, 2... in order: a shorter horizon sees the same first days, and the
    // draws depend on the replication.
    const mods: DemandModifiers = { growthPerYear: 0, dayCv: 0.5, days: [] };
    const long = demandDayFactors(mods, context(120, 3))!;
    const short = demandDayFactors(mods, context(10, 3))!;
    expect(Array.from(short)).toEqual(Array.from(long.subarray(0, short.length)));
    expect(Array.from(demandDayFactors(mods, context(10, 4))!)).not.toEqual(Array.from(short));
    expect(demandDayFactors(NO_MODIFIERS, context(10))).toBeNull();
  });

  it('is deterministic for a seed and replication', () => {
    const s = scenario({
      demand: [stream('a', { type: 'weekly', perWeek: 500, hourOfWeek: BUSINESS })],
      demandModifiers: { growthPerYear: 0.1, dayCv: 0.3, days: [{ date: '2026-01-08', multiplier: 1.8, label: 'release' }] },
    });
    const once = (): number[] => {
      const ctx = context(21, 5);
      return arrivalsOf(resolveDemand(s, ctx)[0], ctx);
    };
    expect(once()).toEqual(once());
  });
});

describe('resolveDemand: incidents, deflection, traces', () => {
  const outage: Incident = {
    name: 'outage',
    start: '2026-01-06T10:00',
    durationHours: 3,
    tickets: 300,
    priorityMix: { P2: 3, P1: 1, P4: 0 },
    channel: 'phone',
    category: 'network',
    segment: 'enterprise',
    entryTier: 'L2',
    handleTime: { type: 'lognormal', mean: 30, cv: 0.5 },
  };

  it('an incident bursts inside its window only, split by the priority mix, untouched by day multipliers', () => {
    const s = scenario({
      demand: [stream('email-P3', { type: 'poisson', perHour: 1 })],
      incidents: [outage],
      demandModifiers: { growthPerYear: 0, dayCv: 0.4, days: [{ date: '2026-01-06', multiplier: 0, label: 'holiday' }] },
    });
    const ctx0 = context(7);
    const streams = resolveDemand(s, ctx0);
    expect(streams.map((x) => x.name)).toEqual(['email-P3', 'incident:outage:P1', 'incident:outage:P2']);
    const p1 = streams[1];
    expect(p1).toMatchObject({
      priority: 'P1',
      channel: 'phone',
      category: 'network',
      segment: 'enterprise',
      entryTier: 'L2',
      handleTime: outage.handleTime,
      touches: { count: { type: 'fixed', value: 1 }, followUp: outage.handleTime, customerDelay: { type: 'exponential', mean: 240 } },
      complexity: {},
      patience: null,
      deflectShare: 0,
    });
    const from = DAY + 600;
    const to = from + 180;
    const totals = [0, 0];
    const reps = 40;
    for (let r = 0; r < reps; r++) {
      const ctx = context(7, r);
      const [, a, b] = resolveDemand(s, ctx);
      [a, b].forEach((x, k) => {
        const times = arrivalsOf(x, ctx);
        expect(times.every((t) => t >= from && t < to)).toBe(true);
        totals[k] += times.length;
      });
    }
    for (const [k, share] of [[0, 0.25], [1, 0.75]] as const) {
      const expected = 300 * share * reps;
      expect(Math.abs(totals[k] - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });

  it('clips incident windows to [0, end)', () => {
    const early = { ...outage, name: 'early', start: '2026-01-04T23:00', durationHours: 2, tickets: 200, priorityMix: { P1: 1 } };
    const late = { ...outage, name: 'late', start: '2026-01-07T23:00', durationHours: 2, tickets: 200, priorityMix: { P1: 1 } };
    const gone = { ...outage, name: 'gone', start: '2025-12-01T00:00', priorityMix: { P1: 1 } };
    const s = scenario({ incidents: [early, late, gone] });
    const totals = [0, 0, 0];
    const reps = 40;
    for (let r = 0; r < reps; r++) {
      const ctx = context(3, r); // ends 2026-01-08 00:00
      resolveDemand(s, ctx).forEach((x, k) => {
        const times = arrivalsOf(x, ctx);
        expect(times.every((t) => t >= 0 && t < ctx.end)).toBe(true);
        if (k === 0) expect(times.every((t) => t < 60)).toBe(true);
        if (k === 1) expect(times.every((t) => t >= ctx.end - 60)).toBe(true);
        totals[k] += times.length;
      });
    }
    expect(Math.abs(totals[0] - 100 * reps)).toBeLessThan(4 * Math.sqrt(100 * reps));
    expect(Math.abs(totals[1] - 100 * reps)).toBeLessThan(4 * Math.sqrt(100 * reps));
    expect(totals[2]).toBe(0);
  });

  it('deflection: resolveDemand only reports the share; the arrivals are not thinned', () => {
    const demand = [stream('billing', { type: 'poisson', perHour: 5 }, 'billing'), stream('other', { type: 'poisson', perHour: 5 })];
    const plain = scenario({ demand });
    const deflected = scenario({ demand, deflection: [{ category: 'billing', share: 0.3 }] });
    const ctx = context(7, 2);
    const a = resolveDemand(plain, ctx);
    const b = resolveDemand(deflected, ctx);
    expect(a.map((x) => x.deflectShare)).toEqual([0, 0]);
    expect(b.map((x) => x.deflectShare)).toEqual([0.3, 0]);
    expect(arrivalsOf(b[0], ctx)).toEqual(arrivalsOf(a[0], ctx));
  });

  it('a trace replays its instants exactly: sorted, duplicates kept, before 0 and from the end on dropped', () => {
    const minutes = [500, 1, 1, 3 * DAY, 20.25, -2, 3 * DAY - 0.5];
    const s = scenario({ demand: [stream('replay', { type: 'trace', minutes })] });
    const ctx = context(3);
    const [replay] = resolveDemand(s, ctx);
    expect(arrivalsOf(replay, ctx)).toEqual([1, 1, 20.25, 500, 3 * DAY - 0.5]);
    expect(minutes).toEqual([500, 1, 1, 3 * DAY, 20.25, -2, 3 * DAY - 0.5]); // not sorted in place
    expect(expectedArrivals({ type: 'trace', minutes }, ctx.end)).toBe(minutes.length);
  });
});

describe('parseTraceCsv', () => {
  const startEpochMs = parseLocalDateTime(START, NY);
  const opts = { startEpochMs, timeZone: NY };

  it('reads a good file into sorted minutes since the start', () => {
    const csv = 'id,created,priority\n1,2026-01-05 10:00,P3\n2,2026-01-05T09:30:30,P2\n3,2026-01-06 00:00:00,P1\n';
    expect(parseTraceCsv(csv, opts)).toEqual({ minutes: [570.5, 600, 1440], droppedBeforeStart: 0 });
  });

  it('local times versus Z and offsets; CRLF; a named column, matched case-insensitively', () => {
    const csv = 'Opened_At,id\r\n2026-01-05 10:00,1\r\n2026-01-05T15:00:00Z,2\r\n2026-01-05T16:00+01:00,3\r\n2026-01-05T15:00:00.500Z,4\r\n';
    const { minutes } = parseTraceCsv(csv, { ...opts, column: 'opened_at' });
    expect(minutes.slice(0, 3)).toEqual([600, 600, 600]);
    expect(minutes[3]).toBeCloseTo(600 + 0.5 / 60, 9);
  });

  it('DST days: a spring-forward gap maps forward, an ambiguous fall-back time takes the first instant', () => {
    const start = parseLocalDateTime('2026-03-08T00:00', NY); // 05:00Z
    const csv = 'created\n2026-03-08 01:30\n2026-03-08 03:30\n2026-03-08 02:30\n';
    expect(parseTraceCsv(csv, { startEpochMs: start, timeZone: NY }).minutes).toEqual([90, 150, 150]);
    const autumn = parseLocalDateTime('2026-11-01T00:00', NY); // 04:00Z
    expect(parseTraceCsv('created\n2026-11-01 01:30\n2026-11-01 02:30\n', { startEpochMs: autumn, timeZone: NY }).minutes).toEqual([90, 210]);
  });

  it('agrees with parseLocalDateTime for times all over a year, in zones with odd transitions', () => {
    for (const zone of [NY, 'Australia/Lord_Howe', 'Europe/London']) {
      const start = parseLocalDateTime('2026-01-01T00:00', zone);
      const u = createStream(SEED, 0, `trace-times:${zone}`);
      const texts: string[] = [];
      for (let i = 0; i < 3000; i++) {
        const p = localParts(zone, start + Math.floor(u() * 365 * 86_400) * 1000);
        const pad = (n: number): string => String(n).padStart(2, '0');
        texts.push(`${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`);
      }
      // Include each transition hour of the year, minute by minute.
      for (const text of ['2026-03-08', '2026-11-01', '2026-04-05', '2026-10-04', '2026-03-29', '2026-10-25']) {
        for (let m = 0; m < 180; m += 7) texts.push(`${text} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
      }
      const { minutes } = parseTraceCsv(`created\n${texts.join('\n')}\n`, { startEpochMs: start, timeZone: zone });
      const direct = texts.map((t) => (parseLocalDateTime(t.replace(' ', 'T'), zone) - start) / 60_000).sort((a, b) => a - b);
      expect(minutes, zone).toEqual(direct);
    }
  });

  it('plain numbers are minutes since the start; rows before the start are dropped and counted', () => {
    const csv = 'created\n12.5\n-3\n1e2\n2026-01-04 23:00\n0\n';
    expect(parseTraceCsv(csv, opts)).toEqual({ minutes: [0, 12.5, 100], droppedBeforeStart: 2 });
  });

  it('quoted fields with commas, doubled quotes and newlines; blank lines skipped', () => {
    const csv = [
      'id,subject,created',
      '1,"Hello, world",2026-01-05 10:00',
      '',
      '2,"say ""hi"", ok","2026-01-05 11:00"',
      '3,"two',
      'lines",2026-01-05 12:00',
      '   ',
      '4,plain, 2026-01-05 13:00 ',
    ].join('\n');
    expect(parseTraceCsv(csv, opts).minutes).toEqual([600, 660, 720, 780]);
    // Rows count lines as an editor shows them, blank ones included: the bad value is on line 8.
    const bad = csv.replace('2026-01-05 13:00', '2026-01-05 25:00');
    expect(() => parseTraceCsv(bad, opts)).toThrow(/row 8, column 'created'.*'2026-01-05 25:00'/);
  });

  it('errors name the row, the column and the bad value', () => {
    expect(() => parseTraceCsv('id,created\n1,2026-01-05 10:00\n2,2026-13-01 10:00\n', opts)).toThrow(
      /row 3, column 'created': cannot read '2026-13-01 10:00'/,
    );
    expect(() => parseTraceCsv('id,created\n1,yesterday\n', opts)).toThrow(/row 2, column 'created': cannot read 'yesterday'/);
    expect(() => parseTraceCsv('id,created\n1,\n', opts)).toThrow(/row 2, column 'created': empty value/);
    expect(() => parseTraceCsv('id,created\n1\n', opts)).toThrow(/row 2, column 'created': missing value/);
    expect(() => parseTraceCsv('id,created\n1,"2026-01-05 10:00\n', opts)).toThrow(/row 2: unterminated quoted field/);
  });

  it('a missing column is named, with the columns there are', () => {
    expect(() => parseTraceCsv('id,opened\n1,2026-01-05 10:00\n', opts)).toThrow(/column 'created' not found.*'id', 'opened'/);
    expect(() => parseTraceCsv('id,created\n1,0\n', { ...opts, column: 'when' })).toThrow(/column 'when' not found/);
  });

  it('an empty file is an error; a header alone is an empty trace', () => {
    expect(() => parseTraceCsv('', opts)).toThrow(/empty file/);
    expect(() => parseTraceCsv('\n \n\r\n', opts)).toThrow(/empty file/);
    expect(parseTraceCsv('\uFEFFcreated\n', opts)).toEqual({ minutes: [], droppedBeforeStart: 0 });
  });
});

describe('resolveTraceFiles', () => {
  const files = new Map([
    ['logs/email.csv', 'id,created\n1,2026-01-05 10:00\n2,2026-01-05 08:00\n'],
    ['chat.csv', 'ts\n2026-02-01T00:00Z\n'],
    ['broken.csv', 'id,created\n1,2026-01-05 10:00\n2,soon\n'],
  ]);
  const read = (file: string): string => {
    const text = files.get(file);
    if (text === undefined) throw new Error(`ENOENT: no such file '${file}'`);
    return text;
  };

  it('replaces trace files by minutes and leaves everything else alone', () => {
    const raw = {
      name: 'x',
      start: '2026-01-05T06:00',
      timeZone: NY,
      demand: [
        { name: 'email', arrivals: { type: 'trace', file: 'logs/email.csv' }, priority: 'P3' },
        { name: 'phone', arrivals: { type: 'poisson', perHour: 3 } },
        { name: 'chat', arrivals: { type: 'trace', file: 'chat.csv', column: 'ts' } },
        { name: 'given', arrivals: { type: 'trace', minutes: [1, 2] } },
      ],
    };
    const copy = structuredClone(raw);
    const out = resolveTraceFiles(raw, read) as typeof raw;
    expect(raw).toEqual(copy); // not mutated
    expect(out.demand[0]).toEqual({ name: 'email', arrivals: { type: 'trace', minutes: [120, 240] }, priority: 'P3' });
    expect(out.demand[1]).toBe(raw.demand[1]);
    // 2026-02-01 00:00Z = 2026-01-31 19:00 EST: 26 days and 13 hours after the start.
    expect(out.demand[2].arrivals).toEqual({ type: 'trace', minutes: [26 * DAY + 13 * 60] });
    expect(out.demand[3]).toBe(raw.demand[3]);
  });

  it("uses the defaults '2026-01-05T00:00' and New York when start and zone are absent", () => {
    const out = resolveTraceFiles({ demand: [{ name: 'email', arrivals: { type: 'trace', file: 'logs/email.csv' } }] }, read) as {
      demand: Array<{ arrivals: unknown }>;
    };
    expect(out.demand[0].arrivals).toEqual({ type: 'trace', minutes: [480, 600] });
  });

  it('errors name the stream and the file', () => {
    const one = (arrivals: unknown): unknown => resolveTraceFiles({ demand: [{ name: 'email', arrivals }] }, read);
    expect(() => one({ type: 'trace', file: 'missing.csv' })).toThrow(/stream 'email'.*'missing\.csv'.*ENOENT/);
    expect(() => one({ type: 'trace', file: 'broken.csv' })).toThrow(/stream 'email'.*'broken\.csv'.*row 3, column 'created'.*'soon'/);
    expect(() => one({ type: 'trace', file: 'chat.csv' })).toThrow(/stream 'email'.*'chat\.csv'.*column 'created' not found/);
    expect(() => one({ type: 'trace', file: 42 })).toThrow(/stream 'email'.*42/);
    expect(() => resolveTraceFiles({ timeZone: 'Mars/Base', demand: [{ name: 'm', arrivals: { type: 'trace', file: 'chat.csv' } }] }, read)).toThrow(
      /stream 'm'.*'chat\.csv'.*Unknown time zone/,
    );
  });

  it('passes through anything that is not a scenario with demand', () => {
    expect(resolveTraceFiles(null, read)).toBeNull();
    expect(resolveTraceFiles('x', read)).toBe('x');
  });
});
