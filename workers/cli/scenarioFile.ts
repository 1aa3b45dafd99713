import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseScenario, parseScenarioText } from '../../scenarios/parse.js';
import { resolveTraceFiles } from '../../scenarios/trace.js';
import { LIMITS } from '../../scenarios/schema.js';
import type { Scenario } from '../../sim/model/scenario.js';

/** A problem the user can fix: printed as one line per problem, never as a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Read and validate a scenario file; the size is checked before the file is read. */
export function loadScenarioFile(path: string): Scenario {
  return readScenarioFile(path).scenario;
}

/**
 * A scenario file as written (`raw`, JSON with trace files read in, for sweeps to vary) and
 * validated (`scenario`).
 */
export function readScenarioFile(path: string): { raw: unknown; scenario: Scenario } {
  const text = readLimited(path, LIMITS.fileBytes, 'a scenario');
  let raw: unknown;
  let result = parseScenarioText(text);
  if (result.ok) raw = JSON.parse(text);
  else if (/trace files are read by the CLI/.test(result.errors.join('\n'))) {
    // Trace-driven arrivals: read the CSV files named in the scenario (relative to it), then validate.
    try {
      raw = resolveTraceFiles(JSON.parse(text), (file) => readFileSync(resolve(dirname(path), file), 'utf8'));
    } catch (e) {
      throw new UserError(`${path}: ${(e as Error).message}`);
    }
    result = parseScenario(raw);
  }
  if (!result.ok) {
    const count = result.errors.length;
    throw new UserError(`${path}: ${count === 1 ? result.errors[0] : `${count} problems`}`, count === 1 ? [] : result.errors);
  }
  return { raw, scenario: result.scenario };
}

/** A file's text, refusing files that are missing, not files, or larger than `limit` bytes. */
export function readLimited(path: string, limit: number, what: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UserError(`${path}: not a file`);
    size = stat.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size > limit) {
    throw new UserError(`${path}: the file is ${size.toLocaleString('en-US')} bytes; ${what} may be at most ${limit.toLocaleString('en-US')}`);
  }
  return readFileSync(path, 'utf8');
}
