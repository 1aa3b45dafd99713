/**
 * The people: every agent has a group and, while busy, the ticket slot it works on.
 * Each group keeps its idle agents in a ring, so the agent idle longest takes the next ticket
 * (work spreads evenly, and the choice is deterministic).
 */
export class AgentPool {
  /** Group index of each agent. */
  readonly groupOf: Int32Array;
  /** Ticket slot an agent works on, or -1 when idle. */
  readonly ticketOf: Int32Array;
  /** Agents per group. */
  readonly headcount: Int32Array;
  /** Idle agents of group g are idleRing[base[g] .. base[g] + headcount[g]) as a ring. */
  private readonly idleRing: Int32Array;
  private readonly base: Int32Array;
  private readonly idleHead: Int32Array;
  readonly idleCount: Int32Array;

  constructor(headcounts: readonly number[]) {
    const total = headcounts.reduce((a, b) => a + b, 0);
    this.groupOf = new Int32Array(total);
    this.ticketOf = new Int32Array(total).fill(-1);
    this.headcount = Int32Array.from(headcounts);
    this.idleRing = new Int32Array(total);
    this.base = new Int32Array(headcounts.length);
    this.idleHead = new Int32Array(headcounts.length);
    this.idleCount = new Int32Array(headcounts.length);
    let agent = 0;
    for (let g = 0; g < headcounts.length; g++) {
      this.base[g] = agent;
      for (let k = 0; k < headcounts[g]; k++) {
        this.groupOf[agent] = g;
        this.idleRing[agent] = agent;
        agent++;
      }
      this.idleCount[g] = headcounts[g];
    }
  }

  get size(): number {
    return this.groupOf.length;
  }

  /** Take the longest-idle agent of group g, or -1 when all are busy. */
  takeIdle(g: number): number {
    const count = this.idleCount[g];
    if (count === 0) return -1;
    const head = this.idleHead[g];
    const agent = this.idleRing[this.base[g] + head];
    this.idleHead[g] = head + 1 === this.headcount[g] ? 0 : head + 1;
    this.idleCount[g] = count - 1;
    return agent;
  }

  /** Return an agent to the back of its group's idle ring. */
  makeIdle(agent: number): void {
    const g = this.groupOf[agent];
    const size = this.headcount[g];
    let tail = this.idleHead[g] + this.idleCount[g];
    if (tail >= size) tail -= size;
    this.idleRing[this.base[g] + tail] = agent;
    this.idleCount[g]++;
    this.ticketOf[agent] = -1;
  }
}
