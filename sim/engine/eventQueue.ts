/**
 * The future-event list: a binary min-heap on parallel typed arrays.
 *
 * An entry is (time, order, kind, payload). `order` packs the priority above the insertion
 * sequence (priority * 2^PRIORITY_SHIFT + sequence), so one float comparison after the time
 * gives SimPy's (time, priority, eid) ordering: ties never depend on heap layout.
 * A heap of objects was measured about 5x slower once 100k events were pending; moving
 * four numbers per swap in typed arrays keeps the loop free of allocation and pointer chasing.
 */

/** Sequences stay below 2^48 (2.8e14 events); priorities 0..MAX_PRIORITY stay exact in a float64. */
export const SEQUENCE_LIMIT = 2 ** 48;
export const MAX_PRIORITY = 31;

export class EventQueue {
  // Declared, then set in the constructor (see TimeWeighted in sim/metrics for why not plain fields).
  private declare times: Float64Array;
  private declare orders: Float64Array;
  private declare kinds: Int32Array;
  private declare payloads: Int32Array;
  size = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity | 0);
    this.times = new Float64Array(n);
    this.orders = new Float64Array(n);
    this.kinds = new Int32Array(n);
    this.payloads = new Int32Array(n);
  }

  get capacity(): number {
    return this.times.length;
  }

  push(time: number, order: number, kind: number, payload: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const orders = this.orders;
    const kinds = this.kinds;
    const payloads = this.payloads;
    // Sift up with a hole instead of swaps: each level moves one entry once.
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && orders[parent] < order)) break;
      times[i] = pt;
      orders[i] = orders[parent];
      kinds[i] = kinds[parent];
      payloads[i] = payloads[parent];
      i = parent;
    }
    times[i] = time;
    orders[i] = order;
    kinds[i] = kind;
    payloads[i] = payload;
  }

  /** Time of the earliest entry; Infinity when empty. */
  peekTime(): number {
    return this.size > 0 ? this.times[0] : Infinity;
  }

  peekOrder(): number {
    return this.orders[0];
  }

  peekKind(): number {
    return this.kinds[0];
  }

  peekPayload(): number {
    return this.payloads[0];
  }

  /** Remove the earliest entry (read it first with the peek methods). */
  pop(): void {
    if (this.size === 0) return;
    const last = --this.size;
    if (last === 0) return;
    const times = this.times;
    const orders = this.orders;
    const kinds = this.kinds;
    const payloads = this.payloads;
    const time = times[last];
    const order = orders[last];
    const kind = kinds[last];
    const payload = payloads[last];
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let child = 2 * i + 1;
      let ct = times[child];
      let co = orders[child];
      const right = child + 1;
      if (right < last) {
        const rt = times[right];
        if (rt < ct || (rt === ct && orders[right] < co)) {
          child = right;
          ct = rt;
          co = orders[right];
        }
      }
      if (time < ct || (time === ct && order < co)) break;
      times[i] = ct;
      orders[i] = co;
      kinds[i] = kinds[child];
      payloads[i] = payloads[child];
      i = child;
    }
    times[i] = time;
    orders[i] = order;
    kinds[i] = kind;
    payloads[i] = payload;
  }

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    const orders = new Float64Array(n);
    const kinds = new Int32Array(n);
    const payloads = new Int32Array(n);
    times.set(this.times);
    orders.set(this.orders);
    kinds.set(this.kinds);
    payloads.set(this.payloads);
    this.times = times;
    this.orders = orders;
    this.kinds = kinds;
    this.payloads = payloads;
  }
}
