import { HISTORY_FORMATS, HISTORY_LIMITS, type HistoryFormat } from '../../sim/calibration/readHistory.js';
import { GENERIC_OVERRIDES } from './formats.js';

/**
 * The import form's text, checked before anything is read: the user's choices become the reader's
 * and the fit's options, or each bad field gets a message beside it. Pure (no DOM), so the rules are
 * unit-tested (tests/importPage.test.ts); the reader in the worker checks the file itself.
 */

export interface ImportForm {
  format: string;
  /** IANA zone of the export's wall-clock times; empty = UTC. */
  timeZone: string;
  /** Period of creation dates to keep, 'YYYY-MM-DD' (from inclusive, to exclusive); empty = open. */
  from: string;
  to: string;
  /** Generic mapping overrides: field -> column name ('' = the preset's names). */
  overrides: Record<string, string>;
}

/** What the worker is asked to do with one file. */
export interface ImportPlan {
  format: HistoryFormat;
  map: Record<string, string>;
  timeZone: string;
  /** Wall-clock minutes since 1970 of the period's bounds (the reader's clock). */
  from?: number;
  to?: number;
  /** The period as typed, for messages. */
  fromText?: string;
  toText?: string;
}

export type FieldErrors = Partial<Record<'file' | 'format' | 'timeZone' | 'from' | 'to' | `map.${string}`, string>>;

/** Longest column name an override may give (a header cell is rarely longer; bounds untrusted text). */
export const MAX_COLUMN_NAME = 200;
/** Bytes a file may have before it is read at all (the reader's own text limit). */
export const MAX_FILE_BYTES = HISTORY_LIMITS.textChars;

export function isHistoryFormat(format: string): format is HistoryFormat {
  return (HISTORY_FORMATS as readonly string[]).includes(format);
}

export function isTimeZone(zone: string): boolean {
  if (zone === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** 'YYYY-MM-DD' -> wall-clock minutes of its midnight, or NaN for anything else (31 April included). */
export function dayMinutes(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (m === null) return NaN;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return NaN;
  return ms / 60_000;
}

export function planImport(form: ImportForm, file: { name: string; size: number } | null): { ok: true; plan: ImportPlan } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (file === null) errors.file = 'Choose an export file (CSV, or a .zip holding one CSV).';
  else if (file.size === 0) errors.file = `${file.name} is empty: expected a header row and then one row per ticket or event.`;
  else if (file.size > MAX_FILE_BYTES) {
    errors.file = `${file.name} is ${(file.size / 1e6).toFixed(1)} MB, over the ${(MAX_FILE_BYTES / 1e6).toFixed(0)} MB limit: export a shorter period.`;
  }
  if (!isHistoryFormat(form.format)) errors.format = `Unknown format "${form.format}": expected one of ${HISTORY_FORMATS.join(', ')}.`;
  const zone = form.timeZone.trim() === '' ? 'UTC' : form.timeZone.trim();
  if (!isTimeZone(zone)) errors.timeZone = `"${form.timeZone.trim().slice(0, 64)}" is not a time zone: expected an IANA name such as Europe/Rome or America/New_York.`;
  const from = form.from.trim() === '' ? undefined : dayMinutes(form.from);
  const to = form.to.trim() === '' ? undefined : dayMinutes(form.to);
  if (from !== undefined && !Number.isFinite(from)) errors.from = `"${form.from}" is not a date: expected YYYY-MM-DD.`;
  if (to !== undefined && !Number.isFinite(to)) errors.to = `"${form.to}" is not a date: expected YYYY-MM-DD.`;
  if (from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to) && !(to > from)) {
    errors.to = `The period must end after it starts (from ${form.from.trim()}).`;
  }
  const map: Record<string, string> = {};
  if (form.format === 'generic') {
    const known = new Set(GENERIC_OVERRIDES.map((o) => o.field));
    for (const [field, text] of Object.entries(form.overrides)) {
      const column = text.trim();
      if (column === '') continue;
      if (!known.has(field)) errors[`map.${field}`] = `"${field}" is not a field of the generic mapping.`;
      else if (column.length > MAX_COLUMN_NAME) errors[`map.${field}`] = `A column name has at most ${MAX_COLUMN_NAME} characters (got ${column.length}).`;
      else map[field] = column;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    plan: {
      format: form.format as HistoryFormat,
      map,
      timeZone: zone,
      ...(from !== undefined ? { from, fromText: form.from.trim() } : {}),
      ...(to !== undefined ? { to, toText: form.to.trim() } : {}),
    },
  };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _+\-/()]*$/;
const MAX_NAME = 80;

/**
 * A scenario name (letters, digits, spaces and _ + - / ( ), at most 80 characters) from an export's
 * file name: 'incident_event_log.csv.zip' -> 'incident_event_log (imported)'.
 */
export function scenarioNameFor(fileName: string): string {
  const suffix = ' (imported)';
  const stem = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/(\.(csv|zip|txt|tsv))+$/i, '')
    .replace(/[^A-Za-z0-9 _+\-()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[^A-Za-z0-9]+/, '')
    .trim();
  const base = stem === '' ? 'imported desk' : stem.slice(0, MAX_NAME - suffix.length).trimEnd();
  return stem === '' ? base : `${base}${suffix}`;
}

/** The name made unique among `taken`: 'x', else 'x 2', 'x 3'..., still at most 80 characters. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let k = 2; ; k++) {
    const suffix = ` ${k}`;
    const candidate = `${name.slice(0, MAX_NAME - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function isScenarioName(name: string): boolean {
  return name.length <= MAX_NAME && NAME.test(name);
}
