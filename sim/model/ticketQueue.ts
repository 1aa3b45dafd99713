import { grown } from './tickets.js';

/**
 * A group's queue: one FIFO lane per service class, served lowest lane first. A FIFO desk uses
 * one lane; priority-then-FIFO uses a lane per priority. Lanes are growable ring buffers of
 * ticket slots, so a push or pop is a few integer operations.
 */
export class TicketQueue {
  private readonly rings: Int32Array[];
  private readonly heads: Int32Array;
  private readonly counts: Int32Array;
  size = 0;

  constructor(lanes: number, initialCapacity = 64) {
    this.rings = [];
    for (let i = 0; i < lanes; i++) this.rings.push(new Int32Array(Math.max(4, initialCapacity)));
    this.heads = new Int32Array(lanes);
    this.counts = new Int32Array(lanes);
  }

  get lanes(): number {
    return this.rings.length;
  }

  laneSize(lane: number): number {
    return this.counts[lane];
  }

  push(lane: number, slot: number): void {
    let ring = this.rings[lane];
    const count = this.counts[lane];
    if (count === ring.length) ring = this.grow(lane);
    let tail = this.heads[lane] + count;
    if (tail >= ring.length) tail -= ring.length;
    ring[tail] = slot;
    this.counts[lane] = count + 1;
    this.size++;
  }

  /** Remove and return the next ticket slot, or -1 when empty. */
  pop(): number {
    if (this.size === 0) return -1;
    const counts = this.counts;
    let lane = 0;
    while (counts[lane] === 0) lane++;
    const ring = this.rings[lane];
    const head = this.heads[lane];
    const slot = ring[head];
    this.heads[lane] = head + 1 === ring.length ? 0 : head + 1;
    counts[lane]--;
    this.size--;
    return slot;
  }

  /** Visit queued slots lane by lane, in service order. */
  forEach(visit: (slot: number) => void): void {
    for (let lane = 0; lane < this.rings.length; lane++) {
      const ring = this.rings[lane];
      for (let k = 0; k < this.counts[lane]; k++) visit(ring[(this.heads[lane] + k) % ring.length]);
    }
  }

  private grow(lane: number): Int32Array {
    const old = this.rings[lane];
    const head = this.heads[lane];
    // Unroll the ring so the copy starts at the head.
    const unrolled = new Int32Array(old.length);
    unrolled.set(old.subarray(head));
    unrolled.set(old.subarray(0, head), old.length - head);
    const ring = grown(unrolled, old.length * 2);
    this.rings[lane] = ring;
    this.heads[lane] = 0;
    return ring;
  }
}
