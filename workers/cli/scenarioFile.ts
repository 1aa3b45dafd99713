import { readFileSync, statSync } from 'node:fs';
import { parseScenarioText } from '../../scenarios/parse.js';
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
  const result = parseScenarioText(readFileSync(path, 'utf8'));
  if (!result.ok) {
    const count = result.errors.length;
    throw new UserError(`${path}: ${count === 1 ? result.errors[0] : `${count} problems`}`, count === 1 ? [] : result.errors);
  }
  return result.scenario;
}
