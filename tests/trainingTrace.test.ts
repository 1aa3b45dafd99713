/**
 * The training view's desk trace (sim/training): the recorder is bounded and says when it was cut
 * short; the same scenario and seed give the same arrays, on the main thread and in a worker
 * thread; the replay's random access (keyframes + forward apply) gives exactly the state of
 * applying the events one by one; tickets are conserved at every event; the trace agrees with the
 * model's own counts; and a run with no recorder is byte-identical to one that records.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenarios/parse.js';
import type { Scenario } from '../sim/model/scenario.js';
import { runReplication } from '../sim/replication.js';
import { recordDeskTrace } from '../sim/training/record.js';
import { TraceRecorder } from '../sim/training/recorder.js';
import { ABANDONED, applyEvent, DeskReplay, emptyState, IN_PROGRESS, isOpen, kpisOf, ON, REOPENED, SOLVED, type DeskState } from '../sim/training/replay.js';
import * as E from '../sim/training/trace.js';
import type { DeskTrace } from '../sim/training/trace.js';
import { parseRoute } from '../ui/router.js';

function bundled(name: string): Scenario {
  const result = parseScenarioText(readFileSync(`scenarios/${name}.json`, 'utf8'));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.scenario;
}

const COLUMNS = ['time', 'kind', 'ticket', 'agent', 'a', 'b'] as const;
const TICKET_COLUMNS = ['arrival', 'priority', 'stream', 'ackAmber', 'ackDue', 'resolveAmber', 'resolveDue'] as const;

/** Every array of a trace as plain numbers, and its other fields: equal iff the traces are. */
function plain(trace: DeskTrace): unknown {
  return {
    ...trace,
    ...Object.fromEntries(COLUMNS.map((c) => [c, Array.from(trace[c])])),
    tickets: { count: trace.tickets.count, ...Object.fromEntries(TICKET_COLUMNS.map((c) => [c, Array.from(trace.tickets[c])])) },
  };
}

function snapshot(s: DeskState): unknown {
  return JSON.parse(JSON.stringify(s, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : value)));
}

