/**
 * Ticket-arrival traces: a CSV export of real tickets replayed as a demand stream.
 *
 * Pure (no Node APIs): the CLI reads files from disk and the app reads uploads, and both hand
 * the text here. Times become minutes since the scenario start, which is what the model reads.
 */

import { parseLocalDateTime, utcOffsetMs } from '../sim/time/zone.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const MAX_ROWS = 5_000_000;
const DEFAULT_START = '2026-01-05T00:00';
const DEFAULT_TIME_ZONE = 'America/New_York';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export interface TraceCsvOptions {
  /** Epoch ms of the scenario start: minute 0 of the trace. */
  startEpochMs: number;
  /** Zone of the local date-times in the file (the scenario's zone). */
  timeZone: string;
  /** Column holding the arrival instant; 'created' by default. */
  column?: string;
}

/**
 * Calls `onRecord(fields, row)` for every non-blank record of a CSV text (RFC 4180: fields in
 * double quotes may hold commas, newlines and doubled quotes). `row` is the 1-based line on which
 * the record starts, so it matches what an editor or a spreadsheet shows. Returning false stops.
 */
function forEachRecord(text: string, onRecord: (fields: string[], row: number) => boolean | void): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const row = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      // One field starting at i.
      if (text.charCodeAt(i) === 34 /* " */) {
        quotedAny = true;
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new Error(`row ${row}: unterminated quoted field`);
          const chunk = text.slice(j, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          value += chunk;
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        // Tolerate spaces between the closing quote and the delimiter.
        while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
        const c = text.charCodeAt(j);
        if (j < n && c !== 44 && c !== 10 && c !== 13) {
          throw new Error(`row ${row}: unexpected text after a closing quote in field ${fields.length + 1}`);
        }
        fields.push(value);
        i = j;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      // i is at a delimiter, a line end, or the end of the text.
      if (i < n && text.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      if (i < n && text.charCodeAt(i) === 13) i++;
      if (i < n && text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    const blank = !quotedAny && fields.length === 1 && fields[0].trim() === '';
    if (!blank && onRecord(fields, row) === false) return;
  }
}

/** A readable excerpt of a bad value for an error message. */
function show(value: string): string {
  return value.length > 60 ? `'${value.slice(0, 57)}...'` : `'${value}'`;
}

/**
 * Reads date-times in one zone. Most wall hours map to instants by one fixed offset, so each
 * hour is resolved once through Intl and cached; hours touched by a transition (gaps, repeats)
 * go through parseLocalDateTime value by value, which owns the rules for those.
 */
class InstantReader {
  /** Epoch ms of the hour's first minute when the whole hour has one offset, NaN otherwise. */
  private readonly hours = new Map<string, number>();

  constructor(private readonly timeZone: string) {}

  /** Epoch ms of a value, or throws with the reason. */
  read(value: string): number {
    const m = DATE_TIME.exec(value);
    if (m === null) throw new Error('not a date-time or a number');
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const fraction = frac === undefined ? 0 : Number(`0.${frac}`) * 1000;
    if (+mi > 59 || (s !== undefined && +s > 59)) throw new Error('field out of range');
    const base = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}`;
    if (zone !== undefined) {
      let offset = 'Z';
      if (zone !== 'Z' && zone !== 'z') {
        const digits = zone.slice(1).replace(':', '');
        offset = `${zone[0]}${digits.slice(0, 2)}:${digits.length > 2 ? digits.slice(2, 4) : '00'}`;
      }
      return parseLocalDateTime(base + offset, this.timeZone) + fraction;
    }
    const key = `${y}-${mo}-${d}T${h}`;
    let hourStart = this.hours.get(key);
    if (hourStart === undefined) {
      hourStart = parseLocalDateTime(`${key}:00`, this.timeZone);
      const off = utcOffsetMs(this.timeZone, hourStart);
      const wall = Date.UTC(+y, +mo - 1, +d, +h);
      const regular = +y >= 100 && wall - off === hourStart && utcOffsetMs(this.timeZone, hourStart + HOUR_MS - 1) === off;
      if (!regular) hourStart = Number.NaN;
      this.hours.set(key, hourStart);
    }
    if (Number.isNaN(hourStart)) return parseLocalDateTime(base, this.timeZone) + fraction;
    return hourStart + (+mi * 60 + (s === undefined ? 0 : +s)) * 1000 + fraction;
  }
}

/** Parse a CSV of ticket arrivals into minutes since the scenario start (sorted). Column `created` by default (or the named one); values are local date-times in the scenario zone ('YYYY-MM-DD HH:MM[:SS]' or 'YYYY-MM-DDTHH:MM[:SS]', or ISO with Z/offset), or plain numbers meaning minutes since start. Header row required; quoted fields with commas handled; blank lines skipped. Errors name the row (1-based, header = row 1) and the column and the bad value. Rows before the start are dropped (counted), at most 5,000,000 rows. */
export function parseTraceCsv(
  text: string,
  options: TraceCsvOptions,
): { minutes: number[]; droppedBeforeStart: number } {
  if (typeof text !== 'string') throw new Error('trace: expected CSV text');
  const { startEpochMs, timeZone } = options;
  if (!Number.isFinite(startEpochMs)) throw new RangeError(`trace: startEpochMs must be finite, got ${startEpochMs}`);
  // Fails early with a clear message on an unknown zone.
  parseLocalDateTime('2000-01-01T00:00', timeZone);
  const column = options.column ?? 'created';
  const reader = new InstantReader(timeZone);

  let index = -1;
  let columnName = column;
  let rows = 0;
  let dropped = 0;
  const values: number[] = [];
  let sawHeader = false;

  forEachRecord(text, (fields, row) => {
    if (!sawHeader) {
      sawHeader = true;
      const names = fields.map((f) => f.trim());
      index = names.indexOf(column.trim());
      if (index < 0) index = names.findIndex((name) => name.toLowerCase() === column.trim().toLowerCase());
      if (index < 0) {
        const list = names.map((name) => `'${name}'`).join(', ');
        throw new Error(`column '${column}' not found in the header (row ${row}); the columns are ${list}`);
      }
      columnName = names[index];
      return;
    }
    if (++rows > MAX_ROWS) throw new Error(`too many rows: at most ${MAX_ROWS.toLocaleString('en-US')} tickets per trace`);
    if (index >= fields.length) {
      throw new Error(`row ${row}, column '${columnName}': missing value (the row has ${fields.length} field${fields.length === 1 ? '' : 's'})`);
    }
    const value = fields[index].trim();
    if (value === '') throw new Error(`row ${row}, column '${columnName}': empty value`);
    let minutes: number;
    if (NUMBER.test(value)) {
      minutes = Number(value);
      if (!Number.isFinite(minutes)) throw new Error(`row ${row}, column '${columnName}': number ${show(value)} is out of range`);
    } else {
      try {
        minutes = (reader.read(value) - startEpochMs) / MINUTE_MS;
      } catch (e) {
        const reason = (e as Error).message.includes('field out of range') ? ' (a field is out of range)' : '';
        throw new Error(
          `row ${row}, column '${columnName}': cannot read ${show(value)}${reason}; expected a local date-time ` +
            `'YYYY-MM-DD HH:MM[:SS]' (or with T, optionally ending in Z or +hh:mm) or a number of minutes since the start`,
        );
      }
    }
    if (minutes < 0) dropped++;
    else values.push(minutes);
  });
  if (!sawHeader) throw new Error(`empty file: expected a header row naming the column '${column}'`);

  return { minutes: Array.from(Float64Array.from(values).sort()), droppedBeforeStart: dropped };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Replace every `arrivals: { type: 'trace', file, column? }` in a raw (unvalidated) scenario object with `{ type: 'trace', minutes }`, reading files with the given reader (the CLI passes fs.readFileSync relative to the scenario's folder; the app passes uploaded text). Returns a new object; throws an Error whose message names the stream and the file for any problem. Uses the raw scenario's `start` and `timeZone` (defaults '2026-01-05T00:00' and 'America/New_York' when absent). */
export function resolveTraceFiles(raw: unknown, readText: (file: string) => string): unknown {
  if (!isObject(raw) || !Array.isArray(raw.demand)) return raw;
  const demand = raw.demand as unknown[];
  const hasFile = (s: unknown): boolean => isObject(s) && isObject(s.arrivals) && s.arrivals.type === 'trace' && 'file' in s.arrivals;
  if (!demand.some(hasFile)) return { ...raw };

  const timeZone = typeof raw.timeZone === 'string' ? raw.timeZone : DEFAULT_TIME_ZONE;
  const start = typeof raw.start === 'string' ? raw.start : DEFAULT_START;
  let startEpochMs: number | undefined;

  const resolved = demand.map((stream, i) => {
    if (!hasFile(stream)) return stream;
    const s = stream as Json;
    const arrivals = s.arrivals as Json;
    const name = typeof s.name === 'string' ? `'${s.name}' (demand[${i}])` : `demand[${i}]`;
    const file = arrivals.file;
    const fail = (message: string): never => {
      throw new Error(`demand stream ${name}: trace file ${typeof file === 'string' ? `'${file}'` : String(file)}: ${message}`);
    };
    if (typeof file !== 'string' || file.trim() === '') return fail('file must be a non-empty string');
    if ('minutes' in arrivals) return fail("give either 'file' or 'minutes', not both");
    const column = arrivals.column;
    if (column !== undefined && (typeof column !== 'string' || column.trim() === '')) return fail('column must be a non-empty string');
    try {
      startEpochMs ??= parseLocalDateTime(start, timeZone);
    } catch (e) {
      return fail(`cannot read the scenario start in its zone: ${(e as Error).message}`);
    }
    let text: string;
    try {
      text = readText(file);
    } catch (e) {
      return fail(`cannot read it: ${(e as Error).message}`);
    }
    try {
      const { minutes } = parseTraceCsv(text, { startEpochMs, timeZone, column: column as string | undefined });
      return { ...s, arrivals: { type: 'trace', minutes } };
    } catch (e) {
      return fail((e as Error).message);
    }
  });
  return { ...raw, demand: resolved };
}
