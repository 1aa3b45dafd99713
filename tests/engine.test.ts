import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { EventQueue, MAX_PRIORITY, SEQUENCE_LIMIT } from '../sim/engine/eventQueue.js';
import { Engine, NORMAL, URGENT } from '../sim/engine/engine.js';

type Entry = { time: number; order: number; kind: number; payload: number };

function popEntry(q: EventQueue): Entry {
  const e = { time: q.peekTime(), order: q.peekOrder(), kind: q.peekKind(), payload: q.peekPayload() };
  q.pop();
  return e;
}

const byTimeThenOrder = (a: Entry, b: Entry) => a.time - b.time || a.order - b.order;

/** Reference future-event list: a sorted array, popped from the front. */
class SortedArrayQueue {
  private items: Entry[] = [];
  push(e: Entry): void {
    this.items.push(e);
    this.items.sort(byTimeThenOrder);
  }
  pop(): Entry | undefined {
    return this.items.shift();
  }
  get size(): number {
    return this.items.length;
  }
}

describe('EventQueue', () => {
  it('pops in (time, order) order', () => {
    const q = new EventQueue();
    const entries: Entry[] = [
      { time: 5, order: 1, kind: 0, payload: 10 },
      { time: 1, order: 7, kind: 1, payload: 11 },
      { time: 5, order: 0, kind: 2, payload: 12 },
      { time: 1, order: 3, kind: 3, payload: 13 },
      { time: 0, order: 9, kind: 4, payload: 14 },
      { time: 5, order: 2 * SEQUENCE_LIMIT, kind: 5, payload: 15 },
      { time: 5, order: SEQUENCE_LIMIT + 4, kind: 6, payload: 16 },
    ];
    for (const e of entries) q.push(e.time, e.order, e.kind, e.payload);
    expect(q.size).toBe(entries.length);
    const popped: Entry[] = [];
    while (q.size > 0) popped.push(popEntry(q));
    expect(popped).toEqual([...entries].sort(byTimeThenOrder));
  });

  it('peekTime on an empty queue is Infinity (also after draining)', () => {
    const q = new EventQueue();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    q.push(3, 0, 0, 0);
    expect(q.peekTime()).toBe(3);
    q.pop();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    q.push(4, 1, 0, 0);
    q.clear();
    expect(q.peekTime()).toBe(Infinity);
  });

  it('matches a sorted-array reference on random push/pop sequences (ties common)', () => {
    const op = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          push: fc.constant(true as const),
          time: fc.constantFrom(0, 0.5, 1, 2, 2.5, 3, 10),
          priority: fc.integer({ min: 0, max: 3 }),
          kind: fc.integer({ min: 0, max: 7 }),
          payload: fc.integer({ min: -1000, max: 1000 }),
        }),
      },
      { weight: 2, arbitrary: fc.record({ push: fc.constant(false as const) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: 'max' }), fc.integer({ min: 1, max: 40 }), (ops, capacity) => {
        const q = new EventQueue(capacity); // small capacities exercise grow()
        const ref = new SortedArrayQueue();
        let seq = 0;
        const got: Entry[] = [];
        const want: Entry[] = [];
        for (const o of ops) {
          if (o.push) {
            const e = { time: o.time, order: o.priority * SEQUENCE_LIMIT + seq++, kind: o.kind, payload: o.payload };
            q.push(e.time, e.order, e.kind, e.payload);
            ref.push(e);
          } else if (ref.size > 0) {
            want.push(ref.pop()!);
            got.push(popEntry(q));
          }
          expect(q.size).toBe(ref.size);
        }
        while (ref.size > 0) {
          want.push(ref.pop()!);
          got.push(popEntry(q));
        }
        expect(got).toEqual(want);
        expect(q.peekTime()).toBe(Infinity);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it('keeps order when growing far past the initial capacity (200k entries)', () => {
    const q = new EventQueue(16);
    const rng = seedrandom.alea('grow');
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const time = Math.floor(rng() * 1000); // many ties
      const priority = Math.floor(rng() * (MAX_PRIORITY + 1));
      q.push(time, priority * SEQUENCE_LIMIT + i, i & 7, i);
    }
    expect(q.size).toBe(n);
    expect(q.capacity).toBeGreaterThanOrEqual(n);
    let prevTime = -Infinity;
    let prevOrder = -Infinity;
    const seen = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const t = q.peekTime();
      const o = q.peekOrder();
      const payload = q.peekPayload();
      const ok = t > prevTime || (t === prevTime && o > prevOrder);
      if (!ok) expect.fail(`out of order at pop ${i}: (${t}, ${o}) after (${prevTime}, ${prevOrder})`);
      // order and payload travel together: the sequence packed in the order is the payload here.
      if (o % SEQUENCE_LIMIT !== payload || q.peekKind() !== (payload & 7)) expect.fail(`entry fields mixed up at pop ${i}`);
      seen[payload]++;
      prevTime = t;
      prevOrder = o;
      q.pop();
    }
    expect(q.size).toBe(0);
    expect(seen.every((c) => c === 1)).toBe(true);
  });
});

