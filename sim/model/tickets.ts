/**
 * Open tickets (and the short tasks they spawn: an after-hours ACK, a follow-up on a missed ETA)
 * as a struct of typed arrays with a free list: a finished ticket's slot is reused, so memory
 * follows the number of open tickets, not the number that ever arrived, and the hot loop touches
 * numbers, not objects.
 */

/** What a slot holds. */
export const TICKET = 0;
export const ACK_TASK = 1;
export const FOLLOW_UP_TASK = 2;

/** Where a ticket is in its lifecycle. */
export const QUEUED = 0;
export const IN_PROGRESS = 1;
export const PENDING_CUSTOMER = 2;
export const AT_ENGINEERING = 3;
/** Solved, and will be reopened by the customer (the slot is kept until then). */
export const SOLVED_REOPENING = 4;

/** Flag bits. */
export const MEASURED = 1;
export const ESCALATED = 2;
export const REOPENED = 4;
export const UPDATE_BREACHED = 8;
export const AFTER_HOURS = 16;
/** Sent up by a tier that could have solved it; the next tier will send it back. */
export const MISROUTED = 32;
export const PING_PONGED = 64;
/** Work was interrupted (shift handover, P1 preemption): the next touch resumes `work`. */
export const RESUME = 128;
/** A hierarchical/automatic escalation asked to raise the ticket after its current touch. */
export const RAISE_PENDING = 256;
export const SOLVED_ONCE = 512;
/** A solving touch has been worked (later ones use the follow-up handle time). */
export const WORKED = 1024;
/** Decided on arrival: the entry tier will escalate it although it could solve it. */
export const WILL_MISROUTE = 2048;
/** Found nobody free for its first touch. */
export const WAITED = 4096;

/** What a touch does. */
export const TOUCH_SOLVE = 0;
export const TOUCH_ESCALATE = 1;
export const TOUCH_BOUNCE = 2;
export const TOUCH_TASK = 3;

export const CLOCK_COUNT = 4;

export class TicketTable {
  capacity: number;
  arrival!: Float64Array;
  /** Base minutes of work of the current touch (before proficiency); after an interruption, what remains. */
  work!: Float64Array;
  /** When the ticket joined its current queue. */
  queuedAt!: Float64Array;
  /** When it entered its current tier (for Little's law per tier). */
  tierSince!: Float64Array;
  /** First response, first agent pickup, first diagnosis; NaN until they happen. */
  firstResponse!: Float64Array;
  firstPickup!: Float64Array;
  actionable!: Float64Array;
  /** Since when the ball is in our court (update clock), and since when the customer has it. */
  ballSince!: Float64Array;
  pendingSince!: Float64Array;
  /** Minutes each clock was paused while pending, in that clock's calendar (CLOCK_COUNT per ticket). */
  paused!: Float64Array;
  /** Pending timers (event ids, -1 when none), cancelled when moot. */
  patienceEvent!: Float64Array;
  escalationEvent!: Float64Array;
  automaticEvent!: Float64Array;
  etaEvent!: Float64Array;
  /** Sequence stamp of the ticket's live queue entry, -1 when not queued (stale entries are skipped). */
  queueStamp!: Float64Array;
  /** Start of the current touch and its duration in minutes. */
  touchStart!: Float64Array;
  touchDuration!: Float64Array;
  touchEvent!: Float64Array;
  /** Work of the first solving touch, drawn on arrival so staffing changes keep it. */
  firstWork!: Float64Array;
  /** When a solved ticket will be reopened (drawn on arrival), NaN for never. */
  reopenDelay!: Float64Array;
  /** What the current touch is for (a TOUCH_* constant). */
  touchKind!: Uint8Array;

  kind!: Uint8Array;
  status!: Uint8Array;
  /** Current priority (hierarchical escalation may bump it) and the one the customer filed. */
  priority!: Uint8Array;
  filedPriority!: Uint8Array;
  tier!: Uint8Array;
  /** The lowest tier able to solve the ticket (hidden from the desk). */
  complexity!: Uint8Array;
  handoffs!: Uint8Array;
  flags!: Uint16Array;
  touchesLeft!: Uint16Array;
  stream!: Uint16Array;
  category!: Uint16Array;
  policy!: Int16Array;
  /** Queue the ticket waits in (or last waited in), -1 for none. */
  queue!: Int32Array;
  /** Agent working it, -1 for none. */
  agent!: Int32Array;
  /** For tasks: the ticket slot they serve and its generation. */
  parent!: Int32Array;
  parentGeneration!: Uint32Array;
  /** Bumped each time the slot is reused, so a task can tell its ticket is gone. */
  generation!: Uint32Array;

