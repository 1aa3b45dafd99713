/**
 * Calibration from ticket history: the public API (kept stable for the CLI, the backtest and the
 * app's import page).
 *
 *   readHistory(text: string, options: ReadHistoryOptions): History
 *     Parses a CSV export (already decoded and unzipped; see workers/calibration for files and
 *     zips) with a format preset and optional column overrides. Throws HistoryError naming the
 *     row, column, value and what was expected.
 *   new HistoryReader(options).push(chunk) ... .finish(): History
 *     The same, fed in chunks (streaming reads, progress, bounded memory for the raw text).
 *   calibrate(history: History, options?: CalibrateOptions): Calibration = { scenario, report }
 *     Fits arrivals, priority mix, first-response and resolution times, routing, reopen, pending
 *     and staffing, and builds a scenario (a ScenarioInput: valid against scenarios/schema.ts).
 *   selectPeriod(history, from, to): History
 *     The tickets created in [from, to) (wall-clock minutes), for calibrate-then-predict checks.
 *   historyFromSimulation(scenario, { seed, replication }): History
 *     One simulated replication's tickets exported as a history (through the desk's recorder
 *     hooks), for recovery tests and for checking a calibrated scenario against its source.
 *
 * Files and zips (platform code, in workers/calibration/):
 *   readHistoryFile(path, options & { onProgress, shouldStop }): Promise<History>   (Node, historyFile.ts)
 *   readHistoryBlob(blob, options & { onProgress, shouldStop }): Promise<History>   (browser File/Blob, historyBlob.ts)
 *   csvEntry(zipBytes) / zipEntries(zipBytes)                                       (zip directory, zip.ts)
 */

export type { History, HistoryTicket, HistoryPriority, HistoryChannel } from './history.js';
export { hourOfWeekOfWall, weekStartOfWall, formatWall, wallMinutes, MINUTES_PER_WEEK, MINUTES_PER_DAY } from './history.js';
export { HistoryError, HISTORY_FORMATS, HISTORY_LIMITS, HistoryReader, readHistory, selectPeriod } from './readHistory.js';
export type { HistoryFormat, ReadHistoryOptions } from './readHistory.js';
export { calibrate } from './calibrate.js';
export { historyFromSimulation } from './simulatedHistory.js';
export type { SimulatedHistoryOptions } from './simulatedHistory.js';
export type { CalibrateOptions, Calibration, CalibratedScenario } from './calibrate.js';
export type { FitReport, DistributionFit, QuantileRow, FittedDistribution } from './report.js';
