import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parsePeriod } from '../../sim/calibration/backtest.js';
import { DATE_FORMATS, type DateFormat } from '../../sim/calibration/dates.js';
import type { History } from '../../sim/calibration/history.js';
import { HISTORY_FORMATS, type HistoryFormat } from '../../sim/calibration/readHistory.js';
import { backtestMarkdown, backtestTable, replaceSection, sectionMarkers } from '../cli/backtestTable.js';
import { readExportFile } from '../cli/exportFile.js';
import { progressLine } from '../cli/progressLine.js';
import { UserError } from '../cli/scenarioFile.js';
import { defaultWorkerCount, nodePool } from '../nodePool.js';
import { CancelledError } from '../pool.js';
import { backtestHistory, DEFAULT_TAIL_DAYS, type BacktestResult } from './backtest.js';

/**
 * `supportsim backtest`: reads the export, calibrates on the training period, runs the test
 * period's replications on the worker pool with a progress line on stderr (Ctrl-C cancels), and
 * prints the comparison. `npm run backtest` (backtestDocs.ts) shares runBacktestCommand.
 */

export const BACKTEST_HELP = `supportsim backtest <export.csv|export.csv.zip> --format <${HISTORY_FORMATS.join('|')}> --train D..D --test D..D [options]
    Does a calibrated scenario predict? Calibrate on the training period, simulate the test period
    that follows (starting empty at the training start, so the training period is the warm-up),
    and compare with what the export shows: weekly volume, median and P90 resolution time, open
    tickets at week ends, reassigned share and first response, each simulated figure with its 95%
    CI and the 95% prediction interval of one real period.

    --format F          as for calibrate: generic, servicenow, zendesk, jsm, eventlog
    --train D..D        training period, YYYY-MM-DD..YYYY-MM-DD, both days included
    --test D..D         test period, whole weeks: from the day after training ends (a prediction),
                        or from the training's first day (in sample: does it reproduce its own data?)
    --replications N    replications of the test period (default 20); --seed S (default 1)
    --workers N         worker threads (default: one per core; 0 runs in this process)
    --tail-days N       days simulated after the test period without arrivals, so slow tickets
                        can resolve (default ${DEFAULT_TAIL_DAYS}); both sides count resolutions up to its end
    --time-zone Z       IANA zone of the export's times (default UTC)
    --date-format D     auto (default), ${DATE_FORMATS.join(', ')}
    --map field=column  read a field from another column (repeatable)
    --json              print the comparison as one JSON object
    --out FILE          write to FILE; a .md file gets the tables as Markdown, replacing this
                        export's section (between its markers) or appending one

    Example (the UCI log, see docs/calibration.md):
      supportsim backtest ../shared/data/uci-servicenow-incidents/incident_event_log.csv.zip --format servicenow \\
        --train 2016-02-29..2016-04-10 --test 2016-04-11..2016-05-15 --replications 20
`;