/** An engine with a single "log" kind whose handler records (now, payload). */
function loggingEngine() {
  const engine = new Engine();
  const log: Array<[number, number]> = [];
  const kind = engine.register('log', (payload) => log.push([engine.now, payload]));
  return { engine, log, kind };
}

describe('Engine ordering', () => {
  it('runs equal-time events by priority, then in scheduling order', () => {
    const { engine, log, kind } = loggingEngine();
    engine.scheduleAt(kind, 1, 5, NORMAL);
    engine.scheduleAt(kind, 2, 5, 3);
    engine.scheduleAt(kind, 3, 5, URGENT);
    engine.scheduleAt(kind, 4, 5, NORMAL);
    engine.scheduleAt(kind, 5, 2, 3);
    engine.scheduleAt(kind, 6, 5, URGENT);
    engine.scheduleAt(kind, 7, 5, MAX_PRIORITY);
    engine.scheduleAt(kind, 8, 5, 3);
    expect(engine.run(Infinity)).toBe(true);
    expect(log.map(([, p]) => p)).toEqual([5, 3, 6, 1, 4, 2, 8, 7]);
  });

  it('events scheduled from a handler at the current time run after queued equal-time events of the same priority', () => {
    const engine = new Engine();
    const order: string[] = [];
    let child = -1;
    let urgentChild = -1;
    const parent = engine.register('parent', () => {
      order.push('parent');
      engine.schedule(child, 0, 0); // same time, NORMAL: after the already-queued NORMAL ones
      engine.schedule(urgentChild, 0, 0, URGENT); // same time, URGENT: before them
    });
    child = engine.register('child', () => order.push(`child@${engine.now}`));
    urgentChild = engine.register('urgent', () => order.push(`urgent@${engine.now}`));
    const sibling = engine.register('sibling', (p) => order.push(`sibling${p}`));
    engine.scheduleAt(parent, 0, 1);
    engine.scheduleAt(sibling, 1, 1);
    engine.scheduleAt(sibling, 2, 1);
    engine.scheduleAt(sibling, 3, 1.5);
    engine.run(Infinity);
    expect(order).toEqual(['parent', 'urgent@1', 'sibling1', 'sibling2', 'child@1', 'sibling3']);
  });

  it('now equals the event time inside handlers', () => {
    const engine = new Engine();
    const seen: Array<[number, number]> = [];
    const times = [0, 0.25, 3, 3, 7.5, 1e6];
    const kind = engine.register('t', (i) => seen.push([engine.now, times[i]]));
    times.forEach((t, i) => engine.scheduleAt(kind, i, t));
    engine.run(Infinity);
    expect(seen.length).toBe(times.length);
    for (const [now, t] of seen) expect(now).toBe(t);
    // schedule() is relative to now: a delay from inside a handler lands at now + delay.
    const e2 = new Engine();
    const at: number[] = [];
    let k = 0;
    k = e2.register('chain', (n) => {
      at.push(e2.now);
      if (n > 0) e2.schedule(k, n - 1, 2.5);
    });
    e2.schedule(k, 3, 1);
    e2.run(Infinity);
    expect(at).toEqual([1, 3.5, 6, 8.5]);
  });
});

