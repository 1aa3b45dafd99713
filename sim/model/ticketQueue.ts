import { grown } from './tickets.js';

/**
 * A queue of ticket slots. Every entry carries the sequence stamp it was pushed with; a ticket
 * that leaves a queue early (a caller hangs up, an escalation moves it) just clears its stamp,
 * and its stale entry is dropped when it reaches the head. `headKey` orders heads across queues,
 * so an agent serving several queues takes the best ticket of all of them.
 */
export interface TicketQueue {
  /** Live entries. */
  size: number;
  /** `rank`: the lane (priority) or the deadline; `stamp`: a global, increasing sequence. */
  push(slot: number, rank: number, stamp: number): void;
  /** Key of the head (smaller is served first), Infinity when empty. */
  headKey(stamps: Float64Array): number;
  /** Remove and return the head slot, or -1 when empty. */
  pop(stamps: Float64Array): number;
  /** A live entry left the queue early (its stamp was cleared by the caller). */
  discard(): void;
}

/** Stamps stay below 2^40; a lane or priority above them keeps FIFO order within the lane. */
const LANE_WEIGHT = 2 ** 40;

/** One FIFO lane per rank (priority), served lowest lane first. Pushes and pops are O(1). */
export class LaneQueue implements TicketQueue {
  private readonly slots: Int32Array[] = [];
  private readonly stamps: Float64Array[] = [];
  // Declared, then set in the constructor (see TimeWeighted for why not plain fields).
  private declare readonly heads: Int32Array;
  private declare readonly counts: Int32Array;
  size = 0;

  constructor(lanes: number) {
    for (let i = 0; i < lanes; i++) {
      this.slots.push(new Int32Array(16));
      this.stamps.push(new Float64Array(16));
    }
    this.heads = new Int32Array(lanes);
    this.counts = new Int32Array(lanes);
  }

  push(slot: number, rank: number, stamp: number): void {
    const lane = rank;
    if (this.counts[lane] === this.slots[lane].length) this.grow(lane);
    const ring = this.slots[lane];
    let tail = this.heads[lane] + this.counts[lane];
    if (tail >= ring.length) tail -= ring.length;
    ring[tail] = slot;
    this.stamps[lane][tail] = stamp;
    this.counts[lane]++;
    this.size++;
  }

  headKey(live: Float64Array): number {
    const lane = this.liveLane(live);
    return lane < 0 ? Infinity : lane * LANE_WEIGHT + this.stamps[lane][this.heads[lane]];
  }

  pop(live: Float64Array): number {
    const lane = this.liveLane(live);
    if (lane < 0) return -1;
    const slot = this.slots[lane][this.heads[lane]];
    this.advance(lane);
    this.size--;
    return slot;
  }

  discard(): void {
    this.size--;
  }

  /** First lane whose head is live, dropping stale heads on the way; -1 when none. */
  private liveLane(live: Float64Array): number {
    if (this.size === 0) return -1;
    const counts = this.counts;
    for (let lane = 0; lane < counts.length; lane++) {
      while (counts[lane] > 0) {
        const head = this.heads[lane];
        if (live[this.slots[lane][head]] === this.stamps[lane][head]) return lane;
        this.advance(lane);
      }
    }
    return -1;
  }

  private advance(lane: number): void {
    const head = this.heads[lane] + 1;
    this.heads[lane] = head === this.slots[lane].length ? 0 : head;
    this.counts[lane]--;
  }

  private grow(lane: number): void {
    const head = this.heads[lane];
    const unroll = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = grown(a, a.length * 2);
      b.set(a.subarray(head) as ArrayLike<number>, 0);
      b.set(a.subarray(0, head) as ArrayLike<number>, a.length - head);
      return b;
    };
    this.slots[lane] = unroll(this.slots[lane]);
    this.stamps[lane] = unroll(this.stamps[lane]);
    this.heads[lane] = 0;
  }
}