/** A small seeded generator for the test's own choices (not the model's). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const seedDefaults = bundled('seed-defaults');

describe('the desk trace recorder', () => {
  it('is bounded: the cap stops recording and sets truncated; under the cap nothing is cut', () => {
    const erlang = bundled('erlang-c-check');
    const capped = recordDeskTrace(erlang, { days: 1, maxEvents: 1000 });
    expect(capped.truncated).toBe(true);
    expect(capped.count).toBe(1000);
    for (const c of COLUMNS) expect(capped[c].length).toBe(1000);
    expect(capped.coveredMinutes).toBe(capped.time[999]);
    expect(capped.coveredMinutes).toBeLessThan(24 * 60);
    // Every ticket of the capped trace arrived inside it.
    expect(capped.tickets.count).toBe(Array.from(capped.kind).filter((k) => k === E.ARRIVE).length);

    const full = recordDeskTrace(erlang, { days: 1, maxEvents: 100_000 });
    expect(full.truncated).toBe(false);
    expect(full.count).toBeGreaterThan(15_000);
    expect(full.coveredMinutes).toBe(24 * 60);
    // The capped trace is exactly the full one's first 1000 events.
    for (const c of COLUMNS) expect(Array.from(capped[c])).toEqual(Array.from(full[c].subarray(0, 1000)));
    // Times never go back.
    for (let i = 1; i < full.count; i++) if (full.time[i] < full.time[i - 1]) throw new Error(`event ${i} goes back in time`);
  });

  it('refuses bad options with a clear message', () => {
    expect(() => recordDeskTrace(seedDefaults, { days: 0, maxEvents: 10 })).toThrow(/days must be in/);
    expect(() => recordDeskTrace(seedDefaults, { days: 1, maxEvents: 1.5 })).toThrow(/maxEvents must be an integer/);
    expect(() => new TraceRecorder(0)).toThrow(/maxEvents must be a positive integer/);
  });

  it('is deterministic: same scenario and seed, same arrays; another seed differs', () => {
    const a = recordDeskTrace(seedDefaults, { days: 2, maxEvents: 60_000, seed: 5 });
    const b = recordDeskTrace(seedDefaults, { days: 2, maxEvents: 60_000, seed: 5 });
    const c = recordDeskTrace(seedDefaults, { days: 2, maxEvents: 60_000, seed: 6 });
    expect(a.count).toBeGreaterThan(2000);
    expect(plain(b)).toEqual(plain(a));
    expect(Array.from(c.time)).not.toEqual(Array.from(a.time));
  });

  const compiled = new URL('../dist/sim/training/record.js', import.meta.url);
  it.skipIf(!existsSync(compiled))('gives the same trace in a worker thread as on the main thread (needs dist/, built by npm test)', async () => {
    const options = { days: 2, maxEvents: 60_000, seed: 3 };
    const main = recordDeskTrace(seedDefaults, options);
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.url).then((m) => {
        const trace = m.recordDeskTrace(workerData.scenario, workerData.options);
        parentPort.postMessage(trace);
      });`;
    const fromWorker = await new Promise<DeskTrace>((resolve, reject) => {
      const worker = new Worker(code, { eval: true, workerData: { url: compiled.href, scenario: seedDefaults, options } });
      worker.once('message', (trace: DeskTrace) => {
        void worker.terminate();
        resolve(trace);
      });
      worker.once('error', reject);
    });
    expect(plain(fromWorker)).toEqual(plain(main));
  });

  it('records what the model counts: tickets, abandons, and covers every kind of event of the seed desk', () => {
    const trace = recordDeskTrace(seedDefaults, { days: 3, maxEvents: 100_000 });
    expect(trace.truncated).toBe(false);
    const short: Scenario = { ...seedDefaults, warmupDays: 0, horizonDays: 3 };
    const run = runReplication(short, seedDefaults.seed, 0);
    const model = new Map(run.kpis);
    expect(trace.tickets.count).toBe(model.get('flow.arrivals'));
    const kinds = new Set(trace.kind);
    // Arrivals, queues, touches, the customer, escalation, solve/reopen/abandon, after-hours ACK, shifts and breaks.
    for (const k of [E.ARRIVE, E.QUEUE, E.START, E.END, E.PENDING, E.ANSWER, E.MOVE, E.SOLVE, E.REOPEN, E.ABANDON, E.AFTER_HOURS, E.TASK_QUEUE, E.TASK_START, E.TASK_END, E.ON_DUTY, E.OFF_DUTY, E.ON_BREAK]) {
      expect(kinds.has(k), `event kind ${k}`).toBe(true);
    }
    const end = new DeskReplay(trace).at(trace.count);
    const final = kpisOf(end);
    expect(final.abandoned).toBe(model.get('flow.abandoned'));
    // The model counts first solves; a reopened ticket still open was solved once.
    let reopenedOpen = 0;
    for (let id = 0; id < end.arrivals; id++) if (isOpen(end.ticketState[id]) && end.ticketFlags[id] & REOPENED) reopenedOpen++;
    expect(final.solved + reopenedOpen).toBe(model.get('flow.solved'));
    expect(final.open - reopenedOpen).toBe(model.get('flow.openAtEnd'));
    // The picture: three agent tiers and engineering, agents by shift, the ACK duty group, P1..P4 targets.
    const p = trace.picture;
    expect(p.groups.map((g) => g.name)).toEqual(seedDefaults.groups.map((g) => g.name));
    expect(p.agentGroup.length).toBe(p.agentShift.length);
    expect(p.dutyGroup).toBeGreaterThanOrEqual(0);
    expect(p.targets).toHaveLength(4);
    expect(p.businessHours.length % 2).toBe(0);
    expect(p.businessHours.length).toBeGreaterThanOrEqual(4);
  });

  it('a run without a recorder is byte-identical to one with a recorder (recording changes nothing)', () => {
    for (const name of ['seed-defaults', 'follow-the-sun', 'small-team']) {
      const s = bundled(name);
      const short: Scenario = { ...s, horizonDays: 7 };
      const plainRun = JSON.stringify(runReplication(short, 11, 1));
      const recorded = JSON.stringify(runReplication(short, 11, 1, { recorder: new TraceRecorder(500_000) }));
      const cut = JSON.stringify(runReplication(short, 11, 1, { recorder: new TraceRecorder(100) }));
      expect(recorded, name).toBe(plainRun);
      expect(cut, name).toBe(plainRun);
    }
  });
});

describe('the replay', () => {
  const trace = recordDeskTrace(seedDefaults, { days: 3, maxEvents: 100_000, seed: 2 });

  it('the state at any index equals the state built by applying events 0 .. i - 1, in any order of access', () => {
    const reference = emptyState(trace);
    const random = lcg(42);
    const checkpoints = new Set<number>([0, 1, 63, 64, 65, trace.count - 1, trace.count]);
    while (checkpoints.size < 60) checkpoints.add(Math.floor(random() * (trace.count + 1)));
    const expected = new Map<number, unknown>();
    for (let i = 0; i <= trace.count; i++) {
      if (checkpoints.has(i)) expected.set(i, snapshot(reference));
      if (i < trace.count) applyEvent(reference, trace, i);
    }
    const replay = new DeskReplay(trace, 64);
    // Jump around: back, forward, small steps forward, back to the start.
    const order = [...checkpoints].sort(() => random() - 0.5);
    for (const i of order) expect(snapshot(replay.at(i)), `index ${i}`).toEqual(expected.get(i));
    for (const i of [...checkpoints].sort((x, y) => x - y)) expect(snapshot(replay.at(i)), `index ${i} ascending`).toEqual(expected.get(i));
  });

  it('conserves tickets at every event: arrivals = solved + abandoned + open, and counts agree with the tickets', () => {
    const replay = new DeskReplay(trace);
    for (let i = 0; i <= trace.count; i += 7) {
      const s = replay.at(i);
      const k = kpisOf(s);
      expect(k.arrivals).toBe(k.solved + k.abandoned + k.open);
      let solved = 0;
      let abandoned = 0;
      let open = 0;
      let inProgress = 0;
      for (let id = 0; id < s.arrivals; id++) {
        const st = s.ticketState[id];
        if (st === SOLVED) solved++;
        else if (st === ABANDONED) abandoned++;
        else if (isOpen(st)) open++;
        else throw new Error(`ticket ${id} arrived but has no state at event ${i}`);
        if (st === IN_PROGRESS) inProgress++;
      }
      expect([solved, abandoned, open]).toEqual([k.solved, k.abandoned, k.open]);
      if (i > 0) expect(i < trace.count ? replay.openAfter[i - 1] : k.open).toBe(k.open);
      // Nobody works off duty, and every ticket in progress has an agent.
      let busy = 0;
      let load = 0;
      for (let a = 0; a < s.agentDuty.length; a++) {
        if (s.agentLoad[a] > 0) {
          busy++;
          expect(s.agentDuty[a], `agent ${a} at event ${i}`).toBe(ON);
        }
        load += s.agentLoad[a];
      }
      expect(busy).toBe(s.busy);
      // Between instants (not between a touch's end and what follows it at the same time) every
      // ticket in progress is in some agent's load.
      if (i === trace.count || trace.time[i] > trace.time[i - 1]) expect(load, `load at event ${i}`).toBeGreaterThanOrEqual(inProgress);
      expect(s.busy).toBeLessThanOrEqual(s.staffed);
    }
  });

  it('finds the index of a time by binary search', () => {
    const replay = new DeskReplay(trace);
    const t = trace.time[500];
    const i = replay.indexAtTime(t);
    expect(trace.time[i - 1]).toBe(t);
    expect(i === trace.count || trace.time[i] > t).toBe(true);
    expect(replay.indexAtTime(-1)).toBe(0);
    expect(replay.indexAtTime(Infinity)).toBe(trace.count);
    expect(() => replay.at(trace.count + 1)).toThrow(/event index/);
  });

  it('KPIs so far: occupancy between 0 and 1, compliance as shares, mean wait non-negative', () => {
    const replay = new DeskReplay(trace);
    const k = kpisOf(replay.at(trace.count), trace.coveredMinutes);
    expect(k.occupancy).toBeGreaterThan(0.2);
    expect(k.occupancy).toBeLessThanOrEqual(1);
    expect(k.acknowledgeCompliance).toBeGreaterThan(0.5);
    expect(k.acknowledgeCompliance).toBeLessThanOrEqual(1);
    expect(k.meanWait).toBeGreaterThan(0);
    expect(k.ackJudged).toBeGreaterThan(0.9 * k.arrivals);
  });
});

describe('the training route', () => {
  it('parses #/training with a lesson or a scenario', () => {
    const route = parseRoute('#/training?lesson=hockey-stick&days=2');
    expect(route.view).toBe('training');
    if (route.view === 'training') expect([route.params.get('lesson'), route.params.get('days')]).toEqual(['hockey-stick', '2']);
    expect(parseRoute('#/training').view).toBe('training');
    expect(parseRoute('#/training/x').view).toBe('not-found');
  });
});
