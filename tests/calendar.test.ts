import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildCalendar,
  Calendar,
  openIntervals,
  windowOccurrences,
  WEEKDAYS,
  type CalendarSpec,
  type Weekday,
} from '../sim/model/calendar.js';
import { parseLocalDateTime } from '../sim/time/zone.js';

const NY = 'America/New_York';
const DAY = 1440;
const WEEKDAYS_ONLY: Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
const officeNY: CalendarSpec = { timeZone: NY, weekly: [{ days: WEEKDAYS_ONLY, from: '08:00', to: '17:00' }] };

/** Simulation minute of a New York wall time, for cross-checking the hand-computed values. */
const simAt = (local: string, startEpochMs: number, zone = NY): number =>
  (parseLocalDateTime(local, zone) - startEpochMs) / 60_000;

const pairs = (x: { opens: Float64Array; closes: Float64Array }): [number, number][] =>
  Array.from(x.opens, (o, i) => [o, x.closes[i]]);

describe('Mon-Fri 08:00-17:00 New York across the spring-forward weekend', () => {
  // Start: Monday 2026-03-02 00:00 EST. Until Sunday 2026-03-08 02:00 EST the simulation
  // minute is plain wall minutes since the start; from 03:00 EDT on it is wall minutes - 60.
  const start = parseLocalDateTime('2026-03-02T00:00', NY);
  const cal = buildCalendar(officeNY, start, 28 * DAY);

  it('starts at the right instant', () => {
    // 00:00 EST = 05:00 UTC.
    expect(start).toBe(Date.parse('2026-03-02T05:00:00Z'));
  });

  it('isOpen / nextOpen / nextClose on Monday', () => {
    // Mon 08:00 = 8 * 60 = 480; Mon 17:00 = 17 * 60 = 1020.
    expect(cal.isOpen(0)).toBe(false);
    expect(cal.isOpen(479.5)).toBe(false);
    expect(cal.isOpen(480)).toBe(true); // opens are inclusive
    expect(cal.isOpen(1019.9)).toBe(true);
    expect(cal.isOpen(1020)).toBe(false); // closes are exclusive
    expect(cal.nextOpen(0)).toBe(480);
    expect(cal.nextOpen(600)).toBe(600); // already open
    expect(cal.nextClose(0)).toBe(1020); // closed: the end of the next interval
    expect(cal.nextClose(600)).toBe(1020);
    // Closed at Mon 17:00: the next interval is Tue 08:00-17:00 = 1440 + 480 .. 1440 + 1020.
    expect(cal.nextOpen(1020)).toBe(1920);
    expect(cal.nextClose(1020)).toBe(2460);
    expect(cal.intervals).toBe(20); // 4 weeks x 5 days
  });

  it('a ticket at Friday 17:30 waits over the DST weekend to Monday 08:00 EDT', () => {
    // Fri 2026-03-06 17:30 EST = 4 days + 17.5 h = 4 * 1440 + 1050 = 6810.
    const fri = 4 * DAY + 1050;
    expect(simAt('2026-03-06T17:30', start)).toBe(fri);
    // Mon 2026-03-09 08:00 EDT: wall 7 * 1440 + 480 = 10560, minus the hour Sunday lost = 10500.
    const mon8 = 7 * DAY + 480 - 60;
    expect(simAt('2026-03-09T08:00', start)).toBe(mon8);
    expect(cal.isOpen(fri)).toBe(false);
    expect(cal.nextOpen(fri)).toBe(mon8);
    // Real minutes waited: wall Fri 17:30 -> Mon 08:00 is 62.5 h, one of which never happened:
    // 61.5 h = 3690 min.
    expect(cal.nextOpen(fri) - fri).toBe(3690);
    // 60 business minutes: all of Monday 08:00-09:00 EDT = 10500 + 60 = 10560.
    expect(cal.addBusinessMinutes(fri, 60)).toBe(10560);
    expect(cal.addBusinessMinutes(fri, 0)).toBe(fri); // 0 returns t, even when closed
    // Friday 16:30 + 60 business minutes: 30 left on Friday, 30 on Monday -> Mon 08:30 EDT = 10530.
    expect(cal.addBusinessMinutes(4 * DAY + 990, 60)).toBe(10530);
    // Exactly the rest of Friday: the deadline is Friday's close, 4 * 1440 + 1020 = 6780.
    expect(cal.addBusinessMinutes(4 * DAY + 990, 30)).toBe(6780);
  });

  it('counts 45 h = 2700 business minutes per week, DST weekend included', () => {
    // Week 1: Mon 00:00 (0) to next Mon 00:00 EDT (7 * 1440 - 60 = 10020): 5 x 9 h = 2700.
    expect(cal.businessMinutesBetween(0, 7 * DAY - 60)).toBe(2700);
    // Wed 2026-03-04 00:00 (2 * 1440 = 2880) to Wed 2026-03-11 00:00 EDT (wall day 9:
    // 9 * 1440 - 60 = 12900) spans the spring-forward: still five full days.
    expect(simAt('2026-03-11T00:00', start)).toBe(9 * DAY - 60);
    expect(cal.businessMinutesBetween(2 * DAY, 9 * DAY - 60)).toBe(2700);
    // Four weeks.
    expect(cal.businessMinutesBetween(0, 28 * DAY)).toBe(4 * 2700);
    // Mon 12:00 to Tue 10:00: 5 h Monday + 2 h Tuesday = 420.
    expect(cal.businessMinutesBetween(720, DAY + 600)).toBe(420);
    expect(cal.businessMinutesBetween(600, 600)).toBe(0);
    expect(cal.businessMinutesBetween(900, 600)).toBe(0);
  });
});

