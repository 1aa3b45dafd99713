import { utcOffsetMs } from '../time/zone.js';
import { wallMinutes } from './history.js';

/**
 * Date-time formats of ticket exports. Each parser returns wall-clock minutes since the epoch in
 * the export's zone, or NaN when the text is not a date of that format.
 *
 * - `ymd`:  2016-02-29 01:16[:05[.000]], also with '/' or 'T', and an optional Z / +01:00 offset
 *           (then converted to the export's zone).
 * - `dmy`:  29/2/2016 01:16[:05]  (ServiceNow exports in many locales, the UCI log)
 * - `mdy`:  2/29/2016 1:16[:05] [AM|PM]  (US spreadsheets)
 * - `jira`: 29/Feb/16 1:16 AM  (Jira's CSV export)
 */
export const DATE_FORMATS = ['ymd', 'dmy', 'mdy', 'jira'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DATE_FORMAT_EXAMPLES: Record<DateFormat, string> = {
  ymd: 'YYYY-MM-DD HH:MM[:SS]',
  dmy: 'D/M/YYYY HH:MM[:SS]',
  mdy: 'M/D/YYYY HH:MM[:SS] [AM|PM]',
  jira: 'DD/Mon/YY H:MM AM|PM',
};

const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AP]\.?M\.?)?)?$/i;
const JIRA = /^(\d{1,2})[/ -]([A-Za-z]{3,9})[/ -](\d{2}|\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function fullYear(y: string): number {
  const v = +y;
  return y.length === 2 ? 2000 + v : v;
}

function hour12(h: number, ampm: string | undefined): number {
  if (ampm === undefined) return h;
  if (h < 1 || h > 12) return NaN;
  const pm = ampm[0].toLowerCase() === 'p';
  return (h % 12) + (pm ? 12 : 0);
}

function offsetMinutes(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (+digits.slice(0, 2) * 60 + +digits.slice(2));
}

/**
 * Parses `text` in `format`. An explicit offset (ISO 'Z' or '+02:00') names a real instant,
 * which is moved to the wall clock of `timeZone` so every time of a history shares one clock.
 */
export function parseDate(text: string, format: DateFormat, timeZone: string): number {
  const t = text.trim();
  switch (format) {
    case 'ymd': {
      const m = YMD.exec(t);
      if (m === null) return NaN;
      const wall = wallMinutes(+m[1], +m[2], +m[3], m[4] === undefined ? 0 : +m[4], m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6]);
      if (m[7] === undefined || !Number.isFinite(wall)) return wall;
      const epochMinutes = wall - offsetMinutes(m[7]);
      return epochMinutes + utcOffsetMs(timeZone, epochMinutes * 60_000) / 60_000;
    }
    case 'dmy':
    case 'mdy': {
      const m = SLASHED.exec(t);
      if (m === null) return NaN;
      const [a, b] = [+m[1], +m[2]];
      const [day, month] = format === 'dmy' ? [a, b] : [b, a];
      const h = m[4] === undefined ? 0 : hour12(+m[4], m[7]);
      return wallMinutes(fullYear(m[3]), month, day, h, m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6]);
    }
    case 'jira': {
      const m = JIRA.exec(t);
      if (m === null) return NaN;
      const month = MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1;
      if (month === 0) return NaN;
      const h = m[4] === undefined ? 0 : hour12(+m[4], m[7]);
      return wallMinutes(fullYear(m[3]), month, +m[1], h, m[5] === undefined ? 0 : +m[5], m[6] === undefined ? 0 : +m[6]);
    }
  }
}

/**
 * The format of a sample of date texts: the first that reads all of them. Day/month order is
 * decided by the first value with a part above 12; when none has one, `preferred` wins.
 */
export function detectDateFormat(samples: readonly string[], preferred: 'dmy' | 'mdy' = 'dmy'): DateFormat | null {
  const values = samples.map((s) => s.trim()).filter((s) => s.length > 0);
  if (values.length === 0) return null;
  const order: DateFormat[] = preferred === 'dmy' ? ['ymd', 'jira', 'dmy', 'mdy'] : ['ymd', 'jira', 'mdy', 'dmy'];
  for (const format of order) {
    if (values.every((v) => Number.isFinite(parseDate(v, format, 'UTC')))) return format;
  }
  return null;
}
