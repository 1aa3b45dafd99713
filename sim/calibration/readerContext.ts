import { DATE_FORMAT_EXAMPLES, detectDateFormat, parseDate, type DateFormat } from './dates.js';
import type { HistoryTicket } from './history.js';
import { isMissing } from './values.js';

/** A file that cannot be read as a history: names the row, the column and the value when there is one. */
export class HistoryError extends Error {
  constructor(
    message: string,
    readonly row?: number,
    readonly column?: string,
    readonly value?: string,
  ) {
    super(message);
    this.name = 'HistoryError';
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** row 12, column "opened_at": "31/31/2016" is not a date (expected ...) */
export function cellError(row: number, column: string, value: string, problem: string): HistoryError {
  return new HistoryError(`row ${row}, column ${quote(column)}: ${quote(value)} ${problem}`, row, column, value);
}

/**
 * Problems that do not stop a read, counted by kind so a million bad cells make one line each:
 * the count, the first row and its value.
 */
export class WarningBook {
  private readonly kinds = new Map<string, { count: number; row: number; value: string }>();

  add(kind: string, row: number, value = ''): void {
    const entry = this.kinds.get(kind);
    if (entry === undefined) this.kinds.set(kind, { count: 1, row, value });
    else entry.count++;
  }

  list(): string[] {
    return [...this.kinds].map(([kind, e]) => `${kind}: ${e.count} row${e.count === 1 ? '' : 's'} (first: row ${e.row}${e.value === '' ? '' : `, ${quote(e.value)}`})`);
  }
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_\-.]+/g, ' ');
}

/** Finds a preset's columns in a header, by candidate names or the user's --map override. */
export class ColumnFinder {
  private readonly index = new Map<string, number>();

  constructor(readonly header: readonly string[]) {
    header.forEach((name, i) => {
      const key = normalise(name);
      // The first of two equal names wins (the helpdesk log repeats "Variant").
      if (!this.index.has(key)) this.index.set(key, i);
    });
  }

  /** The column for `field`, or -1. An override that names no column is an error: the user asked for it. */
  find(field: string, candidates: readonly string[], override?: string): number {
    if (override !== undefined) {
      const i = this.index.get(normalise(override));
      if (i === undefined) {
        throw new HistoryError(
          `row 1: --map ${field}=${JSON.stringify(override)} names no column; the header has ${this.header.map((h) => JSON.stringify(h)).join(', ')}`,
          1,
          override,
        );
      }
      return i;
    }
    for (const name of candidates) {
      const i = this.index.get(normalise(name));
      if (i !== undefined) return i;
    }
    return -1;
  }

  require(field: string, candidates: readonly string[], format: string, override?: string): number {
    const i = this.find(field, candidates, override);
    if (i < 0) {
      throw new HistoryError(
        `row 1: no ${field} column for the ${format} format: expected one of ${candidates.map((c) => JSON.stringify(c)).join(', ')} ` +
          `(or --map ${field}=<column>); the header has ${this.header.map((h) => JSON.stringify(h)).join(', ')}`,
        1,
        field,
      );
    }
    return i;
  }

  name(i: number): string {
    return this.header[i] ?? `column ${i + 1}`;
  }
}

/** Date columns: their format fixed by the user, or detected on the first rows, then read strictly. */
export class DateReader {
  private readonly formats = new Map<number, DateFormat>();

  constructor(
    private readonly columns: ColumnFinder,
    private readonly option: DateFormat | 'auto',
    private readonly preferred: 'dmy' | 'mdy',
    private readonly timeZone: string,
  ) {}

