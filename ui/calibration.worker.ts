import * as Comlink from 'comlink';
import { parseScenario } from '../scenarios/parse.js';
import { calibrate, formatWall, HistoryError, selectPeriod, type FitReport } from '../sim/calibration/index.js';
import type { CalibratedScenario } from '../sim/calibration/calibrate.js';
import { readHistoryBlob } from '../workers/calibration/historyBlob.js';
import { ZipError } from '../workers/calibration/zip.js';
import type { ImportPlan } from './calibration/importOptions.js';

/**
 * The import page's work off the page's thread: read the export (CSV or a zip, streamed in chunks
 * by workers/calibration/historyBlob.ts), keep the period asked for, fit it (sim/calibration, the
 * same code as `supportsim calibrate`) and check the scenario against the schema. A 46 MB log
 * takes tens of seconds here while the page stays responsive; Cancel stops the read between
 * chunks, and the page may also terminate this worker (the fit itself is one synchronous call).
 */

export interface ImportProgress {
  phase: 'reading' | 'fitting';
  /** Share of the file read, in [0, 1]. */
  fraction: number;
  /** Rows read so far (header included). */
  rows: number;
}

/** A file that could not be read: the reader's message and, when it names them, the row, the column and the value. */
export interface ImportProblem {
  message: string;
  row?: number;
  column?: string;
  value?: string;
}

export type ImportReply =
  | {
      ok: true;
      scenario: CalibratedScenario;
      report: FitReport;
      /** Tickets in the file, and in the period kept. */
      ticketsRead: number;
      ticketsKept: number;
      rows: number;
      readMs: number;
      fitMs: number;
      /** Why the scenario would not load (empty: valid). */
      scenarioErrors: string[];
    }
  | { ok: false; kind: 'unreadable' | 'cancelled'; problem: ImportProblem };

export interface CalibrationWorkerApi {
  importHistory(file: Blob, fileName: string, plan: ImportPlan, onProgress: (p: ImportProgress) => void): Promise<ImportReply>;
  /** Stop the read in progress (between two chunks). */
  cancel(): void;
}

let stopRequested = false;

function problemOf(e: unknown): ImportProblem | null {
  if (e instanceof HistoryError) {
    return { message: e.message, ...(e.row !== undefined ? { row: e.row } : {}), ...(e.column !== undefined ? { column: e.column } : {}), ...(e.value !== undefined ? { value: e.value } : {}) };
  }
  if (e instanceof ZipError) return { message: e.message };
  // DecompressionStream rejects a damaged zip with a TypeError of its own words.
  if (e instanceof TypeError && /decompress|deflate|zlib|invalid/i.test(e.message)) return { message: `the zip could not be inflated (${e.message}): is it damaged?` };
  return null;
}

const api: CalibrationWorkerApi = {
  async importHistory(file, fileName, plan, onProgress) {
    stopRequested = false;
    const started = performance.now();
    let lastSent = 0;
    let rows = 0;
    let history;
    try {
      history = await readHistoryBlob(file, {
        format: plan.format,
        map: plan.map,
        timeZone: plan.timeZone,
        source: fileName,
        shouldStop: () => stopRequested,
        onProgress: (fraction, read) => {
          rows = read;
          const now = performance.now();
          // At most ten a second: the page redraws once a frame anyway.
          if (now - lastSent < 100) return;
          lastSent = now;
          void onProgress({ phase: 'reading', fraction, rows: read });
        },
      });
    } catch (e) {
      if (stopRequested) return { ok: false, kind: 'cancelled', problem: { message: 'cancelled' } };
      const problem = problemOf(e);
      if (problem) return { ok: false, kind: 'unreadable', problem };
      throw e;
    }
    const readMs = performance.now() - started;
    void onProgress({ phase: 'fitting', fraction: 1, rows });
    const kept = selectPeriod(history, plan.from, plan.to);
    if (kept.tickets.length === 0) {
      const first = history.tickets[0];
      const last = history.tickets[history.tickets.length - 1];
      const span = first && last ? ` (the file's tickets were created ${formatWall(first.created).slice(0, 10)} to ${formatWall(last.created).slice(0, 10)})` : '';
      return {
        ok: false,
        kind: 'unreadable',
        problem: { message: `no ticket was created between ${plan.fromText ?? 'the start'} and ${plan.toText ?? 'the end'}: the file has ${history.tickets.length} tickets${span}` },
      };
    }
    const fitStarted = performance.now();
    let calibration;
    try {
      calibration = calibrate(kept, { name: 'calibrated desk' });
    } catch (e) {
      // A history too thin to fit (no complete week, say) is the file's problem, not the page's.
      return { ok: false, kind: 'unreadable', problem: { message: (e as Error).message.replace(/^calibrate: /, '') } };
    }
    const checked = parseScenario(JSON.parse(JSON.stringify(calibration.scenario)));
    return {
      ok: true,
      scenario: calibration.scenario,
      report: calibration.report,
      ticketsRead: history.tickets.length,
      ticketsKept: kept.tickets.length,
      rows,
      readMs,
      fitMs: performance.now() - fitStarted,
      scenarioErrors: checked.ok ? [] : checked.errors,
    };
  },
  cancel() {
    stopRequested = true;
  },
};

Comlink.expose(api);