/**
 * First in, first out (routing policy fifo): what a LaneQueue of one lane does, without looking
 * the lane up on every push and pop. Its key is the stamp, as lane 0's is.
 */
export class FifoQueue implements TicketQueue {
  private slots = new Int32Array(16);
  private stamps = new Float64Array(16);
  private head = 0;
  private count = 0;
  size = 0;

  push(slot: number, _rank: number, stamp: number): void {
    if (this.count === this.slots.length) this.grow();
    let tail = this.head + this.count;
    if (tail >= this.slots.length) tail -= this.slots.length;
    this.slots[tail] = slot;
    this.stamps[tail] = stamp;
    this.count++;
    this.size++;
  }

  headKey(live: Float64Array): number {
    return this.clean(live) ? this.stamps[this.head] : Infinity;
  }

  pop(live: Float64Array): number {
    if (!this.clean(live)) return -1;
    const slot = this.slots[this.head];
    this.advance();
    this.size--;
    return slot;
  }

  discard(): void {
    this.size--;
  }

  /** Is there a live head (stale heads dropped on the way)? */
  private clean(live: Float64Array): boolean {
    if (this.size === 0) return false;
    while (this.count > 0) {
      if (live[this.slots[this.head]] === this.stamps[this.head]) return true;
      this.advance();
    }
    return false;
  }

  private advance(): void {
    const head = this.head + 1;
    this.head = head === this.slots.length ? 0 : head;
    this.count--;
  }

  private grow(): void {
    const head = this.head;
    const unroll = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = grown(a, a.length * 2);
      b.set(a.subarray(head) as ArrayLike<number>, 0);
      b.set(a.subarray(0, head) as ArrayLike<number>, a.length - head);
      return b;
    };
    this.slots = unroll(this.slots);
    this.stamps = unroll(this.stamps);
    this.head = 0;
  }
}

/** Earliest deadline first: a binary heap on (deadline, stamp). */
export class DeadlineQueue implements TicketQueue {
  private deadlines = new Float64Array(16);
  private stamps = new Float64Array(16);
  private slots = new Int32Array(16);
  private length = 0;
  size = 0;

  push(slot: number, rank: number, stamp: number): void {
    if (this.length === this.slots.length) {
      const n = this.slots.length * 2;
      this.deadlines = grown(this.deadlines, n);
      this.stamps = grown(this.stamps, n);
      this.slots = grown(this.slots, n);
    }
    let i = this.length++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.before(p, rank, stamp)) break;
      this.move(p, i);
      i = p;
    }
    this.deadlines[i] = rank;
    this.stamps[i] = stamp;
    this.slots[i] = slot;
    this.size++;
  }

  headKey(live: Float64Array): number {
    return this.clean(live) ? this.deadlines[0] : Infinity;
  }

  pop(live: Float64Array): number {
    if (!this.clean(live)) return -1;
    const slot = this.slots[0];
    this.removeHead();
    this.size--;
    return slot;
  }

  discard(): void {
    this.size--;
  }

  private clean(live: Float64Array): boolean {
    while (this.length > 0) {
      if (live[this.slots[0]] === this.stamps[0]) return true;
      this.removeHead();
    }
    return false;
  }

  private before(i: number, deadline: number, stamp: number): boolean {
    return this.deadlines[i] < deadline || (this.deadlines[i] === deadline && this.stamps[i] < stamp);
  }

  private move(from: number, to: number): void {
    this.deadlines[to] = this.deadlines[from];
    this.stamps[to] = this.stamps[from];
    this.slots[to] = this.slots[from];
  }

  private removeHead(): void {
    const last = --this.length;
    if (last === 0) return;
    const deadline = this.deadlines[last];
    const stamp = this.stamps[last];
    const slot = this.slots[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && this.before(c + 1, this.deadlines[c], this.stamps[c])) c++;
      if (!this.before(c, deadline, stamp)) break;
      this.move(c, i);
      i = c;
    }
    this.deadlines[i] = deadline;
    this.stamps[i] = stamp;
    this.slots[i] = slot;
  }
}
