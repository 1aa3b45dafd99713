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
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UserError(`${path}: not a file`);
    size = stat.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size > LIMITS.fileBytes) {
    throw new UserError(`${path}: the file is ${size.toLocaleString('en-US')} bytes; a scenario may be at most ${LIMITS.fileBytes.toLocaleString('en-US')}`);
  }
  const text = readFileSync(path, 'utf8');
  let result = parseScenarioText(text);
  if (!result.ok && /trace files are read by the CLI/.test(result.errors.join('\n'))) {
    // Trace-driven arrivals: read the CSV files named in the scenario (relative to it), then validate.
    let resolved: unknown;
    try {
      resolved = resolveTraceFiles(JSON.parse(text), (file) => readFileSync(resolve(dirname(path), file), 'utf8'));
    } catch (e) {
      throw new UserError(`${path}: ${(e as Error).message}`);
    }
    result = parseScenario(resolved);
  }
  if (!result.ok) {
    const count = result.errors.length;
    throw new UserError(`${path}: ${count === 1 ? result.errors[0] : `${count} problems`}`, count === 1 ? [] : result.errors);
  }
  return result.scenario;
}
