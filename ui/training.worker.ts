import * as Comlink from 'comlink';
import { parseScenario } from '../scenarios/parse.js';
import { recordDeskTrace } from '../sim/training/record.js';
import { traceBuffers, type DeskTrace } from '../sim/training/trace.js';

/**
 * The training view's trace, recorded off the page's thread: validate the scenario, run the first
 * days of one replication with the trace recorder attached (sim/training/record.ts, the same code
 * the tests run on Node), and hand the typed arrays back by transfer, not by copy.
 */
export interface TraceRequest {
  /** A scenario as stored (raw JSON) or already parsed: validated here either way. */
  raw: unknown;
  days: number;
  maxEvents: number;
  seed?: number;
  replication?: number;
}

export type TraceReply = { ok: true; trace: DeskTrace; wallMs: number } | { ok: false; errors: string[] };

export interface TrainingWorkerApi {
  record(request: TraceRequest): TraceReply;
}

const api: TrainingWorkerApi = {
  record(request) {
    const parsed = parseScenario(request.raw);
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    const started = performance.now();
    const trace = recordDeskTrace(parsed.scenario, { days: request.days, maxEvents: request.maxEvents, seed: request.seed, replication: request.replication });
    return Comlink.transfer({ ok: true, trace, wallMs: performance.now() - started }, traceBuffers(trace));
  },
};

Comlink.expose(api);