describe('the fall-back weekend (New York, 2026-11-01)', () => {
  // Start Monday 2026-10-26 00:00 EDT; from Sunday 01:00 EST on, sim minute = wall minutes + 60.
  const start = parseLocalDateTime('2026-10-26T00:00', NY);
  const cal = buildCalendar(officeNY, start, 21 * DAY);

  it('waits 25 extra real hours over the weekend and still counts 2700 a week', () => {
    const fri = 4 * DAY + 1050; // Fri 2026-10-30 17:30 EDT
    const mon8 = 7 * DAY + 480 + 60; // Mon 2026-11-02 08:00 EST: wall 10560 + the repeated hour
    expect(simAt('2026-11-02T08:00', start)).toBe(mon8);
    expect(cal.nextOpen(fri)).toBe(mon8);
    expect(cal.addBusinessMinutes(fri, 60)).toBe(mon8 + 60);
    // Mon 00:00 EDT (0) to Mon 2026-11-02 00:00 EST (7 * 1440 + 60 = 10140), and
    // Wed 2026-10-28 00:00 (2 * 1440) to Wed 2026-11-04 00:00 EST (9 * 1440 + 60 = 13020).
    expect(cal.businessMinutesBetween(0, 7 * DAY + 60)).toBe(2700);
    expect(cal.businessMinutesBetween(2 * DAY, 9 * DAY + 60)).toBe(2700);
  });
});

describe('holidays', () => {
  // Start Monday 2026-06-29 00:00 EDT, no transition for weeks: sim minute = wall minutes.
  const start = parseLocalDateTime('2026-06-29T00:00', NY);
  const cal = buildCalendar({ ...officeNY, holidays: ['2026-07-03'] }, start, 14 * DAY);

  it('a closed Friday removes that day', () => {
    // 4 days x 540 = 2160 in the holiday week; 2700 the week after.
    expect(cal.businessMinutesBetween(0, 7 * DAY)).toBe(2160);
    expect(cal.businessMinutesBetween(7 * DAY, 14 * DAY)).toBe(2700);
    expect(cal.isOpen(4 * DAY + 600)).toBe(false); // Fri 2026-07-03 10:00
  });

  it('a ticket arriving the evening before waits to the next open day', () => {
    const thuEvening = 3 * DAY + 1140; // Thu 2026-07-02 19:00
    const mon8 = 7 * DAY + 480; // Mon 2026-07-06 08:00 = 10560
    expect(cal.nextOpen(thuEvening)).toBe(mon8);
    expect(cal.nextClose(thuEvening)).toBe(7 * DAY + 1020);
    expect(cal.addBusinessMinutes(thuEvening, 30)).toBe(mon8 + 30);
  });

  it('holidays match the day a window starts, not the day it ends', () => {
    // A night shift starting Thu 2026-07-02 22:00 still runs into the holiday until 06:00;
    // the one that would start on the holiday evening does not open.
    const spec: CalendarSpec = { timeZone: NY, weekly: [{ days: WEEKDAYS_ONLY, from: '22:00', to: '06:00' }], holidays: ['2026-07-03'] };
    const occ = pairs(windowOccurrences(spec, start, 7 * DAY));
    // Starts Mon..Thu at d * 1440 + 1320, each 480 long; Friday's is the holiday.
    expect(occ).toEqual([0, 1, 2, 3].map((d) => [d * DAY + 1320, d * DAY + 1800]));
  });
});

