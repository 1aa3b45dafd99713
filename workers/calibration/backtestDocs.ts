import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultWorkerCount } from '../nodePool.js';
import { backtestMarkdown, replaceSection } from '../cli/backtestTable.js';
import type { History } from '../../sim/calibration/history.js';
import { readHistoryFile } from './historyFile.js';
import { BacktestCancelled, runBacktestCommand, sectionKey } from './backtestCommand.js';

/**
 * `npm run backtest`: regenerate the tables of docs/calibration.md from the public logs in
 * ../shared/data (beside the repository), one backtest per log, each written between its markers
 * in the document. A log that is absent is skipped with a message, its old tables left as they are.
 * The same figures come from `supportsim backtest <file> ... --out docs/calibration.md`.
 */

/** The backtests the document shows; the periods are argued for in docs/calibration.md. */
export const DOCUMENTED_BACKTESTS = [
  {
    file: '../shared/data/uci-servicenow-incidents/incident_event_log.csv.zip',
    format: 'servicenow',
    train: '2016-02-29..2016-04-10',
    test: '2016-02-29..2016-04-10',
  },
  {
    file: '../shared/data/uci-servicenow-incidents/incident_event_log.csv.zip',
    format: 'servicenow',
    train: '2016-02-29..2016-04-10',
    test: '2016-04-11..2016-05-15',
  },
  {
    file: '../shared/data/helpdesk/helpdesk.csv',
    format: 'eventlog',
    train: '2011-10-03..2012-03-25',
    test: '2011-10-03..2012-03-25',
  },
  {
    file: '../shared/data/helpdesk/helpdesk.csv',
    format: 'eventlog',
    train: '2011-10-03..2012-03-25',
    test: '2012-03-26..2012-06-24',
  },
] as const;

export const DOCUMENTED_REPLICATIONS = 20;
export const DOCUMENTED_SEED = 1;

async function main(): Promise<number> {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const doc = `${repo}docs/calibration.md`;
  if (!existsSync(doc)) {
    process.stderr.write(`backtest: ${doc} is missing: it holds the prose around the generated tables\n`);
    return 1;
  }
  let text = readFileSync(doc, 'utf8');
  // Each log is read once for its backtests.
  const histories = new Map<string, History>();
  for (const b of DOCUMENTED_BACKTESTS) {
    const path = `${repo}${b.file}`;
    if (!existsSync(path)) {
      process.stderr.write(`backtest: ${b.file} is not there: skipped (its tables in docs/calibration.md are left as they were)\n`);
      continue;
    }
    let history = histories.get(path);
    if (!history) {
      process.stderr.write(`backtest: reading ${b.file}\n`);
      history = await readHistoryFile(path, { format: b.format });
      histories.set(path, history);
    }
    try {
      const { result, wallMs } = await runBacktestCommand(history, {
        train: b.train,
        test: b.test,
        replications: DOCUMENTED_REPLICATIONS,
        seed: DOCUMENTED_SEED,
        workers: defaultWorkerCount(),
      });
      const key = sectionKey(b.file, result.inSample);
      const next = replaceSection(text, key, backtestMarkdown(result));
      if (next === null) throw new Error(`docs/calibration.md has no markers for ${key}`);
      text = next;
      writeFileSync(doc, text);
      process.stderr.write(`backtest: ${key} done in ${(wallMs / 1000).toFixed(1)} s\n`);
    } catch (e) {
      if (e instanceof BacktestCancelled) {
        process.stderr.write('backtest: cancelled\n');
        return 130;
      }
      throw e;
    }
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`backtest: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
