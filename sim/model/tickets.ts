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

/**
 * Columns start as empty arrays of their kind and grow by doubling. Starting typed (rather than
 * undefined until the first resize) lets the JIT know each column's kind wherever it is read.
 */
export class TicketTable {
  capacity = 0;
  arrival = new Float64Array(0);
  /** Base minutes of work of the current touch (before proficiency); after an interruption, what remains. */
  work = new Float64Array(0);
  /** When the ticket joined its current queue. */
  queuedAt = new Float64Array(0);
  /** When it entered its current tier (for Little's law per tier). */
  tierSince = new Float64Array(0);
  /** First response, first agent pickup, first diagnosis; NaN until they happen. */
  firstResponse = new Float64Array(0);
  firstPickup = new Float64Array(0);
  actionable = new Float64Array(0);
  /** Since when the ball is in our court (update clock), and since when the customer has it. */
  ballSince = new Float64Array(0);
  pendingSince = new Float64Array(0);
  /** Minutes each clock was paused while pending, in that clock's calendar (CLOCK_COUNT per ticket). */
  paused = new Float64Array(0);
  /** Pending timers (event ids, -1 when none), cancelled when moot. */
  patienceEvent = new Float64Array(0);
  escalationEvent = new Float64Array(0);
  automaticEvent = new Float64Array(0);
  etaEvent = new Float64Array(0);
  /** Sequence stamp of the ticket's live queue entry, -1 when not queued (stale entries are skipped). */
  queueStamp = new Float64Array(0);
  /** Start of the current touch and its duration in minutes, and its end event (kept only when touches can be interrupted, and a task's duration). */
  touchStart = new Float64Array(0);
  touchDuration = new Float64Array(0);
  touchEvent = new Float64Array(0);
  /** Work of the first solving touch, drawn on arrival so staffing changes keep it. */
  firstWork = new Float64Array(0);
  /** When a solved ticket will be reopened (drawn on arrival), NaN for never. */
  reopenDelay = new Float64Array(0);
  /** What the current touch is for (a TOUCH_* constant). */
  touchKind = new Uint8Array(0);

  kind = new Uint8Array(0);
  status = new Uint8Array(0);
  /** Current priority (hierarchical escalation may bump it) and the one the customer filed. */
  priority = new Uint8Array(0);
  filedPriority = new Uint8Array(0);
  tier = new Uint8Array(0);
  /** The lowest tier able to solve the ticket (hidden from the desk). */
  complexity = new Uint8Array(0);
  handoffs = new Uint8Array(0);
  flags = new Uint16Array(0);
  touchesLeft = new Uint16Array(0);
  stream = new Uint16Array(0);
  category = new Uint16Array(0);
  policy = new Int16Array(0);
  /** Queue the ticket waits in (or last waited in). */
  queue = new Int32Array(0);
  /** Agent working it (while in progress). */
  agent = new Int32Array(0);
  /** For tasks: the ticket slot they serve and its generation. */
  parent = new Int32Array(0);
  parentGeneration = new Uint32Array(0);
  /** Bumped each time the slot is reused, so a task can tell its ticket is gone. */
  generation = new Uint32Array(0);

  private nextFree = new Int32Array(0);
  private freeHead = -1;
  private used = 0;
  /** Slots in use (tickets and tasks). */
  inUse = 0;
  peakInUse = 0;

  constructor(initialCapacity = 256) {
    this.resize(Math.max(16, initialCapacity | 0));
  }

  /**
   * A slot for a new ticket or task. Only fields some later step reads before writing are reset;
   * the caller sets `flags`, `policy` and `queue`, and resets `handoffs`, the timers and the paused
   * minutes if its scenario uses them (a scenario without patience never reads `patienceEvent`;
   * with no clock that pauses, `paused` never leaves zero).
   */
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
    this.queueStamp[slot] = -1;
    this.firstResponse[slot] = NaN;
    this.firstPickup[slot] = NaN;
    this.actionable[slot] = NaN;
    return slot;
  }

  /** Zero a slot's paused minutes (all clocks). */
  resetPaused(slot: number): void {
    const p = slot * CLOCK_COUNT;
    const paused = this.paused;
    paused[p] = 0;
    paused[p + 1] = 0;
    paused[p + 2] = 0;
    paused[p + 3] = 0;
  }

  release(slot: number): void {
    this.nextFree[slot] = this.freeHead;
    this.freeHead = slot;
    this.inUse--;
  }

  isLive(slot: number, generation: number): boolean {
    return this.nextFree[slot] === -2 && this.generation[slot] === generation;
  }

  /** One past the highest slot ever used: slots in use lie below it (see `isInUse`). */
  get slotsUsed(): number {
    return this.used;
  }

  isInUse(slot: number): boolean {
    return this.nextFree[slot] === -2;
  }

  /** Slots in use in slot order (deterministic), for end-of-horizon accounting. */
  forEachInUse(visit: (slot: number) => void): void {
    for (let slot = 0; slot < this.used; slot++) if (this.nextFree[slot] === -2) visit(slot);
  }

  private resize(n: number): void {
    const t = this as unknown as Record<string, NumericArray>;
    for (const field of FIELDS) t[field] = grown(t[field], field === 'paused' ? n * CLOCK_COUNT : n);
    this.capacity = n;
  }
}

type NumericArray = Float64Array | Int32Array | Int16Array | Uint32Array | Uint16Array | Uint8Array;

const FIELDS = [
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
  'kind',
  'touchKind',
  'status',
  'priority',
  'filedPriority',
  'tier',
  'complexity',
  'handoffs',
  'flags',
  'touchesLeft',
  'stream',
  'category',
  'policy',
  'queue',
  'agent',
  'parent',
  'nextFree',
  'parentGeneration',
  'generation',
];

/** A copy of `a` with room for `n` entries, of the same typed-array kind. */
export function grown<T extends NumericArray>(a: T, n: number): T {
  const b = new (a.constructor as new (length: number) => T)(n);
  b.set(a as unknown as ArrayLike<number>);
  return b;
}
