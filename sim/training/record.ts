import { MINUTES_PER_DAY } from '../model/desk.js';
import type { Scenario } from '../model/scenario.js';
import { Cancelled, runReplication } from '../replication.js';
import { TraceRecorder } from './recorder.js';
import type { DeskTrace } from './trace.js';

export interface TraceOptions {
  /** Simulated days from the scenario's start (warm-up included: the desk opens empty). */
  days: number;
  /** Cap on recorded events; the trace says `truncated` when it was hit. */
  maxEvents: number;
  seed?: number | string;
  replication?: number;
}

export const TRACE_DEFAULTS = { days: 2, maxEvents: 50_000 } as const;
/** The longest trace a caller may ask for: a training run is minutes of watching, not a study. */
export const MAX_TRACE_DAYS = 14;
export const MAX_TRACE_EVENTS = 500_000;

/**
 * The first `days` days of one replication of the scenario, recorded event by event: a pure
 * function of (scenario, seed, replication, days, maxEvents), so the same arguments give the same
 * trace in a worker and on the main thread. The run is the ordinary runReplication with the
 * recorder as its observer, over a copy of the scenario whose measured horizon is those days.
 */
export function recordDeskTrace(scenario: Scenario, options: TraceOptions): DeskTrace {
  const { days, maxEvents } = options;
  if (!(days > 0 && days <= MAX_TRACE_DAYS)) throw new RangeError(`days must be in (0, ${MAX_TRACE_DAYS}], got ${days}`);
  if (!(Number.isInteger(maxEvents) && maxEvents > 0 && maxEvents <= MAX_TRACE_EVENTS)) {
    throw new RangeError(`maxEvents must be an integer in 1..${MAX_TRACE_EVENTS}, got ${maxEvents}`);
  }
  const total = scenario.warmupDays + scenario.horizonDays;
  const short: Scenario = { ...scenario, warmupDays: 0, horizonDays: Math.min(days, total) };
  const recorder = new TraceRecorder(maxEvents);
  try {
    // Stop soon after the cap: the rest of the run would not be recorded anyway.
    runReplication(short, options.seed ?? scenario.seed, options.replication ?? 0, { recorder, shouldStop: () => recorder.truncated });
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
  }
  return recorder.finish();
}

export { MINUTES_PER_DAY };
