import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runExperiment, type RunSummary } from '../sim/experiment.js';
import type { Scenario } from '../sim/model/scenario.js';
import { LIMITS } from '../scenarios/schema.js';
import { kpiTable } from './cli/kpiTable.js';
import { loadScenarioFile, UserError } from './cli/scenarioFile.js';

const HELP = `supportsim: simulate a technical-support desk and report SLA compliance, waits and backlog

Usage:
  supportsim run <scenario.json> [--json] [--replications N] [--seed S]
      Simulate the scenario N times (default: the scenario's "replications") and print a
      KPI table with 95% confidence intervals, or with --json the machine-readable result.
  supportsim validate <scenario.json>
      Check a scenario file and list every problem with its path, value and what was expected.
  supportsim --help

Options:
  --json             print one JSON object (the output contract in DESIGN.md) instead of a table
  --replications N   independent replications, 1..${LIMITS.replications}
  --seed S           base seed, a whole number >= 0; replication r uses streams derived from (S, r)
  -h, --help         show this help

Exit status: 0 on success, 1 for a bad scenario file, 2 for bad arguments.
`;

class UsageError extends Error {}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        replications: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const [command, ...files] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (!command) throw new UsageError('missing command: expected run or validate (see supportsim --help)');
  switch (command) {
    case 'validate': {
      const file = single(files, 'validate');
      const scenario = loadScenarioFile(file);
      process.stdout.write(`${file}: valid scenario "${scenario.name}" (version ${scenario.version})\n`);
      return 0;
    }
    case 'run': {
      const file = single(files, 'run');
      const scenario = loadScenarioFile(file);
      const replications = values.replications === undefined ? scenario.replications : wholeNumber('--replications', values.replications, 1, LIMITS.replications);
      const seed = values.seed === undefined ? scenario.seed : wholeNumber('--seed', values.seed, 0, Number.MAX_SAFE_INTEGER);
      const started = performance.now();
      const summary = runExperiment(scenario, { seed, replications, onProgress: progressLine(scenario.name, replications, started) });
      const wallMs = performance.now() - started;
      clearProgress();
      if (values.json) process.stdout.write(`${JSON.stringify(runJson(summary, wallMs))}\n`);
      else process.stdout.write(`${kpiTable(summary, scenario, wallMs)}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}": expected run or validate (see supportsim --help)`);
  }
}

/** The DESIGN.md contract: everything outside `perf` is a pure function of (scenario, seed, replications). */
export function runJson(summary: RunSummary, wallMs: number) {
  return {
    scenario: summary.scenario,
    seed: summary.seed,
    replications: summary.replications,
    horizonDays: summary.horizonDays,
    warmupDays: summary.warmupDays,
    kpis: summary.kpis,
    series: summary.series,
    perf: { events: summary.events, wallMs: Math.round(wallMs), peakOpenTickets: summary.peakOpenTickets },
  };
}

function single(files: string[], command: string): string {
  if (files.length !== 1) throw new UsageError(`${command} takes one scenario file, got ${files.length}`);
  return files[0];
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`);
  }
  return n;
}

let progressShown = false;

/** A progress line on stderr, only once a run has taken more than a second. */
function progressLine(name: string, replications: number, started: number): (fraction: number) => void {
  let lastShown = 0;
  const tty = process.stderr.isTTY === true;
  return (fraction) => {
    const now = performance.now();
    if (now - started < 1000 || now - lastShown < (tty ? 100 : 2000)) return;
    lastShown = now;
    const done = Math.min(replications, Math.floor(fraction * replications));
    const text = `supportsim: running ${name}: ${(fraction * 100).toFixed(0)}% (${done}/${replications} replications, ${((now - started) / 1000).toFixed(1)} s)`;
    process.stderr.write(tty ? `\r${text}\x1b[K` : `${text}\n`);
    progressShown = true;
  };
}

function clearProgress(): void {
  if (progressShown && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  progressShown = false;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  clearProgress();
  if (e instanceof UserError) {
    process.stderr.write(`supportsim: ${e.message}\n`);
    for (const line of e.details) process.stderr.write(`  ${line}\n`);
    process.exitCode = 1;
  } else if (e instanceof UsageError) {
    process.stderr.write(`supportsim: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    // Not the user's fault: keep the stack, it is what a bug report needs.
    process.stderr.write(`supportsim: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 70;
  }
}
