/**
 * RFC 4180 CSV, fed in chunks: quoted fields with embedded commas, quotes ("") and line breaks,
 * CRLF or LF line ends, a leading byte-order mark. A record cut by a chunk boundary waits for the
 * next chunk, so memory holds one record beyond the caller's own state, and a runaway quote
 * (a file that opens a quote and never closes it) stops at `maxRecordChars` with a clear error
 * instead of swallowing the rest of the file.
 *
 * Lenient where real exports are sloppy: a quote inside an unquoted field is kept as text, and
 * blank lines are skipped (but still counted, so row numbers match a spreadsheet's).
 */

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvError extends Error {
  constructor(
    message: string,
    readonly row: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvLimits {
  /** The longest record (in characters) before the parser assumes an unclosed quote. */
  maxRecordChars: number;
  maxFields: number;
}

export const CSV_LIMITS: CsvLimits = { maxRecordChars: 4_000_000, maxFields: 5_000 };

/** A record and its row number: 1 for the first line of the file (the header). */
export type RecordHandler = (fields: string[], row: number) => void;

export class CsvParser {
  private leftover = '';
  private started = false;
  private row = 0;
  private done = false;

  constructor(
    private readonly onRecord: RecordHandler,
    private readonly limits: CsvLimits = CSV_LIMITS,
  ) {}

  /** Rows read so far (the header included, blank lines counted). */
  get rows(): number {
    return this.row;
  }

  push(chunk: string): void {
    if (this.done) throw new Error('CsvParser: push after finish');
    this.parse(chunk, false);
  }

  finish(): void {
    if (this.done) return;
    this.parse('', true);
    this.done = true;
  }

  private parse(chunk: string, final: boolean): void {
    let text = this.leftover.length > 0 ? this.leftover + chunk : chunk;
    this.leftover = '';
    if (!this.started) {
      if (text.length === 0) return;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    const n = text.length;
    let i = 0;
    while (i < n) {
      const recordStart = i;
      const fields: string[] = [];
      let complete = false;
      let lines = 1;
      fieldLoop: for (;;) {
        if (fields.length >= this.limits.maxFields) {
          throw new CsvError(`row ${this.row + 1}: more than ${this.limits.maxFields} columns; is this a CSV file?`, this.row + 1);
        }
        if (i < n && text.charCodeAt(i) === QUOTE) {
          let j = i + 1;
          let segment = j;
          let value = '';
          let closed = false;
          while (j < n) {
            const q = text.indexOf('"', j);
            if (q < 0) break;
            if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(segment, q + 1);
              j = q + 2;
              segment = j;
              continue;
            }
            // A quote at the very end of a chunk may be the first half of "".
            if (q + 1 >= n && !final) break;
            value += text.slice(segment, q);
            j = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (final) {
              throw new CsvError(`row ${this.row + 1}, column ${fields.length + 1}: a quoted field opens here and is never closed`, this.row + 1);
            }
            break fieldLoop;
          }
          for (let k = i; k < j; k++) if (text.charCodeAt(k) === LF) lines++;
          fields.push(value);
          i = j;
          if (i >= n) {
            if (final) complete = true;
            break fieldLoop;
          }
          const c = text.charCodeAt(i);
          if (c === COMMA) {
            i++;
            continue;
          }
          if (c === LF) {
            i++;
            complete = true;
            break fieldLoop;
          }
          if (c === CR) {
            if (i + 1 < n) {
              i += text.charCodeAt(i + 1) === LF ? 2 : 1;
              complete = true;
            } else if (final) {
              i++;
              complete = true;
            }
            break fieldLoop;
          }
          throw new CsvError(
            `row ${this.row + 1}, column ${fields.length}: unexpected ${JSON.stringify(text[i])} after a closing quote (a quote inside a quoted field is written "")`,
            this.row + 1,
          );
        }
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        if (j >= n && !final) break fieldLoop;
        fields.push(text.slice(i, j));
        if (j >= n) {
          i = n;
          complete = true;
          break fieldLoop;
        }
        const c = text.charCodeAt(j);
        if (c === COMMA) {
          i = j + 1;
          continue;
        }
        if (c === LF) {
          i = j + 1;
          complete = true;
          break fieldLoop;
        }
        if (j + 1 < n) {
          i = j + (text.charCodeAt(j + 1) === LF ? 2 : 1);
          complete = true;
        } else if (final) {
          i = j + 1;
          complete = true;
        }
        break fieldLoop;
      }
      if (!complete) {
        if (n - recordStart > this.limits.maxRecordChars) {
          throw new CsvError(
            `row ${this.row + 1}: a record longer than ${this.limits.maxRecordChars.toLocaleString('en-US')} characters (an unclosed quote?)`,
            this.row + 1,
          );
        }
        this.leftover = text.slice(recordStart);
        return;
      }
      const row = this.row + 1;
      this.row += lines;
      if (fields.length === 1 && fields[0] === '' && i - recordStart <= 2) continue; // blank line
      this.onRecord(fields, row);
    }
  }
}

/** All records of a whole text (header first). For small files and tests. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const parser = new CsvParser((fields) => records.push(fields));
  parser.push(text);
  parser.finish();
  return records;
}
