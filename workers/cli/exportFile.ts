import type { History } from '../../sim/calibration/history.js';
import { HistoryError } from '../../sim/calibration/readHistory.js';
import { readHistoryFile, type ReadFileOptions } from '../calibration/historyFile.js';
import { ZipError } from '../calibration/zip.js';
import type { ProgressLine } from './progressLine.js';
import { UserError } from './scenarioFile.js';

/**
 * Read a ticket export for `supportsim <command>` with a progress line; a bad file becomes a
 * UserError naming it (the CLI prints it and exits 1), anything else is a bug and stays thrown.
 */
export async function readExportFile(command: string, file: string, options: Omit<ReadFileOptions, 'onProgress'>, progress: ProgressLine): Promise<History> {
  try {
    return await readHistoryFile(file, {
      ...options,
      onProgress: (fraction, rows) =>
        progress.update((seconds) => `supportsim: ${command}: reading ${file}: ${(fraction * 100).toFixed(0)}% (${rows.toLocaleString('en-US')} rows, ${seconds.toFixed(1)} s)`),
    });
  } catch (e) {
    if (e instanceof HistoryError || e instanceof ZipError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  } finally {
    progress.clear();
  }
}