  private nextFree!: Int32Array;
  private freeHead = -1;
  private used = 0;
  /** Slots in use (tickets and tasks). */
  inUse = 0;
  peakInUse = 0;

  constructor(initialCapacity = 256) {
    this.capacity = 0;
    this.resize(Math.max(16, initialCapacity | 0));
  }

  allocate(kind: number): number {
    let slot = this.freeHead;
    if (slot >= 0) {
      this.freeHead = this.nextFree[slot];
    } else {
      if (this.used === this.capacity) this.resize(this.capacity * 2);
      slot = this.used++;
    }
    this.nextFree[slot] = -2;
    if (++this.inUse > this.peakInUse) this.peakInUse = this.inUse;
    this.generation[slot]++;
    this.kind[slot] = kind;
    this.flags[slot] = 0;
    this.handoffs[slot] = 0;
    this.queue[slot] = -1;
    this.agent[slot] = -1;
    this.policy[slot] = -1;
    this.queueStamp[slot] = -1;
    this.patienceEvent[slot] = -1;
    this.escalationEvent[slot] = -1;
    this.automaticEvent[slot] = -1;
    this.etaEvent[slot] = -1;
    this.firstResponse[slot] = NaN;
    this.firstPickup[slot] = NaN;
    this.actionable[slot] = NaN;
    const p = slot * CLOCK_COUNT;
    const paused = this.paused;
    paused[p] = 0;
    paused[p + 1] = 0;
    paused[p + 2] = 0;
    paused[p + 3] = 0;
    return slot;
  }

  release(slot: number): void {
    this.nextFree[slot] = this.freeHead;
    this.freeHead = slot;
    this.inUse--;
  }

  isLive(slot: number, generation: number): boolean {
    return this.nextFree[slot] === -2 && this.generation[slot] === generation;
  }

  /** Slots in use in slot order (deterministic), for end-of-horizon accounting. */
  forEachInUse(visit: (slot: number) => void): void {
    for (let slot = 0; slot < this.used; slot++) if (this.nextFree[slot] === -2) visit(slot);
  }

  private resize(n: number): void {
    const t = this as unknown as Record<string, NumericArray>;
    for (const [field, make] of FIELDS) {
      const old = t[field];
      const size = field === 'paused' ? n * CLOCK_COUNT : n;
      t[field] = old ? grown(old, size) : make(size);
    }
    this.capacity = n;
  }
}

type NumericArray = Float64Array | Int32Array | Int16Array | Uint32Array | Uint16Array | Uint8Array;

const FIELDS: Array<[string, (n: number) => NumericArray]> = [
  ...[
    'arrival',
    'work',
    'queuedAt',
    'tierSince',
    'firstResponse',
    'firstPickup',
    'actionable',
    'ballSince',
    'pendingSince',
    'paused',
    'patienceEvent',
    'escalationEvent',
    'automaticEvent',
    'etaEvent',
    'queueStamp',
    'touchStart',
    'touchDuration',
    'touchEvent',
    'firstWork',
    'reopenDelay',
  ].map((f): [string, (n: number) => NumericArray] => [f, (n) => new Float64Array(n)]),
  ...['kind', 'touchKind', 'status', 'priority', 'filedPriority', 'tier', 'complexity', 'handoffs'].map(
    (f): [string, (n: number) => NumericArray] => [f, (n) => new Uint8Array(n)],
  ),
  ...['flags', 'touchesLeft', 'stream', 'category'].map((f): [string, (n: number) => NumericArray] => [f, (n) => new Uint16Array(n)]),
  ['policy', (n) => new Int16Array(n)],
  ...['queue', 'agent', 'parent', 'nextFree'].map((f): [string, (n: number) => NumericArray] => [f, (n) => new Int32Array(n)]),
  ...['parentGeneration', 'generation'].map((f): [string, (n: number) => NumericArray] => [f, (n) => new Uint32Array(n)]),
];

/** A copy of `a` with room for `n` entries, of the same typed-array kind. */
export function grown<T extends NumericArray>(a: T, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(n);
  b.set(a as unknown as ArrayLike<number>);
  return b;
}