describe('windows that cross midnight, 24:00, other zones, overlaps', () => {
  const startUtc = Date.parse('2026-03-02T00:00:00Z'); // a Monday

  it('a 22:00-06:00 night shift every day, clipped at both ends', () => {
    const spec: CalendarSpec = { timeZone: 'UTC', weekly: [{ days: [...WEEKDAYS], from: '22:00', to: '06:00' }] };
    // Sun 22:00 -> Mon 06:00 is [-120, 360), clipped to [0, 360); then d * 1440 + 1320 .. + 1800;
    // the Wed-night one [4200, 4680) is clipped to the 3-day span (4320).
    const expected = [[0, 360], [1320, 1800], [2760, 3240], [4200, 4320]];
    expect(pairs(windowOccurrences(spec, startUtc, 3 * DAY))).toEqual(expected);
    expect(pairs(openIntervals(spec, startUtc, 3 * DAY))).toEqual(expected);
    const cal = buildCalendar(spec, startUtc, 3 * DAY);
    expect(cal.isOpen(0)).toBe(true);
    expect(cal.isOpen(360)).toBe(false);
    expect(cal.nextOpen(360)).toBe(1320);
    expect(cal.nextClose(1400)).toBe(1800);
    // The four clipped pieces: 360 + 480 + 480 + 120 = 1440.
    expect(cal.businessMinutesBetween(0, 3 * DAY)).toBe(1440);
    // The last interval ends at the table edge; asking past it gives Infinity.
    expect(cal.addBusinessMinutes(4300, 20)).toBe(4320);
    expect(cal.addBusinessMinutes(4300, 21)).toBe(Infinity);
    expect(cal.nextOpen(4320)).toBe(Infinity);
    expect(cal.nextClose(4320)).toBe(Infinity);
  });

  it('24:00 ends at midnight; adjacent and overlapping windows merge only in openIntervals', () => {
    const spec: CalendarSpec = {
      timeZone: 'UTC',
      weekly: [
        { days: ['Sat'], from: '18:00', to: '24:00' }, // [5 * 1440 + 1080, 6 * 1440) = [8280, 8640)
        { days: ['Sun'], from: '00:00', to: '02:00' }, // [8640, 8760): adjacent
        { days: ['Mon'], from: '08:00', to: '12:00' }, // [480, 720)
        { days: ['Mon'], from: '11:00', to: '17:00' }, // [660, 1020): overlaps the previous
      ],
    };
    expect(pairs(windowOccurrences(spec, startUtc, 7 * DAY))).toEqual([[480, 720], [660, 1020], [8280, 8640], [8640, 8760]]);
    expect(pairs(openIntervals(spec, startUtc, 7 * DAY))).toEqual([[480, 1020], [8280, 8760]]);
    const cal = buildCalendar(spec, startUtc, 7 * DAY);
    expect(cal.intervals).toBe(2);
    expect(cal.nextClose(8300)).toBe(8760); // Saturday's close at 24:00 is not a real closing
    expect(cal.businessMinutesBetween(0, 7 * DAY)).toBe(540 + 480);
  });

  it('Asia/Kolkata (+5:30)', () => {
    // Start 2026-03-02 00:00 UTC = Mon 05:30 IST. Mon 09:30 IST = 04:00 UTC = 240;
    // Mon 18:00 IST = 12:30 UTC = 750.
    const spec: CalendarSpec = { timeZone: 'Asia/Kolkata', weekly: [{ days: WEEKDAYS_ONLY, from: '09:30', to: '18:00' }] };
    const cal = buildCalendar(spec, startUtc, 7 * DAY);
    expect(cal.nextOpen(0)).toBe(240);
    expect(cal.nextClose(0)).toBe(750);
    expect(cal.businessMinutesBetween(0, 7 * DAY)).toBe(5 * 510);
    // A night shift that started Sun 22:00 IST (16:30 UTC Sunday = -450) is still on at 0 and
    // ends Mon 06:00 IST = 00:30 UTC = 30.
    const night: CalendarSpec = { timeZone: 'Asia/Kolkata', weekly: [{ days: ['Sun'], from: '22:00', to: '06:00' }] };
    expect(pairs(windowOccurrences(night, startUtc, 7 * DAY))).toEqual([[0, 30], [6 * DAY + 990, 7 * DAY]]);
  });

  it('a window inside a spring-forward gap vanishes; one across it is an hour short', () => {
    // Sun 2026-03-08 in New York: 02:00-03:00 does not exist.
    const start = parseLocalDateTime('2026-03-08T00:00', NY);
    const gap: CalendarSpec = { timeZone: NY, weekly: [{ days: ['Sun'], from: '02:30', to: '03:00' }] };
    expect(openIntervals(gap, start, DAY).opens.length).toBe(0);
    // 01:00 EST (60) to 04:00 EDT (wall 240 - 60 = 180): 2 real hours.
    const across: CalendarSpec = { timeZone: NY, weekly: [{ days: ['Sun'], from: '01:00', to: '04:00' }] };
    expect(pairs(openIntervals(across, start, DAY))).toEqual([[60, 180]]);
  });
});

