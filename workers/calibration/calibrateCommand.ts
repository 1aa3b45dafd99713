import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseScenario } from '../../scenarios/parse.js';
import { calibrate, type CalibrateOptions } from '../../sim/calibration/calibrate.js';
import { DATE_FORMATS, type DateFormat } from '../../sim/calibration/dates.js';
import { wallMinutes } from '../../sim/calibration/history.js';
import { HISTORY_FORMATS, HISTORY_LIMITS, selectPeriod, type HistoryFormat } from '../../sim/calibration/readHistory.js';
import { calibrateTable } from '../cli/calibrateTable.js';
import { readExportFile } from '../cli/exportFile.js';
import { progressLine } from '../cli/progressLine.js';
import { UserError } from '../cli/scenarioFile.js';

export const CALIBRATE_HELP = `supportsim calibrate <export.csv|export.csv.zip> --format <${HISTORY_FORMATS.join('|')}> [options]
    Read a ticket or event-log export, fit arrivals, priorities, first-response and resolution
    times, routing, reopen and pending delays and staffing, print the fit report and write a
    scenario that reproduces the history.

    --format F          generic, servicenow (incident audit log, UCI), zendesk (ticket CSV export),
                        jsm (Jira Service Management issue CSV), eventlog (case/activity/timestamp)
    --out FILE          write the calibrated scenario to FILE (JSON)
    --json              print the fit report as JSON instead of a table
    --time-zone Z       IANA zone of the export's times (default UTC); becomes the scenario's zone
    --date-format D     auto (default), ${DATE_FORMATS.join(', ')}
    --from D --to D     only tickets created from D (inclusive) to D (exclusive), D = YYYY-MM-DD
    --map field=column  read a field from another column (repeatable), e.g. --map created="Opened On"
    --max-groups N      history groups kept as scenario groups, the rest merged into "other" (default 8)
    --horizon-days N    measured days of the scenario (default 91); --warmup-days N (default 28)
    --name NAME         scenario name (default "calibrated desk")
    --replications N    replications written into the scenario (default 10); --seed S (default 1)
    --max-mb N          refuse files larger than N MB (default ${HISTORY_LIMITS.textChars / 1e6})
`;

class CalibrateUsage extends Error {}

function positiveNumber(flag: string, text: string | undefined, min: number, max: number, whole = true): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(whole ? /^\d+$/ : /^\d*\.?\d+$/).test(text) || !(n >= min && n <= max)) {
    throw new CalibrateUsage(`${flag}: expected ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

function dateOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const v = m === null ? NaN : wallMinutes(+m[1], +m[2], +m[3]);
  if (!Number.isFinite(v)) throw new CalibrateUsage(`${flag}: expected a date YYYY-MM-DD, got "${text}"`);
  return v;
}

/**
 * `supportsim calibrate`: parses its own options (workers/cli.ts hands it the arguments), reads
 * the export with a progress line, calibrates, validates the scenario against the schema and
 * prints the report. Returns the exit status: 0, 1 for a file that cannot be read, 2 for bad
 * arguments.
 */
export async function calibrateCommand(argv: string[]): Promise<number> {
  let values;
  let files: string[];
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        'time-zone': { type: 'string' },
        'date-format': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        map: { type: 'string', multiple: true },
        'max-groups': { type: 'string' },
        'horizon-days': { type: 'string' },
        'warmup-days': { type: 'string' },
        name: { type: 'string' },
        replications: { type: 'string' },
        seed: { type: 'string' },
        'max-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    values = parsed.values;
    files = parsed.positionals;
    if (values.help) {
      process.stdout.write(CALIBRATE_HELP);
      return 0;
    }
    if (files.length !== 1) throw new CalibrateUsage(`calibrate takes one export file, got ${files.length}`);
    if (values.format === undefined) throw new CalibrateUsage(`calibrate needs --format (${HISTORY_FORMATS.join(', ')})`);
    if (!(HISTORY_FORMATS as readonly string[]).includes(values.format)) {
      throw new CalibrateUsage(`--format: expected one of ${HISTORY_FORMATS.join(', ')}, got "${values.format}"`);
    }
    const dateFormat = values['date-format'] ?? 'auto';
    if (dateFormat !== 'auto' && !(DATE_FORMATS as readonly string[]).includes(dateFormat)) {
      throw new CalibrateUsage(`--date-format: expected auto, ${DATE_FORMATS.join(', ')}, got "${dateFormat}"`);
    }
  } catch (e) {
    if (e instanceof CalibrateUsage || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`supportsim: ${(e as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    throw e;
  }

  let map: Record<string, string> = {};
  let calibrateOptions: CalibrateOptions;
  let from: number | undefined;
  let to: number | undefined;
  let maxMb: number | undefined;
  try {
    for (const entry of values.map ?? []) {
      const eq = entry.indexOf('=');
      if (eq <= 0 || eq === entry.length - 1) throw new CalibrateUsage(`--map: expected field=column, got "${entry}"`);
      map = { ...map, [entry.slice(0, eq).trim()]: entry.slice(eq + 1).trim() };
    }
    from = dateOption('--from', values.from);
    to = dateOption('--to', values.to);
    if (from !== undefined && to !== undefined && !(to > from)) throw new CalibrateUsage(`--to (${values.to}) must come after --from (${values.from})`);
    maxMb = positiveNumber('--max-mb', values['max-mb'], 1, 2000);
    calibrateOptions = {
      ...(values.name !== undefined ? { name: values.name } : {}),
      maxGroups: positiveNumber('--max-groups', values['max-groups'], 1, 150),
      horizonDays: positiveNumber('--horizon-days', values['horizon-days'], 1, 3660),
      warmupDays: positiveNumber('--warmup-days', values['warmup-days'], 0, 365),
      replications: positiveNumber('--replications', values.replications, 1, 10_000),
      seed: positiveNumber('--seed', values.seed, 0, Number.MAX_SAFE_INTEGER),
    };
  } catch (e) {
    if (e instanceof CalibrateUsage) {
      process.stderr.write(`supportsim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const file = files[0];
  const history = await readExportFile(
    'calibrate',
    file,
    {
      format: values.format as HistoryFormat,
      map,
      dateFormat: (values['date-format'] ?? 'auto') as DateFormat | 'auto',
      ...(values['time-zone'] !== undefined ? { timeZone: values['time-zone'] } : {}),
      ...(maxMb !== undefined ? { maxChars: maxMb * 1e6 } : {}),
    },
    progressLine(),
  );
  const selected = selectPeriod(history, from, to);
  if (selected.tickets.length === 0) {
    throw new UserError(`${file}: no ticket was created between ${values.from ?? 'the start'} and ${values.to ?? 'the end'} (the export has ${history.tickets.length} tickets)`);
  }
  const { scenario, report } = calibrate(selected, calibrateOptions);
  const checked = parseScenario(scenario);
  if (!checked.ok) throw new Error(`the calibrated scenario does not validate:\n${checked.errors.join('\n')}`);
  if (values.out !== undefined) writeFileSync(values.out, `${JSON.stringify(scenario, null, 2)}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${calibrateTable(report, { ...(values.out !== undefined ? { out: values.out } : {}) })}\n`);
  return 0;
}