describe('Engine.run(until)', () => {
  it('leaves events at exactly `until` pending; a later run handles them', () => {
    const { engine, log, kind } = loggingEngine();
    engine.scheduleAt(kind, 1, 3);
    engine.scheduleAt(kind, 2, 10);
    engine.scheduleAt(kind, 3, 10);
    engine.scheduleAt(kind, 4, 12);
    expect(engine.run(10)).toBe(true);
    expect(log).toEqual([[3, 1]]);
    expect(engine.now).toBe(10);
    expect(engine.pending).toBe(3);
    expect(engine.peek()).toBe(10);
    expect(engine.handled).toBe(1);

    expect(engine.run(11)).toBe(true);
    expect(log).toEqual([
      [3, 1],
      [10, 2],
      [10, 3],
    ]);
    expect(engine.now).toBe(11);
    expect(engine.pending).toBe(1);

    expect(engine.run(Infinity)).toBe(true);
    expect(log.at(-1)).toEqual([12, 4]);
    expect(engine.pending).toBe(0);
    expect(engine.peek()).toBe(Infinity);
    expect(engine.handled).toBe(4);
    expect(engine.now).toBe(12); // Infinity drains and leaves the clock at the last event
  });

  it('advances the clock to `until` even with no events, and never backwards', () => {
    const engine = new Engine();
    expect(engine.run(42)).toBe(true);
    expect(engine.now).toBe(42);
    expect(engine.run(10)).toBe(true);
    expect(engine.now).toBe(42);
    expect(engine.handled).toBe(0);
  });

  it('stop() inside a handler returns false and leaves the rest pending', () => {
    const engine = new Engine();
    const log: number[] = [];
    const kind = engine.register('k', (p) => {
      log.push(p);
      if (p === 2) engine.stop();
    });
    for (let i = 1; i <= 5; i++) engine.scheduleAt(kind, i, i);
    expect(engine.run(100)).toBe(false);
    expect(log).toEqual([1, 2]);
    expect(engine.now).toBe(2); // not advanced to `until`
    expect(engine.pending).toBe(3);
    expect(engine.handled).toBe(2);
    // A new run resumes where it stopped.
    expect(engine.run(100)).toBe(true);
    expect(log).toEqual([1, 2, 3, 4, 5]);
    expect(engine.now).toBe(100);
    expect(engine.handled).toBe(5);
  });

  it('handled counts only handled events, not cancelled ones', () => {
    const { engine, log, kind } = loggingEngine();
    const ids = [1, 2, 3, 4, 5].map((t) => engine.scheduleAt(kind, t, t));
    engine.cancel(ids[1]);
    engine.cancel(ids[3]);
    expect(engine.pending).toBe(5); // lazy: still in the heap
    engine.run(Infinity);
    expect(log.map(([, p]) => p)).toEqual([1, 3, 5]);
    expect(engine.handled).toBe(3);
    expect(engine.pending).toBe(0);
  });
});

