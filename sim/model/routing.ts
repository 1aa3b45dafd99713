import type { ResolvedStream } from './demand.js';
import { DeadlineQueue, FifoQueue, LaneQueue, type TicketQueue } from './ticketQueue.js';
import { TIERS, type Channel, type RoutingPolicy, type Scenario } from './scenario.js';

/** Queue classes: real-time work first (a caller on the line, a chat), then asynchronous. */
export const PHONE = 0;
export const CHAT = 1;
export const ASYNC = 2;
const CLASSES = 3;

export function channelClass(channel: Channel): number {
  return channel === 'phone' ? PHONE : channel === 'chat' ? CHAT : ASYNC;
}

export const ENGINEERING = TIERS.indexOf('engineering');

/**
 * Queues per tier, skill (ticket category) and class, and who serves them. A free agent looks
 * at its queues level by level: the after-hours ACK queue (duty group only), then primary skills
 * (real-time before asynchronous), then secondary skills; within a level it takes the head with
 * the smallest key, so the policy (FIFO, priority then FIFO, earliest deadline) holds across queues.
 */
export class Routing {
  // Declared, then set in the constructor (see TimeWeighted for why not plain fields).
  declare readonly policy: RoutingPolicy;
  declare readonly categories: string[];
  readonly queues: TicketQueue[] = [];
  declare readonly ackQueue: number;
  /** Per group: its queue levels, each a list of queue indices. */
  declare readonly levels: number[][][];
  /** Per group: its only queue when it serves exactly one, else -1 (no scan of heads needed). */
  declare readonly soleQueue: Int32Array;
  /** Per queue: groups that serve it, primary ones first. */
  declare readonly servers: number[][];
  /** The queue key's rank: the deadline, or the priority (a lane), or neither (FIFO). */
  declare readonly byDeadline: boolean;
  declare readonly byPriority: boolean;
  /** Every multiplier is 1 (or absent): work needs no scaling. */
  declare readonly proficient: boolean;
  /** Per group and category: handle-time multiplier, NaN when the group lacks the skill. */
  private declare readonly proficiency: Float64Array;
  /** Per category: the tiers (indices) some group serves, ascending. */
  declare readonly tiersFor: number[][];

  constructor(scenario: Scenario, streams: readonly ResolvedStream[], dutyGroup: number) {
    this.policy = scenario.routing.policy;
    this.byDeadline = this.policy === 'deadline';
    this.byPriority = this.policy === 'priority';
    const categories = new Set<string>();
    for (const s of streams) categories.add(s.category);
    // Real-time queues exist only for categories that have phone or chat streams: an agent's
    // scan then skips queues no ticket can ever reach.
    const realTime = new Set<string>();
    for (const s of streams) if (s.channel === 'phone' || s.channel === 'chat') realTime.add(`${s.category}/${channelClass(s.channel)}`);
    for (const g of scenario.groups) for (const skill of g.skills) categories.add(skill.category);
    this.categories = [...categories];
    const nc = this.categories.length;
    const makeQueue = (): TicketQueue => (this.policy === 'deadline' ? new DeadlineQueue() : this.policy === 'priority' ? new LaneQueue(4) : new FifoQueue());
    for (let i = 0; i < TIERS.length * nc * CLASSES; i++) this.queues.push(makeQueue());
    this.ackQueue = this.queues.length;
    this.queues.push(makeQueue());
    const primaryServers: number[][] = this.queues.map(() => []);
    const secondaryServers: number[][] = this.queues.map(() => []);
    this.proficiency = new Float64Array(scenario.groups.length * nc).fill(NaN);
    this.tiersFor = this.categories.map(() => []);
    this.levels = scenario.groups.map((group, g) => {
      if (g === dutyGroup) {
        primaryServers[this.ackQueue].push(g);
        return [[this.ackQueue]];
      }
      if (group.tier === 'engineering') return [];
      const tier = TIERS.indexOf(group.tier);
      const primary: number[] = [];
      const secondary: number[] = [];
      this.categories.forEach((category, c) => {
        const skill = group.skills.length === 0 ? { proficiency: 1, primary: true } : group.skills.find((s) => s.category === category);
        if (!skill) return;
        this.proficiency[g * nc + c] = skill.proficiency;
        if (!this.tiersFor[c].includes(tier)) this.tiersFor[c].push(tier);
        (skill.primary ? primary : secondary).push(c);
      });
      const reachable = (c: number, k: number) => k === ASYNC || realTime.has(`${this.categories[c]}/${k}`);
      const level = (cats: number[], classes: number[]) =>
        classes.flatMap((k) => cats.filter((c) => reachable(c, k)).map((c) => this.queueOf(tier, c, k)));
      const levels = [level(primary, [PHONE, CHAT]), level(primary, [ASYNC]), level(secondary, [PHONE, CHAT]), level(secondary, [ASYNC])];
      for (const q of [...levels[0], ...levels[1]]) primaryServers[q].push(g);
      for (const q of [...levels[2], ...levels[3]]) secondaryServers[q].push(g);
      return levels.filter((l) => l.length > 0);
    });
    this.proficient = this.proficiency.every((p) => p !== p || p === 1);
    this.soleQueue = Int32Array.from(this.levels, (levels) => (levels.length === 1 && levels[0].length === 1 ? levels[0][0] : -1));
    // Primary servers before secondary ones, each in scenario order.
    this.servers = primaryServers.map((groups, q) => [...groups, ...secondaryServers[q]]);
    for (const tiers of this.tiersFor) tiers.sort((a, b) => a - b);
  }

  queueOf(tier: number, category: number, cls: number): number {
    return (tier * this.categories.length + category) * CLASSES + cls;
  }

  classOf(queue: number): number {
    return queue === this.ackQueue ? ASYNC : queue % CLASSES;
  }

  categoryIndex(category: string): number {
    return this.categories.indexOf(category);
  }

  /** Handle-time multiplier of a group for a category (1 when the group lacks the skill, e.g. duty work). */
  proficiencyOf(group: number, category: number): number {
    const p = this.proficiency[group * this.categories.length + category];
    return p === p ? p : 1;
  }

  /** The tier a ticket of this category should queue at, at or above `tier` if possible. */
  servedTier(category: number, tier: number): number {
    const tiers = this.tiersFor[category];
    if (tiers.length === 0) return tier;
    for (const t of tiers) if (t >= tier) return t;
    return tiers[tiers.length - 1];
  }

  /** The next tier up that serves the category, or ENGINEERING, or -1 when there is none. */
  nextTier(category: number, tier: number, hasEngineering: boolean): number {
    for (const t of this.tiersFor[category]) if (t > tier) return t;
    return hasEngineering && tier < ENGINEERING ? ENGINEERING : -1;
  }

  /** The next tier down that serves the category, or -1. */
  previousTier(category: number, tier: number): number {
    const tiers = this.tiersFor[category];
    for (let i = tiers.length - 1; i >= 0; i--) if (tiers[i] < tier) return tiers[i];
    return -1;
  }
}