describe('Calendar.always and the constructor', () => {
  it('24x7 is plain arithmetic', () => {
    const cal = Calendar.always(1000);
    expect(cal.intervals).toBe(1);
    expect(cal.isOpen(0)).toBe(true);
    expect(cal.businessMinutesBetween(100, 350)).toBe(250);
    expect(cal.businessMinutesBetween(-50, 2000)).toBe(1000); // clipped to the table
    expect(cal.addBusinessMinutes(100, 250)).toBe(350);
    expect(cal.addBusinessMinutes(100, 12.5)).toBe(112.5);
    expect(cal.addBusinessMinutes(900, 200)).toBe(Infinity);
    expect(cal.nextOpen(42)).toBe(42);
    expect(cal.nextClose(42)).toBe(1000);
  });

  it('merges adjacent intervals and rejects bad tables', () => {
    const cal = new Calendar(Float64Array.of(0, 10), Float64Array.of(10, 20), 30);
    expect(cal.intervals).toBe(1);
    expect(cal.nextClose(5)).toBe(20);
    expect(() => new Calendar(Float64Array.of(0, 5), Float64Array.of(10, 20), 30)).toThrow(/before interval 0 closes/);
    expect(() => new Calendar(Float64Array.of(5), Float64Array.of(5), 30)).toThrow(/empty/);
    expect(() => new Calendar(Float64Array.of(0), Float64Array.of(40), 30)).toThrow(/outside/);
    expect(() => Calendar.always(100).addBusinessMinutes(0, -1)).toThrow(/>= 0/);
  });
});

describe('validation', () => {
  const start = Date.parse('2026-03-02T00:00:00Z');
  const build = (spec: unknown) => () => buildCalendar(spec as CalendarSpec, start, DAY);
  const win = (from: string, to: string, days: string[] = ['Mon']) => ({ timeZone: 'UTC', weekly: [{ days, from, to }] });

  it('rejects malformed times, weekdays, dates and zones', () => {
    expect(build(win('8:00', '17:00'))).toThrow(/malformed time '8:00'/);
    expect(build(win('08:00', '24:30'))).toThrow(/malformed time '24:30'/);
    expect(build(win('08:60', '17:00'))).toThrow(/malformed time '08:60'/);
    expect(build(win('24:00', '06:00'))).toThrow(/malformed time '24:00'/); // only `to` may be 24:00
    expect(build(win('08:00', '17:00', ['Monday']))).toThrow(/unknown weekday 'Monday'/);
    expect(build({ ...win('08:00', '17:00'), holidays: ['2026-02-29'] })).toThrow(/holiday '2026-02-29'/);
    expect(build({ ...win('08:00', '17:00'), holidays: ['2026-7-3'] })).toThrow(/holiday '2026-7-3'/);
    expect(build({ ...win('08:00', '17:00'), timeZone: 'Mars/Olympus_Mons' })).toThrow(/time zone 'Mars\/Olympus_Mons' is unknown/);
    expect(() => buildCalendar(officeNY, start, -1)).toThrow(/spanMinutes/);
    // 2028 is a leap year, so its 29 February is fine.
    expect(build({ ...win('08:00', '17:00'), holidays: ['2028-02-29'] })).not.toThrow();
  });
});

describe('performance', () => {
  it('builds a year of Mon-Fri 08:00-17:00 quickly', () => {
    const start = parseLocalDateTime('2026-01-05T00:00', NY);
    const t0 = performance.now();
    const cal = buildCalendar(officeNY, start, 365 * DAY);
    const ms = performance.now() - t0;
    // 2026-01-05 is a Monday: 52 full weeks plus Monday 2027-01-04.
    expect(cal.intervals).toBe(52 * 5 + 1);
    expect(cal.businessMinutesBetween(0, 365 * DAY)).toBe(261 * 540);
    expect(ms).toBeLessThan(50);
  });
});

