/**
 * The people. Every agent belongs to a group and is off duty, available, or on a break; while
 * available it carries a load (touches in progress: one for most work, up to the group's chat
 * concurrency for chats). Each group keeps its free agents in a ring, so the agent free longest
 * takes the next ticket (work spreads evenly, and the choice is deterministic). Agents leave the
 * ring lazily: an entry whose agent went off duty or got busy is skipped when reached.
 */

export const OFF_DUTY = 0;
export const ON_DUTY = 1;
export const ON_BREAK = 2;

export class AgentPool {
  // Declared, then set in the constructor (see TimeWeighted for why not plain fields).
  declare readonly groupOf: Int32Array;
  declare readonly state: Uint8Array;
  /** Touches in progress. */
  declare readonly load: Int32Array;
  /** 1 while the agent's touches are chats (chats mix only with chats). */
  declare readonly chatMode: Uint8Array;
  /** The non-chat ticket slot in progress, or -1. */
  declare readonly current: Int32Array;
  /** Shift ended while busy: leave when the load reaches 0. */
  declare readonly leaving: Uint8Array;
  /** A break is due: take it when the load reaches 0. */
  declare readonly breakDue: Float64Array;
  /** Index into the group's shift occurrences (roster) of the agent's current or next shift. */
  declare readonly shiftIndex: Int32Array;
  declare readonly breakIndex: Int32Array;

  private declare readonly ring: Int32Array;
  private declare readonly ringStamp: Float64Array;
  private declare readonly agentStamp: Float64Array;
  private declare readonly base: Int32Array;
  private declare readonly size: Int32Array;
  private declare readonly head: Int32Array;
  private declare readonly count: Int32Array;
  private stamp = 0;

  constructor(headcounts: readonly number[]) {
    const total = headcounts.reduce((a, b) => a + b, 0);
    this.groupOf = new Int32Array(total);
    this.state = new Uint8Array(total);
    this.load = new Int32Array(total);
    this.chatMode = new Uint8Array(total);
    this.current = new Int32Array(total).fill(-1);
    this.leaving = new Uint8Array(total);
    this.breakDue = new Float64Array(total);
    this.shiftIndex = new Int32Array(total);
    this.breakIndex = new Int32Array(total);
    // Each agent appears in its group's ring at most once live, but stale entries can pile up
    // between visits: twice the headcount is always enough because a push drops stale heads first.
    this.ring = new Int32Array(Math.max(1, 2 * total));
    this.ringStamp = new Float64Array(Math.max(1, 2 * total));
    this.agentStamp = new Float64Array(total).fill(-1);
    this.base = new Int32Array(headcounts.length);
    this.size = new Int32Array(headcounts.length);
    this.head = new Int32Array(headcounts.length);
    this.count = new Int32Array(headcounts.length);
    let agent = 0;
    for (let g = 0; g < headcounts.length; g++) {
      this.base[g] = 2 * agent;
      this.size[g] = Math.max(1, 2 * headcounts[g]);
      for (let k = 0; k < headcounts[g]; k++) this.groupOf[agent++] = g;
    }
  }

  get total(): number {
    return this.groupOf.length;
  }

  /** Is the agent on duty and without work? */
  isFree(agent: number): boolean {
    return this.state[agent] === ON_DUTY && this.load[agent] === 0;
  }

  /** Put a free agent at the back of its group's ring. */
  offer(agent: number): void {
    const g = this.groupOf[agent];
    if (this.count[g] === this.size[g]) this.dropStale(g);
    const size = this.size[g];
    let tail = this.head[g] + this.count[g];
    if (tail >= size) tail -= size;
    const stamp = ++this.stamp;
    this.ring[this.base[g] + tail] = agent;
    this.ringStamp[this.base[g] + tail] = stamp;
    this.agentStamp[agent] = stamp;
    this.count[g]++;
  }

  /** Take the agent of group g that has been free longest, or -1. */
  takeFree(g: number): number {
    const base = this.base[g];
    const size = this.size[g];
    while (this.count[g] > 0) {
      const at = base + this.head[g];
      const agent = this.ring[at];
      const live = this.ringStamp[at] === this.agentStamp[agent] && this.isFree(agent);
      this.head[g] = this.head[g] + 1 === size ? 0 : this.head[g] + 1;
      this.count[g]--;
      if (live) {
        this.agentStamp[agent] = -1;
        return agent;
      }
    }
    return -1;
  }

  /** Forget an agent's ring entry (it went off duty or on a break). */
  withdraw(agent: number): void {
    this.agentStamp[agent] = -1;
  }

  private dropStale(g: number): void {
    const base = this.base[g];
    const size = this.size[g];
    let kept = 0;
    const head = this.head[g];
    for (let k = 0; k < this.count[g]; k++) {
      const at = base + ((head + k) % size);
      const agent = this.ring[at];
      if (this.ringStamp[at] === this.agentStamp[agent]) {
        const to = base + ((head + kept) % size);
        this.ring[to] = agent;
        this.ringStamp[to] = this.ringStamp[at];
        kept++;
      }
    }
    this.count[g] = kept;
  }
}