  /** Looks at the sample rows (the first few hundred) to pick each column's format. */
  detect(column: number, sample: ReadonlyArray<{ fields: string[]; row: number }>): void {
    if (column < 0) return;
    if (this.option !== 'auto') {
      this.formats.set(column, this.option);
      return;
    }
    const values = sample.map((r) => r.fields[column]).filter((v): v is string => !isMissing(v));
    if (values.length === 0) return;
    const format = detectDateFormat(values, this.preferred);
    if (format !== null) {
      this.formats.set(column, format);
      return;
    }
    // No format reads every value: take the one that reads most, so the odd value out is reported
    // at its row with that format's example when the rows are read.
    const order: DateFormat[] = this.preferred === 'dmy' ? ['ymd', 'jira', 'dmy', 'mdy'] : ['ymd', 'jira', 'mdy', 'dmy'];
    let best: DateFormat | null = null;
    let bestCount = 0;
    for (const f of order) {
      const n = values.filter((v) => Number.isFinite(parseDate(v, f, 'UTC'))).length;
      if (n > bestCount) {
        best = f;
        bestCount = n;
      }
    }
    if (best !== null) {
      this.formats.set(column, best);
      return;
    }
    const first = sample.find((r) => !isMissing(r.fields[column])) as { fields: string[]; row: number };
    throw cellError(first.row, this.columns.name(column), first.fields[column], `is not a date (expected ${Object.values(DATE_FORMAT_EXAMPLES).join(' or ')})`);
  }

  /** Wall-clock minutes, null when the cell is empty or missing; throws naming the cell when it is not a date. */
  read(fields: readonly string[], column: number, row: number): number | null {
    if (column < 0) return null;
    const text = fields[column];
    if (isMissing(text)) return null;
    let format = this.formats.get(column);
    if (format === undefined) {
      format = detectDateFormat([text], this.preferred) ?? undefined;
      if (format === undefined) throw cellError(row, this.columns.name(column), text, `is not a date (expected ${Object.values(DATE_FORMAT_EXAMPLES).join(' or ')})`);
      this.formats.set(column, format);
    }
    const value = parseDate(text, format, this.timeZone);
    if (!Number.isFinite(value)) {
      const hint = format === 'dmy' || format === 'mdy' ? ` (day/month order read as ${format}; use --date-format to change it)` : '';
      throw cellError(row, this.columns.name(column), text, `is not a date (expected ${DATE_FORMAT_EXAMPLES[format]})${hint}`);
    }
    return value;
  }

  /** The same, for a column that must hold a date on every row. */
  require(fields: readonly string[], column: number, row: number): number {
    const v = this.read(fields, column, row);
    if (v === null) throw cellError(row, this.columns.name(column), fields[column] ?? '', 'is missing (expected a date on every row)');
    return v;
  }

  formatOf(column: number): DateFormat | undefined {
    return this.formats.get(column);
  }
}

/**
 * The column of each field of a format: the user's --map override, else the first of the field's
 * usual names the header has; -1 for an optional field it lacks. A --map of a field the format
 * does not have, or a required field not found, fails naming row 1 and what was looked for.
 */
export function mapColumns<F extends string>(
  finder: ColumnFinder,
  context: SinkContext,
  names: Readonly<Record<F, readonly string[]>>,
  required: readonly F[],
): Map<F, number> {
  const fields = Object.keys(names) as F[];
  for (const field of Object.keys(context.map)) {
    if (!(fields as string[]).includes(field)) {
      throw cellError(1, `--map ${field}`, field, `is not a field of the ${context.format} format (expected one of ${fields.join(', ')})`);
    }
  }
  const cols = new Map<F, number>();
  for (const field of fields) {
    const override = context.map[field];
    cols.set(field, required.includes(field) ? finder.require(field, names[field], context.format, override) : finder.find(field, names[field], override));
  }
  return cols;
}

/** A cell's text without its surrounding spaces; null for an absent column or an empty cell. */
export function cellText(fields: readonly string[], column: number): string | null {
  if (column < 0) return null;
  const v = fields[column];
  return isMissing(v) ? null : v.trim();
}

export interface SinkContext {
  format: string;
  timeZone: string;
  dateFormat: DateFormat | 'auto';
  map: Readonly<Record<string, string>>;
  warnings: WarningBook;
}

/** One preset's reading of rows into tickets. */
export interface HistorySink {
  /** Finds the columns; throws a HistoryError naming what is missing. */
  header(fields: string[]): void;
  /** The first data rows, before any is read: date formats are detected on them. */
  prepare(sample: ReadonlyArray<{ fields: string[]; row: number }>): void;
  row(fields: string[], row: number): void;
  finish(): HistoryTicket[];
}