describe('properties on random calendars', () => {
  const zones = ['UTC', NY, 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Chatham'];
  const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const windowArb = fc.record({
    days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    from: fc.integer({ min: 0, max: 95 }).map((q) => hhmm(q * 15)),
    to: fc.integer({ min: 1, max: 96 }).map((q) => hhmm(q * 15)),
  });
  // Starts anywhere in 2020-2030 at whole minutes, spans of 3-60 days.
  const setupArb = fc.record({
    zone: fc.constantFrom(...zones),
    weekly: fc.array(windowArb, { minLength: 1, maxLength: 4 }),
    startMin: fc.integer({ min: 26_297_280, max: 32_079_360 }),
    spanDays: fc.integer({ min: 3, max: 60 }),
    holidayDay: fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
  });

  type SetupInput = typeof setupArb extends fc.Arbitrary<infer T> ? T : never;
  type Setup = { cal: Calendar; occ: [number, number][]; span: number };
  function build(s: SetupInput): Setup {
    const start = s.startMin * 60_000;
    const span = s.spanDays * DAY;
    let holidays: string[] | undefined;
    if (s.holidayDay !== undefined) holidays = [new Date(start + s.holidayDay * DAY * 60_000).toISOString().slice(0, 10)];
    const spec: CalendarSpec = { timeZone: s.zone, weekly: s.weekly, holidays };
    return { cal: buildCalendar(spec, start, span), occ: pairs(windowOccurrences(spec, start, span)), span };
  }
  // Points as fractions of the span, a little outside it on both sides.
  const at = (span: number, f: number): number => -100 + f * (span + 200);
  const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 });
  const EPS = 1e-6;

  it('tables are sorted and disjoint, and agree with the occurrences', () => {
    fc.assert(
      fc.property(setupArb, fractions, (s, fs) => {
        const { cal, occ, span } = build(s);
        for (let i = 0; i < cal.intervals; i++) {
          expect(cal.opens[i]).toBeGreaterThanOrEqual(0);
          expect(cal.closes[i]).toBeGreaterThan(cal.opens[i]);
          expect(cal.closes[i]).toBeLessThanOrEqual(span);
          if (i > 0) expect(cal.opens[i]).toBeGreaterThan(cal.closes[i - 1]);
        }
        for (let i = 0; i < occ.length; i++) {
          expect(occ[i][1]).toBeGreaterThan(occ[i][0]);
          expect(occ[i][0]).toBeGreaterThanOrEqual(0);
          expect(occ[i][1]).toBeLessThanOrEqual(span);
          if (i > 0) expect(occ[i][0]).toBeGreaterThanOrEqual(occ[i - 1][0]);
        }
        for (const f of fs) {
          const x = at(span, f);
          expect(cal.isOpen(x)).toBe(occ.some(([o, c]) => o <= x && x < c));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('addBusinessMinutes inverts businessMinutesBetween; between is additive; nextOpen is open', () => {
    fc.assert(
      fc.property(setupArb, fractions, (s, fs) => {
        const { cal, span } = build(s);
        const [a, b, c] = fs.map((f) => at(span, f)).sort((x, y) => x - y);
        const total = cal.businessMinutesBetween(a, c);
        expect(Math.abs(cal.businessMinutesBetween(a, b) + cal.businessMinutesBetween(b, c) - total)).toBeLessThan(EPS);

        // r is the earliest instant by which the same business minutes have elapsed: at c itself,
        // or (when c is closed or just opening) at the close of the last open period before c.
        const r = cal.addBusinessMinutes(a, total);
        expect(r).toBeLessThanOrEqual(c + EPS);
        expect(Math.abs(cal.businessMinutesBetween(a, r) - total)).toBeLessThan(EPS);
        expect(cal.businessMinutesBetween(r, c)).toBeLessThan(EPS);
        if (total > 0 && cal.isOpen(c) && cal.isOpen(c - 1e-3)) expect(Math.abs(r - c)).toBeLessThan(EPS);

        for (const t of [a, b, c]) {
          const n = cal.nextOpen(t);
          expect(n).toBeGreaterThanOrEqual(t);
          if (Number.isFinite(n)) {
            expect(cal.isOpen(n)).toBe(true);
            expect(cal.businessMinutesBetween(t, n)).toBe(0);
            expect(cal.nextClose(t)).toBeGreaterThan(n);
          } else {
            expect(cal.businessMinutesBetween(t, span + 1)).toBe(0);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
