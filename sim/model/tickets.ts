/**
 * Open tickets as a struct of typed arrays with a free list: a solved ticket's slot is reused,
 * so memory follows the number of open tickets, not the number that ever arrived, and the hot
 * loop touches numbers, not objects.
 */
export class TicketTable {
  arrival: Float64Array;
  /** Minutes of agent work the ticket needs (drawn at arrival, so staffing changes keep it). */
  work: Float64Array;
  /** When the ticket joined its current queue. */
  queuedAt: Float64Array;
  /** First response instant; NaN until an agent picks the ticket up. */
  firstResponse: Float64Array;
  priority: Uint8Array;
  stream: Uint16Array;
  group: Uint16Array;
  /** 1 when the ticket arrived inside the measured horizon. */
  measured: Uint8Array;
  /** Next slot in the free list, or -1. Slots in use hold -2. */
  private nextFree: Int32Array;
  private freeHead = -1;
  private used = 0;
  /** Tickets currently open. */
  open = 0;
  /** The most tickets open at once. */
  peakOpen = 0;

  constructor(initialCapacity = 256) {
    const n = Math.max(16, initialCapacity | 0);
    this.arrival = new Float64Array(n);
    this.work = new Float64Array(n);
    this.queuedAt = new Float64Array(n);
    this.firstResponse = new Float64Array(n);
    this.priority = new Uint8Array(n);
    this.stream = new Uint16Array(n);
    this.group = new Uint16Array(n);
    this.measured = new Uint8Array(n);
    this.nextFree = new Int32Array(n);
  }

  get capacity(): number {
    return this.arrival.length;
  }

  allocate(): number {
    let slot = this.freeHead;
    if (slot >= 0) {
      this.freeHead = this.nextFree[slot];
    } else {
      if (this.used === this.arrival.length) this.grow();
      slot = this.used++;
    }
    this.nextFree[slot] = -2;
    if (++this.open > this.peakOpen) this.peakOpen = this.open;
    return slot;
  }

  release(slot: number): void {
    this.nextFree[slot] = this.freeHead;
    this.freeHead = slot;
    this.open--;
  }

  isOpen(slot: number): boolean {
    return this.nextFree[slot] === -2;
  }

  /** Slots of open tickets in slot order (deterministic), for end-of-horizon accounting. */
  forEachOpen(visit: (slot: number) => void): void {
    for (let slot = 0; slot < this.used; slot++) if (this.nextFree[slot] === -2) visit(slot);
  }

  private grow(): void {
    const n = this.arrival.length * 2;
    this.arrival = grown(this.arrival, n);
    this.work = grown(this.work, n);
    this.queuedAt = grown(this.queuedAt, n);
    this.firstResponse = grown(this.firstResponse, n);
    this.priority = grown(this.priority, n);
    this.stream = grown(this.stream, n);
    this.group = grown(this.group, n);
    this.measured = grown(this.measured, n);
    this.nextFree = grown(this.nextFree, n);
  }
}

type NumericArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

/** A copy of `a` with room for `n` entries, of the same typed-array kind. */
export function grown<T extends NumericArray>(a: T, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(n);
  b.set(a);
  return b;
}
