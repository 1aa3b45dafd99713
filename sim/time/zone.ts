/**
 * Time-zone arithmetic on top of Intl.DateTimeFormat.
 *
 * Intl is the one zone database that ships with every runtime the simulator targets (Node,
 * browsers, workers), so no tz data is bundled. Intl only maps instants to wall fields; the
 * other direction (wall time -> instant) and offsets are derived here from that one primitive.
 * Everything is a pure function of its arguments: formatters are cached, nothing reads the clock.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

// One formatter per zone: constructing one costs far more than formatting with it, and the
// hour-of-week builder asks for an offset at every local hour of the horizon.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      // en-US with h23 pins both the field order parsed below and midnight as 00 (not 24);
      // the era keeps years <= 0 distinguishable from their positive mirror images.
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new Error(`Unknown time zone '${timeZone}': expected an IANA name such as 'Europe/Paris'`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall fields [year, month, day, hour, minute, second] of an instant in a zone. */
type Wall = [number, number, number, number, number, number];

const DIGITS = /\d+/g;

function wallFields(timeZone: string, epochMs: number): Wall {
  if (!Number.isFinite(epochMs)) throw new RangeError(`Instant must be a finite number of ms, got ${epochMs}`);
  const f = formatterFor(timeZone);
  // format() is about 4x faster than formatToParts(); the en-US 'M/D/Y AD, H:M:S' shape is
  // read by position, and formatToParts stays as the fallback should an ICU build differ.
  const text = f.format(epochMs);
  const nums = text.match(DIGITS);
  let wall: Wall;
  let bc: boolean;
  if (nums !== null && nums.length === 6) {
    wall = [+nums[2], +nums[0], +nums[1], +nums[3], +nums[4], +nums[5]];
    bc = text.includes('B');
  } else {
    wall = [0, 0, 0, 0, 0, 0];
    bc = false;
    for (const p of f.formatToParts(epochMs)) {
      switch (p.type) {
        case 'year': wall[0] = +p.value; break;
        case 'month': wall[1] = +p.value; break;
        case 'day': wall[2] = +p.value; break;
        case 'hour': wall[3] = +p.value; break;
        case 'minute': wall[4] = +p.value; break;
        case 'second': wall[5] = +p.value; break;
        case 'era': bc = p.value.startsWith('B'); break;
      }
    }
  }
  if (bc) wall[0] = 1 - wall[0];
  // Some older ICU builds print midnight as 24 even with h23.
  if (wall[3] === 24) wall[3] = 0;
  return wall;
}

/** Date.UTC, except that years 0..99 are not taken as 1900..1999. */
function utcFromFields(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (y >= 0 && y < 100) {
    const date = new Date(t);
    date.setUTCFullYear(y);
    return date.getTime();
  }
  return t;
}

/** Offset in ms; formatters show whole seconds, so the instant is floored to its second first. */
function offsetMs(timeZone: string, epochMs: number): number {
  const w = wallFields(timeZone, epochMs);
  return utcFromFields(w[0], w[1], w[2], w[3], w[4], w[5]) - Math.floor(epochMs / 1000) * 1000;
}

/** Offset of local wall time from UTC in minutes at that instant (New York in winter: -300). */
export function utcOffsetMinutes(timeZone: string, epochMs: number): number {
  return offsetMs(timeZone, epochMs) / MINUTE_MS;
}

/** Same as utcOffsetMinutes in ms, for the hour-of-week builder, which works in ms. */
export { offsetMs as utcOffsetMs };

export interface LocalParts {
  year: number;
  month: number /*1-12*/;
  day: number;
  weekday: number /* 0 = Monday .. 6 = Sunday */;
  hour: number;
  minute: number;
  second: number;
}

/** Monday-based weekday of a civil date; derived arithmetically so no weekday names are parsed. */
function weekdayOf(year: number, month: number, day: number): number {
  const days = Math.floor(utcFromFields(year, month, day, 0, 0, 0) / DAY_MS);
  // 1970-01-01 was a Thursday, which is 3 when Monday is 0.
  return (((days + 3) % 7) + 7) % 7;
}

