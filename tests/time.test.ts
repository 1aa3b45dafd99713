import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatLocal,
  isValidTimeZone,
  localParts,
  parseLocalDateTime,
  utcOffsetMinutes,
} from '../sim/time/zone.js';
import { hourOfWeekTable, segmentAt, type HourOfWeekTable } from '../sim/time/hourOfWeek.js';

const NY = 'America/New_York';
const utc = (iso: string): number => Date.parse(iso);

/** Segment lengths in minutes, the last one running to the horizon. */
function lengths(table: HourOfWeekTable, horizon: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < table.count; i++) {
    out.push((i + 1 < table.count ? table.starts[i + 1] : horizon) - table.starts[i]);
  }
  return out;
}

function expectWellFormed(table: HourOfWeekTable, horizon: number): void {
  expect(table.starts.length).toBe(table.count);
  expect(table.hourOfWeek.length).toBe(table.count);
  expect(table.starts[0]).toBe(0);
  // One assertion per table, not per segment: a year has ~8,760 of them.
  expect(lengths(table, horizon).filter((len) => !(len > 0))).toEqual([]);
  expect(Array.from(table.hourOfWeek).filter((h) => h >= 168)).toEqual([]);
}

describe('isValidTimeZone', () => {
  it('accepts IANA names and rejects junk', () => {
    expect(isValidTimeZone(NY)).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('utcOffsetMinutes', () => {
  it('New York winter and summer', () => {
    expect(utcOffsetMinutes(NY, utc('2026-01-15T12:00:00Z'))).toBe(-300);
    expect(utcOffsetMinutes(NY, utc('2026-07-15T12:00:00Z'))).toBe(-240);
  });
  it('fractional-hour zones and UTC', () => {
    expect(utcOffsetMinutes('Asia/Kolkata', utc('2026-01-15T12:00:00Z'))).toBe(330);
    expect(utcOffsetMinutes('Asia/Kathmandu', utc('2026-01-15T12:00:00Z'))).toBe(345);
    // Lord Howe moves by 30 minutes: +10:30 in (southern) winter, +11:00 in summer.
    expect(utcOffsetMinutes('Australia/Lord_Howe', utc('2026-07-15T12:00:00Z'))).toBe(630);
    expect(utcOffsetMinutes('Australia/Lord_Howe', utc('2026-01-15T12:00:00Z'))).toBe(660);
    expect(utcOffsetMinutes('UTC', utc('2026-07-15T12:34:56.789Z'))).toBe(0);
  });
  it('changes exactly at the New York transition instants', () => {
    expect(utcOffsetMinutes(NY, utc('2026-03-08T06:59:59Z'))).toBe(-300);
    expect(utcOffsetMinutes(NY, utc('2026-03-08T07:00:00Z'))).toBe(-240);
    expect(utcOffsetMinutes(NY, utc('2026-11-01T05:59:59Z'))).toBe(-240);
    expect(utcOffsetMinutes(NY, utc('2026-11-01T06:00:00Z'))).toBe(-300);
  });
  it('throws on an unknown zone', () => {
    expect(() => utcOffsetMinutes('Nowhere/Special', 0)).toThrow(/Unknown time zone 'Nowhere\/Special'/);
  });
});

describe('localParts and formatLocal', () => {
  it('reports Monday-based weekdays', () => {
    expect(localParts(NY, parseLocalDateTime('2026-11-22T10:00', NY)).weekday).toBe(6);
    expect(localParts(NY, parseLocalDateTime('2026-01-05T10:00', NY)).weekday).toBe(0);
    // 03:00 UTC on a Monday is still Sunday evening in New York.
    expect(localParts(NY, utc('2026-01-05T03:00:00Z'))).toEqual({
      year: 2026, month: 1, day: 4, weekday: 6, hour: 22, minute: 0, second: 0,
    });
  });
  it('shows midnight as hour 0', () => {
    expect(localParts('UTC', utc('2026-01-05T00:00:00Z')).hour).toBe(0);
  });
  it('formats as YYYY-MM-DD HH:MM', () => {
    expect(formatLocal(NY, utc('2026-03-08T07:00:00Z'))).toBe('2026-03-08 03:00');
    expect(formatLocal('Asia/Kolkata', utc('2026-01-01T00:00:00Z'))).toBe('2026-01-01 05:30');
  });
});

describe('parseLocalDateTime', () => {
  it('reads wall time in the zone', () => {
    expect(parseLocalDateTime('2026-01-05T09:00', NY)).toBe(utc('2026-01-05T14:00:00Z'));
    expect(parseLocalDateTime('2026-07-01T09:15:30', NY)).toBe(utc('2026-07-01T13:15:30Z'));
    expect(parseLocalDateTime('2026-01-05T09:00', 'Asia/Kolkata')).toBe(utc('2026-01-05T03:30:00Z'));
  });
  it('lets an explicit Z or offset win over the zone', () => {
    expect(parseLocalDateTime('2026-01-05T09:00Z', NY)).toBe(utc('2026-01-05T09:00:00Z'));
    expect(parseLocalDateTime('2026-01-05T09:00:00+05:30', NY)).toBe(utc('2026-01-05T03:30:00Z'));
    expect(parseLocalDateTime('2026-01-05T09:00-03:00', 'UTC')).toBe(utc('2026-01-05T12:00:00Z'));
    expect(parseLocalDateTime('2026-01-05T09:00:00.250Z', NY)).toBe(utc('2026-01-05T09:00:00.250Z'));
  });
  it('moves a spring-forward gap time forward by the gap', () => {
    const t = parseLocalDateTime('2026-03-08T02:30', NY);
    expect(t).toBe(utc('2026-03-08T07:30:00Z'));
    expect(formatLocal(NY, t)).toBe('2026-03-08 03:30');
  });
  it('takes the earlier (daylight) instant of a fall-back ambiguity', () => {
    const t = parseLocalDateTime('2026-11-01T01:30', NY);
    expect(t).toBe(utc('2026-11-01T05:30:00Z'));
    expect(utcOffsetMinutes(NY, t)).toBe(-240);
    // Just outside the repeated hour there is one reading only.
    expect(parseLocalDateTime('2026-11-01T02:00', NY)).toBe(utc('2026-11-01T07:00:00Z'));
    expect(parseLocalDateTime('2026-11-01T00:59', NY)).toBe(utc('2026-11-01T04:59:00Z'));
  });
  it('handles the 30-minute Lord Howe gap', () => {
    // 2026-10-04 02:00 LHST (+10:30) jumps to 02:30 LHDT (+11:00).
    const t = parseLocalDateTime('2026-10-04T02:15', 'Australia/Lord_Howe');
    expect(formatLocal('Australia/Lord_Howe', t)).toBe('2026-10-04 02:45');
  });
  it('round-trips ordinary wall times', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 366 * 24 * 60 - 1 }), (m) => {
        const t = utc('2026-01-01T00:00:00Z') + m * 60_000;
        const p = localParts(NY, t);
        const pad = (n: number): string => String(n).padStart(2, '0');
        const text = `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
        const back = parseLocalDateTime(text, NY);
        // Inside the repeated hour the earlier reading wins, so the standard-time copy maps back an hour.
        const repeated = t >= utc('2026-11-01T06:00:00Z') && t < utc('2026-11-01T07:00:00Z');
        expect(back).toBe(repeated ? t - 3_600_000 : t);
      }),
      { numRuns: 300 },
    );
  });
  it('throws on malformed strings', () => {
    for (const bad of [
      '',
      '2026-01-05',
      '2026-01-05 09:00',
      '2026-1-5T09:00',
      '2026-13-01T00:00',
      '2026-02-29T00:00',
      '2026-01-05T24:00',
      '2026-01-05T09:60',
      '2026-01-05T09:00:61',
      '2026-01-05T09:00+5:30',
      '2026-01-05T09:00+05:99',
      'next tuesday',
    ]) {
      expect(() => parseLocalDateTime(bad, NY), bad).toThrow(/Malformed date-time/);
    }
    expect(() => parseLocalDateTime('2028-02-29T00:00', NY)).not.toThrow();
  });
  it('throws on an unknown zone, even with an explicit offset', () => {
    expect(() => parseLocalDateTime('2026-01-05T09:00', 'Nowhere/Special')).toThrow(/Unknown time zone/);
    expect(() => parseLocalDateTime('2026-01-05T09:00Z', 'Nowhere/Special')).toThrow(/Unknown time zone/);
  });
});

describe('hourOfWeekTable', () => {
  const WEEK = 7 * 24 * 60;

  it('an ordinary New York week is 168 one-hour segments from Monday 00:00', () => {
    const table = hourOfWeekTable(parseLocalDateTime('2026-01-05T00:00', NY), NY, WEEK);
    expectWellFormed(table, WEEK);
    expect(table.count).toBe(168);
    expect(lengths(table, WEEK).every((l) => l === 60)).toBe(true);
    expect(Array.from(table.hourOfWeek)).toEqual(Array.from({ length: 168 }, (_, i) => i));
    expect(Array.from(table.starts)).toEqual(Array.from({ length: 168 }, (_, i) => i * 60));
  });

  it('the spring-forward week has 167 segments and no Sunday 02:00', () => {
    const start = parseLocalDateTime('2026-03-02T00:00', NY);
    const table = hourOfWeekTable(start, NY, WEEK - 60); // the local week is an hour short
    expectWellFormed(table, WEEK - 60);
    expect(table.count).toBe(167);
    const hours = Array.from(table.hourOfWeek);
    const sun = 6 * 24;
    expect(hours).not.toContain(sun + 2);
    const i = hours.indexOf(sun + 1);
    expect(hours[i + 1]).toBe(sun + 3);
    expect(table.starts[i + 1] - table.starts[i]).toBe(60);
    expect(formatLocal(NY, start + table.starts[i + 1] * 60_000)).toBe('2026-03-08 03:00');
    expect(lengths(table, WEEK - 60).every((l) => l === 60)).toBe(true);
  });

  it('the fall-back week has 169 segments with Sunday 01:00 twice', () => {
    const start = parseLocalDateTime('2026-10-26T00:00', NY);
    const table = hourOfWeekTable(start, NY, WEEK + 60);
    expectWellFormed(table, WEEK + 60);
    expect(table.count).toBe(169);
    const hours = Array.from(table.hourOfWeek);
    const sun = 6 * 24;
    expect(hours.filter((h) => h === sun + 1)).toHaveLength(2);
    const i = hours.indexOf(sun + 1);
    expect(hours.slice(i - 1, i + 3)).toEqual([sun, sun + 1, sun + 1, sun + 2]);
    expect(utcOffsetMinutes(NY, start + table.starts[i] * 60_000)).toBe(-240);
    expect(utcOffsetMinutes(NY, start + table.starts[i + 1] * 60_000)).toBe(-300);
    expect(lengths(table, WEEK + 60).every((l) => l === 60)).toBe(true);
  });

  it('a start in the middle of an hour gives a short first segment', () => {
    const table = hourOfWeekTable(parseLocalDateTime('2026-01-05T08:30', NY), NY, 180);
    expect(Array.from(table.starts)).toEqual([0, 30, 90, 150]);
    expect(Array.from(table.hourOfWeek)).toEqual([8, 9, 10, 11]);
  });

  it('Asia/Kolkata boundaries fall at :30 UTC', () => {
    const start = utc('2026-01-05T00:00:00Z'); // 05:30 Monday local
    const table = hourOfWeekTable(start, 'Asia/Kolkata', 24 * 60);
    expectWellFormed(table, 24 * 60);
    expect(table.count).toBe(25);
    expect(table.starts[1]).toBe(30);
    expect(table.hourOfWeek[0]).toBe(5);
    expect(table.hourOfWeek[1]).toBe(6);
    for (let i = 1; i < table.count; i++) {
      expect(new Date(start + table.starts[i] * 60_000).getUTCMinutes()).toBe(30);
    }
  });

  it('Lord Howe half-hour DST: a 30-minute 02:00 hour in spring, a 90-minute 01:00 hour in autumn', () => {
    const LH = 'Australia/Lord_Howe';
    const spring = hourOfWeekTable(parseLocalDateTime('2026-10-04T00:00', LH), LH, 24 * 60 - 30);
    const sl = lengths(spring, 24 * 60 - 30);
    expect(Array.from(spring.hourOfWeek.slice(0, 4))).toEqual([144, 145, 146, 147]);
    expect(sl.slice(0, 4)).toEqual([60, 60, 30, 60]);
    expect(spring.count).toBe(24);

    const autumn = hourOfWeekTable(parseLocalDateTime('2026-04-05T00:00', LH), LH, 24 * 60 + 30);
    const al = lengths(autumn, 24 * 60 + 30);
    expect(Array.from(autumn.hourOfWeek.slice(0, 3))).toEqual([144, 145, 146]);
    expect(al.slice(0, 3)).toEqual([60, 90, 60]);
    expect(autumn.count).toBe(24);
  });

  it('zero horizon gives one empty segment; bad input throws', () => {
    const table = hourOfWeekTable(0, 'UTC', 0);
    expect(table.count).toBe(1);
    expect(() => hourOfWeekTable(0, 'UTC', -1)).toThrow(RangeError);
    expect(() => hourOfWeekTable(0, 'Nowhere/Special', 60)).toThrow(/Unknown time zone/);
  });

  it('segmentAt finds the containing segment and clamps outside the table', () => {
    const table = hourOfWeekTable(parseLocalDateTime('2026-01-05T08:30', NY), NY, 180);
    expect(segmentAt(table, 0)).toBe(0);
    expect(segmentAt(table, 29.999)).toBe(0);
    expect(segmentAt(table, 30)).toBe(1);
    expect(segmentAt(table, 179)).toBe(3);
    expect(segmentAt(table, -5)).toBe(0);
    expect(segmentAt(table, 1e9)).toBe(3);
  });

  describe('over a year in several zones', () => {
    const zones = [NY, 'Europe/London', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC'];
    const horizon = 365 * 24 * 60;
    const start = utc('2026-01-01T00:00:00Z') + 17 * 60_000; // not on any local hour
    const tables = new Map(zones.map((z) => [z, hourOfWeekTable(start, z, horizon)] as const));

    it('segments are contiguous and cover [0, horizon)', () => {
      for (const [zone, table] of tables) {
        expectWellFormed(table, horizon);
        expect(table.count, zone).toBeGreaterThan(8750);
        expect(table.count, zone).toBeLessThan(8770);
        expect(table.starts[table.count - 1]).toBeLessThan(horizon);
      }
    });

    it('agrees with localParts at random instants', () => {
      const zone = fc.constantFrom(...zones);
      const t = fc.double({ min: 0, max: horizon, maxExcluded: true, noNaN: true });
      fc.assert(
        fc.property(zone, t, (z, tm) => {
          const table = tables.get(z)!;
          const p = localParts(z, start + tm * 60_000);
          const how = table.hourOfWeek[segmentAt(table, tm)];
          expect(Math.floor(how / 24)).toBe(p.weekday);
          expect(how % 24).toBe(p.hour);
        }),
        { numRuns: 2000 },
      );
    });

    it('agrees with localParts just either side of every boundary', () => {
      for (const [z, table] of tables) {
        for (let i = 1; i < table.count; i++) {
          for (const [tm, seg] of [[table.starts[i], i], [table.starts[i] - 1 / 60_000, i - 1]] as const) {
            const p = localParts(z, start + tm * 60_000);
            const how = table.hourOfWeek[seg];
            if (Math.floor(how / 24) !== p.weekday || how % 24 !== p.hour) {
              expect.fail(`${z} segment ${seg} at t=${tm}: table ${how}, local ${JSON.stringify(p)}`);
            }
          }
        }
      }
    });
  });
});
