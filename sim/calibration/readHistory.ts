import { isValidTimeZone } from '../time/zone.js';
import { CsvError, CsvParser } from './csv.js';
import { DATE_FORMATS, type DateFormat } from './dates.js';
import { EventLogSink, DEFAULT_ACTIVITIES, type EventLogActivities } from './eventlog.js';
import type { History } from './history.js';
import { HistoryError, WarningBook, type HistorySink, type SinkContext } from './readerContext.js';
import { ServiceNowSink } from './servicenow.js';
import { GENERIC_COLUMNS, JSM_COLUMNS, TicketTableSink, ZENDESK_COLUMNS } from './ticketTable.js';

export { HistoryError } from './readerContext.js';

export const HISTORY_FORMATS = ['generic', 'servicenow', 'zendesk', 'jsm', 'eventlog'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

/** Bounds for untrusted files: a larger export is refused before it is read, with the reason. */
export const HISTORY_LIMITS = {
  /** Characters of CSV text (about bytes): the UCI log is 46 MB inflated. */
  textChars: 80_000_000,
  tickets: 2_000_000,
};

export interface ReadHistoryOptions {
  format: HistoryFormat;
  /** Field -> column name overrides (`--map created="Opened On"`); fields as the preset names them. */
  map?: Record<string, string>;
  /** Date format of every date column; 'auto' (default) detects it on the first rows. */
  dateFormat?: DateFormat | 'auto';
  /** IANA zone the export's wall-clock times are in; UTC when not known. */
  timeZone?: string;
  /** What is read (a file name), for reports. */
  source?: string;
  /** Characters of text at most (default HISTORY_LIMITS.textChars). */
  maxChars?: number;
  /** Event logs: the activity names of the milestones. */
  activities?: Partial<EventLogActivities>;
}

/** Rows read before the first is interpreted: date formats are detected on them. */
const SAMPLE_ROWS = 500;

function makeSink(context: SinkContext, options: ReadHistoryOptions): HistorySink {
  switch (options.format) {
    case 'generic':
      return new TicketTableSink(context, GENERIC_COLUMNS, 'dmy');
    case 'zendesk':
      return new TicketTableSink(context, ZENDESK_COLUMNS, 'mdy');
    case 'jsm':
      return new TicketTableSink(context, JSM_COLUMNS, 'dmy');
    case 'servicenow':
      return new ServiceNowSink(context);
    case 'eventlog':
      return new EventLogSink(context, { ...DEFAULT_ACTIVITIES, ...options.activities });
    default:
      throw new HistoryError(`unknown format ${JSON.stringify(options.format)}: expected one of ${HISTORY_FORMATS.join(', ')}`);
  }
}

/**
 * Reads an export fed in chunks of text. Rows are turned into compact per-ticket facts as they
 * arrive, so the raw text never has to be held whole.
 */
export class HistoryReader {
  private readonly parser: CsvParser;
  private readonly sink: HistorySink;
  private readonly warnings = new WarningBook();
  private readonly timeZone: string;
  private readonly maxChars: number;
  private chars = 0;
  private headerSeen = false;
  private sample: Array<{ fields: string[]; row: number }> | null = [];
  private dataRows = 0;

  constructor(private readonly options: ReadHistoryOptions) {
    if (!(HISTORY_FORMATS as readonly string[]).includes(options.format)) {
      throw new HistoryError(`unknown format ${JSON.stringify(options.format)}: expected one of ${HISTORY_FORMATS.join(', ')}`);
    }
    const dateFormat = options.dateFormat ?? 'auto';
    if (dateFormat !== 'auto' && !(DATE_FORMATS as readonly string[]).includes(dateFormat)) {
      throw new HistoryError(`unknown date format ${JSON.stringify(dateFormat)}: expected auto, ${DATE_FORMATS.join(', ')}`);
    }
    this.timeZone = options.timeZone ?? 'UTC';
    if (!isValidTimeZone(this.timeZone)) throw new HistoryError(`unknown time zone ${JSON.stringify(this.timeZone)}: expected an IANA zone such as Europe/Rome`);
    this.maxChars = options.maxChars ?? HISTORY_LIMITS.textChars;
    this.sink = makeSink({ format: options.format, timeZone: this.timeZone, dateFormat, map: options.map ?? {}, warnings: this.warnings }, options);
    this.parser = new CsvParser((fields, row) => this.record(fields, row));
  }

  /** Rows read so far, header included: for progress. */
  get rows(): number {
    return this.parser.rows;
  }

  push(chunk: string): void {
    this.chars += chunk.length;
    if (this.chars > this.maxChars) throw tooLarge(this.chars, this.maxChars);
    this.wrap(() => this.parser.push(chunk));
  }

  finish(): History {
    this.wrap(() => this.parser.finish());
    if (!this.headerSeen) throw new HistoryError('the file is empty: expected a header row and then one row per ticket or event', 1);
    this.flushSample();
    if (this.dataRows === 0) throw new HistoryError('row 2: the file has a header but no rows: expected one row per ticket or event after the header', 2);
    const tickets = this.sink.finish();
    // Ties broken by id so that the order never depends on the file's row order.
    tickets.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      tickets,
      timeZone: this.timeZone,
      source: `${this.options.source ?? 'history'} (${this.options.format})`,
      warnings: this.warnings.list(),
    };
  }

  private wrap(work: () => void): void {
    try {
      work();
    } catch (e) {
      if (e instanceof CsvError) throw new HistoryError(e.message, e.row);
      throw e;
    }
  }

  private record(fields: string[], row: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      this.sink.header(fields);
      return;
    }
    this.dataRows++;
    if (this.dataRows > HISTORY_LIMITS.tickets * 20) throw new HistoryError(`row ${row}: more than ${HISTORY_LIMITS.tickets * 20} rows`, row);
    if (this.sample !== null) {
      this.sample.push({ fields, row });
      if (this.sample.length >= SAMPLE_ROWS) this.flushSample();
      return;
    }
    this.sink.row(fields, row);
  }

  private flushSample(): void {
    const sample = this.sample;
    if (sample === null) return;
    this.sample = null;
    if (sample.length === 0) return;
    this.sink.prepare(sample);
    for (const r of sample) this.sink.row(r.fields, r.row);
  }
}

function tooLarge(chars: number, max: number): HistoryError {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return new HistoryError(
    `the file is larger than the ${mb(max)} MB limit (read ${mb(chars)} MB so far): export a shorter period, or raise the limit (--max-mb)`,
  );
}

/** Reads a whole export held in memory. */
export function readHistory(text: string, options: ReadHistoryOptions): History {
  const max = options.maxChars ?? HISTORY_LIMITS.textChars;
  if (text.length > max) throw tooLarge(text.length, max);
  const reader = new HistoryReader(options);
  reader.push(text);
  return reader.finish();
}

/** The tickets created in [from, to) (wall-clock minutes; either bound may be omitted). */
export function selectPeriod(history: History, from?: number, to?: number): History {
  const lo = from ?? -Infinity;
  const hi = to ?? Infinity;
  return { ...history, tickets: history.tickets.filter((t) => t.created >= lo && t.created < hi) };
}