export function localParts(timeZone: string, epochMs: number): LocalParts {
  const [year, month, day, hour, minute, second] = wallFields(timeZone, epochMs);
  return { year, month, day, weekday: weekdayOf(year, month, day), hour, minute, second };
}

const LOCAL_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(utcFromFields(year, month + 1, 0, 0, 0, 0)).getUTCDate();
}

/** Parse 'YYYY-MM-DDTHH:MM[:SS]' as wall time in timeZone (or an ISO string with 'Z' or '+hh:mm' offset, which wins) to epoch ms.
 *  A wall time that does not exist (spring-forward gap) maps forward by the gap (02:30 on the NY spring-forward day -> 03:30 EDT); an ambiguous one (fall-back) takes the first (earlier, daylight) instant. Throws a clear Error on a malformed string or unknown zone. */
export function parseLocalDateTime(text: string, timeZone: string): number {
  // The zone is checked even when an explicit offset makes it unnecessary: a bad zone is a
  // scenario error that should surface here, not later when something else uses it.
  formatterFor(timeZone);
  const m = typeof text === 'string' ? LOCAL_DATE_TIME.exec(text) : null;
  if (m === null) {
    throw new Error(
      `Malformed date-time '${String(text)}': expected 'YYYY-MM-DDTHH:MM[:SS]', optionally followed by 'Z' or '+hh:mm'`,
    );
  }
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  const ms = m[7] === undefined ? 0 : +m[7].padEnd(3, '0');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new Error(`Malformed date-time '${text}': field out of range`);
  }
  const wall = utcFromFields(year, month, day, hour, minute, second, ms);

  const zone = m[8];
  if (zone !== undefined) {
    if (zone === 'Z') return wall;
    const sign = zone[0] === '-' ? -1 : 1;
    const oh = +zone.slice(1, 3);
    const om = +zone.slice(4, 6);
    if (oh > 23 || om > 59) throw new Error(`Malformed date-time '${text}': offset out of range`);
    return wall - sign * (oh * 60 + om) * MINUTE_MS;
  }

  return wallClockToEpochMs(wall, timeZone);
}

/** Epoch ms of a wall time given as ms since 1970-01-01T00:00 on the zone's wall clock, with parseLocalDateTime's rules: a time in a gap maps forward by the gap, an ambiguous one takes the earlier instant.
 *  For callers that do calendar arithmetic on wall days (business calendars) and would otherwise format and re-parse strings. */
export function wallClockToEpochMs(wallMs: number, timeZone: string): number {
  if (!Number.isFinite(wallMs)) throw new RangeError(`Wall time must be a finite number of ms, got ${wallMs}`);
  // The offsets a day either side bracket any single transition near this wall time (the
  // same approach as Temporal's 'compatible' disambiguation). Each offset that maps back to
  // the same wall time is a real interpretation.
  const before = offsetMs(timeZone, wallMs - DAY_MS);
  const after = offsetMs(timeZone, wallMs + DAY_MS);
  let best = Number.POSITIVE_INFINITY;
  for (const o of before === after ? [before] : [before, after]) {
    const candidate = wallMs - o;
    if (offsetMs(timeZone, candidate) === o && candidate < best) best = candidate;
  }
  if (best !== Number.POSITIVE_INFINITY) return best;
  // No interpretation: the wall time is in a gap. Reading it with the pre-transition offset
  // lands after the transition, i.e. shifted forward by the length of the gap.
  return wallMs - before;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** 'YYYY-MM-DD HH:MM' local, for messages and tables. */
export function formatLocal(timeZone: string, epochMs: number): string {
  const [y, mo, d, h, mi] = wallFields(timeZone, epochMs);
  const year = y >= 0 ? String(y).padStart(4, '0') : '-' + String(-y).padStart(4, '0');
  return `${year}-${pad2(mo)}-${pad2(d)} ${pad2(h)}:${pad2(mi)}`;
}