class BacktestUsage extends Error {}

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !(n >= min && n <= max)) throw new BacktestUsage(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

/** The command: parses its own options (workers/cli.ts hands it the arguments); returns the exit status. */
export async function backtestCommand(argv: string[]): Promise<number> {
  let file: string;
  let format: HistoryFormat;
  let options: BacktestCommandOptions;
  let read: { dateFormat: DateFormat | 'auto'; timeZone?: string; map: Record<string, string> };
  let output: { json: boolean; out?: string };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        train: { type: 'string' },
        test: { type: 'string' },
        replications: { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        'tail-days': { type: 'string' },
        'time-zone': { type: 'string' },
        'date-format': { type: 'string' },
        map: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(BACKTEST_HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new BacktestUsage(`backtest takes one export file, got ${positionals.length}`);
    file = positionals[0];
    if (values.format === undefined || !(HISTORY_FORMATS as readonly string[]).includes(values.format)) {
      throw new BacktestUsage(`--format: expected one of ${HISTORY_FORMATS.join(', ')}, got ${values.format === undefined ? 'nothing' : `"${values.format}"`}`);
    }
    format = values.format as HistoryFormat;
    if (values.train === undefined || values.test === undefined) throw new BacktestUsage('backtest needs --train D..D and --test D..D (YYYY-MM-DD..YYYY-MM-DD)');
    const dateFormat = values['date-format'] ?? 'auto';
    if (dateFormat !== 'auto' && !(DATE_FORMATS as readonly string[]).includes(dateFormat)) {
      throw new BacktestUsage(`--date-format: expected auto, ${DATE_FORMATS.join(', ')}, got "${dateFormat}"`);
    }
    const map: Record<string, string> = {};
    for (const entry of values.map ?? []) {
      const eq = entry.indexOf('=');
      if (eq <= 0 || eq === entry.length - 1) throw new BacktestUsage(`--map: expected field=column, got "${entry}"`);
      map[entry.slice(0, eq).trim()] = entry.slice(eq + 1).trim();
    }
    read = { dateFormat: dateFormat as DateFormat | 'auto', map, ...(values['time-zone'] !== undefined ? { timeZone: values['time-zone'] } : {}) };
    options = {
      train: values.train,
      test: values.test,
      replications: wholeNumber('--replications', values.replications, 2, 10_000) ?? 20,
      seed: wholeNumber('--seed', values.seed, 0, Number.MAX_SAFE_INTEGER) ?? 1,
      workers: wholeNumber('--workers', values.workers, 0, 256) ?? defaultWorkerCount(),
      tailDays: wholeNumber('--tail-days', values['tail-days'], 0, 365) ?? DEFAULT_TAIL_DAYS,
    };
    try {
      const { train, test } = backtestPeriods(options);
      if (test.from !== train.to && test.from !== train.from) {
        throw new BacktestUsage(`--test must start the day after --train ends (a prediction) or on its first day (an in-sample check), got ${options.train} then ${options.test}`);
      }
      if ((test.to - test.from) % (7 * 1440) !== 0) throw new BacktestUsage(`--test: expected whole weeks, got ${(test.to - test.from) / 1440} days (${options.test})`);
    } catch (e) {
      if (e instanceof RangeError) throw new BacktestUsage(e.message);
      throw e;
    }
    output = { json: values.json === true, ...(values.out !== undefined ? { out: values.out } : {}) };
  } catch (e) {
    if (e instanceof BacktestUsage || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`supportsim: ${(e as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    throw e;
  }

  const progress = progressLine();
  const history = await readExportFile('backtest', file, { format, ...read }, progress);
  let run: { result: BacktestResult; wallMs: number };
  try {
    run = await runBacktestCommand(history, options);
  } catch (e) {
    if (e instanceof BacktestCancelled) {
      process.stderr.write('supportsim: cancelled\n');
      return 130;
    }
    if (e instanceof RangeError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
  const text = writeBacktest(run.result, performance.now() - progress.started, file, output);
  if (text !== null) process.stdout.write(`${text}\n`);
  return 0;
}

export interface BacktestCommandOptions {
  train: string;
  test: string;
  replications: number;
  seed: number;
  workers: number;
  tailDays?: number;
}

export class BacktestCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'BacktestCancelled';
  }
}

/** Checks the periods before anything slow happens; throws RangeError with the flag's name. */
export function backtestPeriods(options: Pick<BacktestCommandOptions, 'train' | 'test'>): { train: { from: number; to: number }; test: { from: number; to: number } } {
  return { train: parsePeriod(options.train, '--train'), test: parsePeriod(options.test, '--test') };
}

export async function runBacktestCommand(history: History, options: BacktestCommandOptions): Promise<{ result: BacktestResult; wallMs: number }> {
  const { train, test } = backtestPeriods(options);
  const progress = progressLine();
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const pool = options.workers > 0 ? nodePool(Math.min(options.workers, options.replications)) : undefined;
  try {
    const result = await backtestHistory(history, {
      train,
      test,
      replications: options.replications,
      seed: options.seed,
      tailDays: options.tailDays ?? DEFAULT_TAIL_DAYS,
      pool,
      signal: controller.signal,
      onProgress: (fraction, finished) =>
        progress.update(
          (seconds) => `supportsim: backtest ${basename(history.source)}: ${(fraction * 100).toFixed(0)}% (${finished}/${options.replications} replications, ${seconds.toFixed(1)} s)`,
        ),
    });
    return { result, wallMs: performance.now() - progress.started };
  } catch (e) {
    if (e instanceof CancelledError) throw new BacktestCancelled();
    throw e;
  } finally {
    progress.clear();
    process.off('SIGINT', onInterrupt);
    pool?.close();
  }
}

/** The key of a backtest's section in a Markdown document: the file's name, and whether it is in sample. */
export function sectionKey(file: string, inSample: boolean): string {
  return `${basename(file)}${inSample ? ':in-sample' : ''}`;
}

/**
 * Write a backtest: JSON, a terminal table, or (for a .md file) its section of that document,
 * replaced in place between its markers, or appended with markers when the document lacks them.
 */
export function writeBacktest(result: BacktestResult, wallMs: number, file: string, output: { json: boolean; out?: string }): string | null {
  if (output.json) {
    const { scenario, ...rest } = result;
    const text = JSON.stringify({ ...rest, scenario: scenario.name, perf: { wallMs: Math.round(wallMs) } });
    if (output.out) writeFileSync(output.out, `${text}\n`);
    return output.out ? null : text;
  }
  if (output.out && output.out.endsWith('.md')) {
    const key = sectionKey(file, result.inSample);
    const body = backtestMarkdown(result);
    const current = existsSync(output.out) ? readFileSync(output.out, 'utf8') : '';
    const replaced = replaceSection(current, key, body);
    const { begin, end } = sectionMarkers(key);
    const next = replaced ?? `${current}${current === '' || current.endsWith('\n\n') ? '' : current.endsWith('\n') ? '\n' : '\n\n'}${begin}\n${body}\n${end}\n`;
    writeFileSync(output.out, next);
    return null;
  }
  const text = backtestTable(result, wallMs);
  if (output.out) writeFileSync(output.out, `${text}\n`);
  return output.out ? null : text;
}