describe('Engine lazy cancellation', () => {
  it('a cancelled event never runs; the others do', () => {
    const { engine, log, kind } = loggingEngine();
    const a = engine.scheduleAt(kind, 1, 5);
    const b = engine.scheduleAt(kind, 2, 5);
    const c = engine.scheduleAt(kind, 3, 5);
    expect(new Set([a, b, c]).size).toBe(3);
    engine.cancel(b);
    engine.run(Infinity);
    expect(log.map(([, p]) => p)).toEqual([1, 3]);
  });

  it('a handler can cancel a later event, including one at the same time', () => {
    const engine = new Engine();
    const log: number[] = [];
    let victim = -1;
    const kind = engine.register('k', (p) => {
      log.push(p);
      if (p === 1) engine.cancel(victim);
    });
    engine.scheduleAt(kind, 1, 4);
    victim = engine.scheduleAt(kind, 2, 4);
    engine.scheduleAt(kind, 3, 4);
    engine.run(Infinity);
    expect(log).toEqual([1, 3]);
  });

  it('cancelling twice, or cancelling an already-handled id, is harmless', () => {
    const { engine, log, kind } = loggingEngine();
    const first = engine.scheduleAt(kind, 1, 1);
    const second = engine.scheduleAt(kind, 2, 2);
    engine.cancel(second);
    engine.cancel(second);
    engine.run(1.5);
    expect(log.map(([, p]) => p)).toEqual([1]);
    engine.cancel(first); // already handled
    engine.cancel(first);
    // Later events (new ids are never reused) all run.
    const later = [3, 4, 5, 6].map((p) => engine.schedule(kind, p, p));
    expect(later).not.toContain(first);
    expect(later).not.toContain(second);
    engine.run(Infinity);
    expect(log.map(([, p]) => p)).toEqual([1, 3, 4, 5, 6]);
    expect(engine.handled).toBe(5);
    expect(engine.pending).toBe(0);
  });

  it('cancelling a never-issued id is refused, so it cannot suppress the event that later gets that id', () => {
    const { engine, log, kind } = loggingEngine();
    expect(() => engine.cancel(-1)).toThrow(/no such event/);
    expect(() => engine.cancel(0)).toThrow(/no such event/);
    expect(() => engine.cancel(1.5)).toThrow(RangeError);
    engine.scheduleAt(kind, 1, 1);
    engine.scheduleAt(kind, 2, 2);
    engine.run(Infinity);
    expect(log.map(([, p]) => p)).toEqual([1, 2]);
  });
});

describe('Engine argument errors', () => {
  it('refuses to run until NaN', () => {
    const { engine } = loggingEngine();
    expect(() => engine.run(NaN)).toThrow(/NaN/);
  });

  it('rejects a time in the past', () => {
    const { engine, kind } = loggingEngine();
    engine.run(10);
    expect(() => engine.scheduleAt(kind, 0, 9.5)).toThrow(RangeError);
    expect(() => engine.scheduleAt(kind, 0, 9.5)).toThrow(/cannot schedule log at 9\.5: the clock is at 10/);
    expect(() => engine.schedule(kind, 0, -1)).toThrow(RangeError);
    expect(() => engine.scheduleAt(kind, 0, -Infinity)).toThrow(RangeError);
    // Exactly now is allowed.
    expect(() => engine.scheduleAt(kind, 0, 10)).not.toThrow();
    expect(() => engine.schedule(kind, 0, 0)).not.toThrow();
  });

  it('rejects NaN times and delays', () => {
    const { engine, kind } = loggingEngine();
    expect(() => engine.scheduleAt(kind, 0, NaN)).toThrow(RangeError);
    expect(() => engine.scheduleAt(kind, 0, NaN)).toThrow(/cannot schedule log at NaN/);
    expect(() => engine.schedule(kind, 0, NaN)).toThrow(RangeError);
    expect(engine.pending).toBe(0);
  });

  it('rejects priorities outside 0..31 or not integers', () => {
    const { engine, kind } = loggingEngine();
    for (const bad of [-1, MAX_PRIORITY + 1, 32, 100, 0.5, 1.5, NaN, Infinity, -Infinity]) {
      expect(() => engine.schedule(kind, 0, 1, bad), `priority ${bad}`).toThrow(RangeError);
      expect(() => engine.schedule(kind, 0, 1, bad)).toThrow(`event priority must be an integer 0..${MAX_PRIORITY}, got ${bad}`);
    }
    expect(engine.pending).toBe(0);
    for (const ok of [0, 1, 15, MAX_PRIORITY]) expect(() => engine.schedule(kind, 0, 1, ok)).not.toThrow();
    expect(engine.pending).toBe(4);
  });

  it('a rejected call consumes no id and leaves ordering intact', () => {
    const { engine, log, kind } = loggingEngine();
    const a = engine.scheduleAt(kind, 1, 1);
    expect(() => engine.scheduleAt(kind, 0, NaN)).toThrow(RangeError);
    expect(() => engine.scheduleAt(kind, 0, 1, 99)).toThrow(RangeError);
    const b = engine.scheduleAt(kind, 2, 1);
    expect(b).toBe(a + 1);
    engine.run(Infinity);
    expect(log.map(([, p]) => p)).toEqual([1, 2]);
  });
});

