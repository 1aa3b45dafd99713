import type { ComparisonRow } from '../../sim/calibration/backtest.js';
import { formatWall } from '../../sim/calibration/history.js';
import type { BacktestResult } from '../calibration/backtest.js';
import { table } from './kpiTable.js';

/**
 * A backtest as a manager reads it: each figure of the test period as it really was, beside the
 * simulation's mean with its 95% CI and the 95% prediction interval of one period, and whether
 * the actual lies inside each. The same rows print as a terminal table and as Markdown for docs/.
 */

function value(unit: ComparisonRow['unit'], x: number): string {
  const text = unit === 'share' ? `${(x * 100).toFixed(1)}%` : unit === 'hours' && Math.abs(x) < 10 ? x.toFixed(2) : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
  // A CI bound a rounding error below zero reads as "-0.00": it is zero.
  return /^-0(\.0*)?%?$/.test(text) ? text.slice(1) : text;
}

function signedValue(unit: ComparisonRow['unit'], x: number): string {
  if (unit === 'share') return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`;
  return `${x >= 0 ? '+' : '-'}${value(unit, Math.abs(x))}`;
}

/** 'inside' or 'misses by +12.3 (+4.5%)' */
export function verdict(row: ComparisonRow): string {
  if (row.inCi === null || row.missBy === null) return 'not measured';
  if (row.inCi) return 'inside the CI';
  // Relative to a mean near zero the percentage says nothing: left out past 1000%.
  const rel = row.missRelative === null || Math.abs(row.missRelative) > 10 ? '' : ` (${row.missRelative >= 0 ? '+' : ''}${(row.missRelative * 100).toFixed(0)}%)`;
  return `misses by ${signedValue(row.unit, row.missBy)}${rel}`;
}

function cells(row: ComparisonRow): string[] {
  const s = row.simulated;
  return [
    row.label,
    row.actual === null ? '-' : value(row.unit, row.actual),
    s ? `${value(row.unit, s.mean)} [${value(row.unit, s.lo)}, ${value(row.unit, s.hi)}]` : '-',
    s ? `${value(row.unit, s.predictionLo)} .. ${value(row.unit, s.predictionHi)}` : '-',
    verdict(row),
    row.inPrediction === null ? '-' : row.inPrediction ? 'yes' : 'no',
  ];
}

const HEADER = ['measure', 'actual', 'simulated mean [95% CI]', '95% prediction interval', 'actual vs CI', 'in PI'];

function weeklyRows(result: BacktestResult, kind: 'volume' | 'backlog'): string[][] {
  return result.comparison.weekly.map((w) => {
    const c = cells(w[kind]);
    c[0] = kind === 'volume' ? `week ${w.week} (from ${w.from})` : `end of week ${w.week}`;
    return c;
  });
}

const HISTORY_HEADER = ['week from', 'period', 'tickets', 'resolution median (h)', 'resolution P90 (h)', 'reassigned'];

/** The history itself week by week over training and test: drift and breaks show here. */
function historyRows(result: BacktestResult): string[][] {
  const testFrom = result.test.slice(0, 10);
  return result.weeks.map((w) => {
    const from = formatWall(w.from).slice(0, 10);
    return [
      from,
      from < testFrom ? 'training' : result.inSample ? 'training = test' : 'test',
      w.tickets.toLocaleString('en-US'),
      w.resolutionHours ? value('hours', w.resolutionHours.p50) : '-',
      w.resolutionHours ? value('hours', w.resolutionHours.p90) : '-',
      w.reassignedShare === null ? '-' : value('share', w.reassignedShare),
    ];
  });
}

function headline(result: BacktestResult): string[] {
  const weeks = result.comparison.weeks;
  return [
    `${result.inSample ? 'In-sample check' : 'Backtest'} of ${result.source}: calibrated on ${result.train} (${result.trainTickets.toLocaleString('en-US')} tickets),`,
    `simulated ${result.test} (${weeks} week${weeks === 1 ? '' : 's'}, ${result.actual.tickets.toLocaleString('en-US')} real tickets) ${result.warmupDays > 0 ? `after ${result.warmupDays} days of warm-up from empty` : 'from empty'},`,
    `then ${result.tailDays} days without arrivals for late resolutions; ${result.replications} replications, seed ${result.seed}, wall clock ${result.timeZone}.`,
  ];
}

export function backtestTable(result: BacktestResult, wallMs: number): string {
  return [
    ...headline(result),
    '',
    ...table(HEADER, result.comparison.rows.map(cells)),
    '',
    'Week by week: tickets opened',
    ...table(HEADER, weeklyRows(result, 'volume')),
    '',
    'Week by week: open tickets at the week end',
    ...table(HEADER, weeklyRows(result, 'backlog')),
    '',
    'The history week by week (resolutions counted up to the same cut-off)',
    ...table(HISTORY_HEADER, historyRows(result)),
    '',
    ...result.warnings.map((w) => `reader: ${w}`),
    `Backtest in ${(wallMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

function markdownTable(rows: string[][], header = HEADER): string[] {
  const escape = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`),
  ];
}

/**
 * The tables as Markdown, for docs/calibration.md (between the log's generated-section markers).
 * An in-sample check shows its headline figures only: the weeks are the prediction's business.
 */
export function backtestMarkdown(result: BacktestResult): string {
  const head = [headline(result).join(' '), '', ...markdownTable(result.comparison.rows.map(cells))];
  if (result.inSample) return head.join('\n');
  return [
    ...head,
    '',
    'Week by week, tickets opened:',
    '',
    ...markdownTable(weeklyRows(result, 'volume')),
    '',
    'Week by week, open tickets at the week end:',
    '',
    ...markdownTable(weeklyRows(result, 'backlog')),
    '',
    'The history itself, week by week over training and test (resolutions counted up to the same cut-off):',
    '',
    ...markdownTable(historyRows(result), HISTORY_HEADER),
  ].join('\n');
}

/** Markers around a log's generated tables in a Markdown file, keyed by the data file's name. */
export function sectionMarkers(key: string): { begin: string; end: string } {
  return { begin: `<!-- backtest:${key} begin (generated by supportsim backtest; do not edit) -->`, end: `<!-- backtest:${key} end -->` };
}

/**
 * The document with the section for `key` replaced by `body`; if the document has no such
 * section, null (the caller decides whether to append or to write the tables alone).
 */
export function replaceSection(document: string, key: string, body: string): string | null {
  const { begin, end } = sectionMarkers(key);
  const i = document.indexOf(begin);
  const j = document.indexOf(end, i + begin.length);
  if (i < 0 || j < 0) return null;
  return `${document.slice(0, i + begin.length)}\n${body}\n${document.slice(j)}`;
}
