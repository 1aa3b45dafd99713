import type { Scenario } from '../sim/model/scenario.js';
import type { ReplicationResult } from '../sim/replication.js';

/** One replication to run in a worker: what a caller hands the pool. */
export interface ReplicationTask {
  scenario: Scenario;
  seed: number | string;
  replication: number;
  /**
   * Fault injection for the pool's tests: 'throw' raises inside the replication, 'exit' kills the
   * worker. Honoured only when the worker was started with test hooks enabled.
   */
  testHook?: 'throw' | 'exit';
}

/**
 * A task as it crosses to a worker (structured clone). A replication of seed-defaults takes about
 * 15 ms and its scenario costs about 0.4 ms to clone, read and compare, so the scenario travels
 * only with the first task of it a worker gets in a run; later tasks name it by key.
 */
export interface WireTask {
  /** Names the scenario within the pool; a new key for every scenario of every run. */
  scenarioKey: number;
  /** Present when the worker does not hold scenario `scenarioKey` yet. */
  scenario?: Scenario;
  seed: number | string;
  replication: number;
  testHook?: 'throw' | 'exit';
}

/** What a worker exposes through comlink; the same object in a Web Worker and a worker thread. */
export interface WorkerApi {
  runReplication(task: WireTask, onProgress?: (fraction: number) => void): Promise<WireResult>;
}

/**
 * A result as it crosses back: the KPI values and series points packed into one Float64Array whose
 * buffer is transferred, not copied. As plain arrays (about 170 [name, value] pairs and 23 series
 * of up to 672 points for seed-defaults) a result costs the worker and the receiving thread a few
 * tenths of a millisecond to clone, and the receiver's garbage collector more.
 */
export interface WireResult {
  /** The result with empty `kpis` and `series`: unpacking fills them in, keeping the key order. */
  result: ReplicationResult;
  /** KPI names, then series names. */
  names: string[];
  kpiCount: number;
  seriesLengths: number[];
  /** Indices of the KPIs whose value is null (NaN stays NaN). */
  nulls: number[];
  /** KPI values, then every series' points one series after another. */
  numbers: Float64Array;
}

export function packResult(result: ReplicationResult): WireResult {
  const { kpis, series } = result;
  let size = kpis.length;
  for (const [, points] of series) size += points.length;
  const numbers = new Float64Array(size);
  const names: string[] = [];
  const nulls: number[] = [];
  for (let i = 0; i < kpis.length; i++) {
    const [name, value] = kpis[i];
    names.push(name);
    if (value === null) nulls.push(i);
    else numbers[i] = value;
  }
  const seriesLengths: number[] = [];
  let at = kpis.length;
  for (const [name, points] of series) {
    names.push(name);
    seriesLengths.push(points.length);
    numbers.set(points, at);
    at += points.length;
  }
  return { result: { ...result, kpis: [], series: [] }, names, kpiCount: kpis.length, seriesLengths, nulls, numbers };
}

export function unpackResult(wire: WireResult): ReplicationResult {
  const { names, kpiCount, seriesLengths, nulls, numbers } = wire;
  const kpis: ReplicationResult['kpis'] = new Array(kpiCount);
  for (let i = 0; i < kpiCount; i++) kpis[i] = [names[i], numbers[i]];
  for (const i of nulls) kpis[i][1] = null;
  const series: ReplicationResult['series'] = new Array(seriesLengths.length);
  let at = kpiCount;
  for (let s = 0; s < seriesLengths.length; s++) {
    const points = new Array<number>(seriesLengths[s]);
    for (let i = 0; i < points.length; i++) points[i] = numbers[at + i];
    series[s] = [names[kpiCount + s], points];
    at += points.length;
  }
  const result = wire.result;
  result.kpis = kpis;
  result.series = series;
  return result;
}