describe('Engine determinism and independence', () => {
  /** A few self-rescheduling timers with random delays/priorities and occasional cancellations. */
  function runModel(seed: string): string[] {
    const rng = seedrandom.alea(seed);
    const engine = new Engine(16);
    const trace: string[] = [];
    const timers = 5;
    const nextId = new Array<number>(timers).fill(-1);
    const ticks = new Array<number>(timers).fill(0);
    let tick = -1;
    let poke = -1;
    tick = engine.register('tick', (timer) => {
      ticks[timer]++;
      trace.push(`${engine.now.toFixed(6)} tick ${timer} #${ticks[timer]}`);
      // Delays from a small set so equal-time ties happen often.
      const delay = Math.floor(rng() * 4) * 0.5;
      const priority = Math.floor(rng() * 3);
      nextId[timer] = engine.schedule(tick, timer, delay === 0 ? 0.5 : delay, priority);
      if (rng() < 0.2) engine.schedule(poke, (timer + 1) % timers, 0, Math.floor(rng() * 3));
    });
    poke = engine.register('poke', (timer) => {
      // Restart the target timer: cancel its pending tick and schedule a fresh one.
      trace.push(`${engine.now.toFixed(6)} poke ${timer}`);
      engine.cancel(nextId[timer]);
      nextId[timer] = engine.schedule(tick, timer, 1 + Math.floor(rng() * 3), URGENT);
    });
    for (let t = 0; t < timers; t++) nextId[t] = engine.scheduleAt(tick, t, rng() * 2);
    engine.run(50);
    engine.run(100); // split runs must not change anything
    trace.push(`end now=${engine.now} handled=${engine.handled} pending=${engine.pending}`);
    return trace;
  }

  it('the same seed gives an identical trace; a different seed a different one', () => {
    const a = runModel('det-1');
    const b = runModel('det-1');
    expect(a.length).toBeGreaterThan(200);
    expect(a.some((l) => l.includes('poke'))).toBe(true);
    expect(b).toEqual(a);
    expect(runModel('det-2')).not.toEqual(a);
  });

  it('trace times never decrease', () => {
    const times = runModel('det-3')
      .slice(0, -1)
      .map((l) => Number(l.split(' ')[0]));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
  });

  it('the engine files import nothing from the model (no knowledge of tickets)', () => {
    for (const file of ['engine.ts', 'eventQueue.ts']) {
      const src = readFileSync(new URL(`../sim/engine/${file}`, import.meta.url), 'utf8');
      const specifiers = [...src.matchAll(/(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      const dynamic = [...src.matchAll(/import\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
      for (const s of [...specifiers, ...dynamic]) {
        expect(s, `${file} imports ${s}`).toMatch(/^\.\/[\w.]+\.js$/); // only siblings in sim/engine
        expect(s).not.toMatch(/model|ticket/i);
      }
      expect(src).not.toMatch(/require\s*\(/);
      expect(src).not.toMatch(/from\s*['"][^'"]*\/model\//);
    }
  });
});
