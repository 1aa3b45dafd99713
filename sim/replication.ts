import { Engine } from './engine/engine.js';
import { Desk, MINUTES_PER_DAY } from './model/desk.js';
import type { DeskRecorder } from './model/deskRecorder.js';
import type { KpiRecord, SeriesRecord } from './model/observations.js';
import type { Scenario } from './model/scenario.js';

export interface ReplicationResult {
  replication: number;
  kpis: KpiRecord;
  /** Backlog and arrivals over time, occupancy and arrivals by hour of week. */
  series: SeriesRecord;
  /** Minutes between two points of the time series. */
  seriesStepMinutes: number;
  /** Events the engine handled. */
  events: number;
  peakOpenTickets: number;
}

export interface ReplicationOptions {
  /** Called about once per simulated day with the share of the run done. */
  onProgress?: (fraction: number) => void;
  /** Polled with progress; returning true abandons the replication (it then throws `Cancelled`). */
  shouldStop?: () => boolean;
  /** Sees every handled event by kind name ('arrival', 'touch-end', ...): for tests and traces. */
  trace?: (time: number, kind: string, payload: number) => void;
  /** Watches the desk at the level of tickets and agents (sim/training's trace recorder). */
  recorder?: DeskRecorder;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/**
 * One replication: a pure function of (scenario, seed, replication index). Its random streams
 * derive from those three and a purpose, so the same replication gives the same numbers in any
 * thread, process or order.
 */
export function runReplication(
  scenario: Scenario,
  seed: number | string,
  replication: number,
  options: ReplicationOptions = {},
): ReplicationResult {
  const engine = new Engine(1024);
  const desk = new Desk(engine, scenario, seed, replication, options.recorder ?? null);
  const trace = options.trace;
  if (trace) engine.trace((time, kind, payload) => trace(time, engine.kindName(kind), payload));
  const step = MINUTES_PER_DAY;
  const advance = (until: number): void => {
    for (let t = engine.now; t < until; ) {
      t = Math.min(until, t + step);
      engine.run(t);
      options.onProgress?.(t / desk.end);
      if (options.shouldStop?.()) throw new Cancelled();
    }
  };
  advance(desk.measureFrom);
  desk.observations.startMeasuring(engine.now);
  advance(desk.end);
  desk.censorOpenTickets();
  const kpis = desk.observations.kpis(engine.now, desk.end - desk.measureFrom);
  return {
    replication,
    kpis,
    series: desk.observations.series((desk.end - desk.measureFrom) / (7 * MINUTES_PER_DAY)),
    seriesStepMinutes: desk.observations.seriesStep,
    events: engine.handled,
    peakOpenTickets: desk.tickets.peakInUse,
  };
}
