import { EventQueue, MAX_PRIORITY, SEQUENCE_LIMIT } from './eventQueue.js';

/**
 * The simulation core, after SimPy's Environment: a clock, a future-event list and a loop.
 * It knows nothing about tickets or agents. A model registers one handler per event kind and
 * schedules (kind, payload) pairs; the payload is an integer the model interprets (a ticket
 * slot, an agent index...), so scheduling an event allocates nothing.
 */

export type EventHandler = (payload: number) => void;
/** Sees every handled event before its handler runs (tests, the training view's trace). */
export type EventTracer = (time: number, kind: number, payload: number) => void;

/** Equal-time events run by priority (lower first), then in the order they were scheduled. */
export const URGENT = 0;
export const NORMAL = 1;

export class Engine {
  /** Simulation clock in minutes since the scenario start. */
  now = 0;
  /** Events handled so far (cancelled ones excluded). */
  handled = 0;

  // Declared, then set in the constructor (see TimeWeighted in sim/metrics for why not plain fields).
  private declare readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private readonly names: string[] = [];
  private sequence = 0;
  // Lazy cancellation: a cancelled event stays in the heap and is skipped when it surfaces,
  // which is cheaper than a heap delete and keeps the heap a plain array.
  private readonly cancelled = new Set<number>();
  /**
   * Cancelled ids per bucket of their low bits. Most events that surface were never cancelled: a
   * zero here says so without a lookup in the set. Made on the first cancel.
   */
  private cancelledByBucket: Uint32Array | null = null;
  private stopping = false;
  private tracer: EventTracer | null = null;

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Register a handler and get the event kind that dispatches to it. */
  register(name: string, handler: EventHandler): number {
    this.handlers.push(handler);
    this.names.push(name);
    return this.handlers.length - 1;
  }

  kindName(kind: number): string {
    return this.names[kind] ?? `#${kind}`;
  }

  /** Schedule an event `delay` minutes from now; returns its id (for cancel). */
  schedule(kind: number, payload: number, delay: number, priority: number = NORMAL): number {
    return this.scheduleAt(kind, payload, this.now + delay, priority);
  }

  scheduleAt(kind: number, payload: number, time: number, priority: number = NORMAL): number {
    // The checks' messages live out of line: kept small, this method is inlined into the model's
    // handlers, and the time it is given is not boxed into a heap number for a call.
    if (!(time >= this.now) || priority !== NORMAL) this.check(kind, time, priority);
    const id = this.sequence++;
    if (id >= SEQUENCE_LIMIT) exhausted();
    this.queue.push(time, priority * SEQUENCE_LIMIT + id, kind, payload);
    return id;
  }

  private check(kind: number, time: number, priority: number): void {
    // NaN or a past time would silently reorder history; fail loudly instead.
    if (!(time >= this.now)) {
      throw new RangeError(`cannot schedule ${this.kindName(kind)} at ${time}: the clock is at ${this.now}`);
    }
    if (!(priority >= 0 && priority <= MAX_PRIORITY && (priority | 0) === priority)) {
      throw new RangeError(`event priority must be an integer 0..${MAX_PRIORITY}, got ${priority}`);
    }
  }

  /** Cancel a pending event. Ids are never reused, so a stale id cannot hit a later event. */
  cancel(id: number): void {
    if (!(id >= 0 && id < this.sequence && Number.isInteger(id))) {
      throw new RangeError(`cannot cancel event ${id}: no such event was scheduled`);
    }
    if (this.cancelled.has(id)) return;
    this.cancelled.add(id);
    this.cancelledByBucket ??= new Uint32Array(CANCEL_BUCKETS);
    this.cancelledByBucket[id & (CANCEL_BUCKETS - 1)]++;
  }

  /** Was the event with this id cancelled? Forgets the cancellation: an event surfaces once. */
  private wasCancelled(id: number): boolean {
    const bucket = id & (CANCEL_BUCKETS - 1);
    const counts = this.cancelledByBucket as Uint32Array;
    if (counts[bucket] === 0 || !this.cancelled.delete(id)) return false;
    counts[bucket]--;
    return true;
  }

  /** Events in the future-event list, cancelled ones included until they surface. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next event, or Infinity. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Observe every handled event; null to stop observing. */
  trace(tracer: EventTracer | null): void {
    this.tracer = tracer;
  }

  /** Ask a running `run` to return after the current event. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Handle every event strictly before `until`, then set the clock to `until`.
   * Returns false when stopped early by `stop()`.
   */
  run(until: number): boolean {
    if (Number.isNaN(until)) throw new RangeError('cannot run until NaN');
    const queue = this.queue;
    const handlers = this.handlers;
    const cancelled = this.cancelled;
    const tracer = this.tracer;
    this.stopping = false;
    while (queue.size > 0) {
      const time = queue.peekTime();
      if (time >= until) break;
      const order = queue.peekOrder();
      const kind = queue.peekKind();
      const payload = queue.peekPayload();
      queue.pop();
      if (cancelled.size > 0 && this.wasCancelled(order % SEQUENCE_LIMIT)) continue;
      this.now = time;
      this.handled++;
      if (tracer !== null) tracer(time, kind, payload);
      handlers[kind](payload);
      if (this.stopping) return false;
    }
    if (until !== Infinity && until > this.now) this.now = until;
    return true;
  }
}

/** Buckets of cancelled ids (a power of two): enough that few hold one when thousands are pending. */
const CANCEL_BUCKETS = 1 << 16;

function exhausted(): never {
  throw new RangeError('event sequence exhausted');
}
