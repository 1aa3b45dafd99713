import type { Engine } from '../engine/engine.js';
import { QuantileSketch } from '../metrics/quantileSketch.js';
import { createSampler, type Sampler } from '../random/distributions.js';
import { createStream, type Uniform } from '../random/stream.js';
import { hourOfWeekTable } from '../time/hourOfWeek.js';
import { parseLocalDateTime } from '../time/zone.js';
import { AgentPool } from './agents.js';
import { arrivalProcess, type ArrivalProcess } from './demand.js';
import { DeskObservations } from './observations.js';
import { laneOf } from './routing.js';
import { PRIORITIES, type Scenario } from './scenario.js';
import { ACKNOWLEDGE, ACTIONABLE, RESOLUTION } from './sla.js';
import { TicketTable } from './tickets.js';
import { TicketQueue } from './ticketQueue.js';

export const MINUTES_PER_DAY = 24 * 60;

/**
 * The support desk on the engine: arrival streams feed tickets to group queues; agents pull
 * them, work one touch, and solve them. The engine only sees two event kinds with integer
 * payloads (a stream index for arrivals, an agent index for touch ends).
 */
export class Desk {
  readonly tickets = new TicketTable(1024);
  readonly agents: AgentPool;
  readonly queues: TicketQueue[];
  readonly observations: DeskObservations;
  /** Start of the measured horizon and its end, in minutes since the scenario start. */
  readonly measureFrom: number;
  readonly end: number;

  private readonly arrivalKind: number;
  private readonly touchEndKind: number;
  private readonly arrivals: ArrivalProcess[];
  private readonly arrivalStreams: Uniform[];
  private readonly handleStreams: Uniform[];
  private readonly handleSamplers: Sampler[];
  private readonly streamPriority: Uint8Array;
  private readonly streamGroup: Uint16Array;
  private readonly priorityLane: Uint8Array;

  constructor(
    private readonly engine: Engine,
    readonly scenario: Scenario,
    seed: number | string,
    replication: number,
  ) {
    this.measureFrom = scenario.warmupDays * MINUTES_PER_DAY;
    this.end = this.measureFrom + scenario.horizonDays * MINUTES_PER_DAY;
    const groupIndex = new Map(scenario.groups.map((g, i) => [g.name, i]));
    this.agents = new AgentPool(scenario.groups.map((g) => g.headcount));
    this.priorityLane = Uint8Array.from(PRIORITIES, (_, p) => laneOf(scenario.routing.policy, p));
    const lanes = Math.max(...this.priorityLane) + 1;
    this.queues = scenario.groups.map(() => new TicketQueue(lanes));
    this.observations = new DeskObservations(scenario);

    const hours = hourOfWeekTable(parseLocalDateTime(scenario.start, scenario.timeZone), scenario.timeZone, this.end);
    const demand = scenario.demand;
    this.arrivals = demand.map((s) => arrivalProcess(s.arrivals, hours, this.end));
    // One stream per purpose and arrival stream: a change to handle times or staffing leaves
    // every arrival instant as it was (common random numbers across scenarios).
    this.arrivalStreams = demand.map((s) => createStream(seed, replication, `arrivals:${s.name}`));
    this.handleStreams = demand.map((s) => createStream(seed, replication, `handle:${s.name}`));
    this.handleSamplers = demand.map((s) => createSampler(s.handleTime));
    this.streamPriority = Uint8Array.from(demand, (s) => PRIORITIES.indexOf(s.priority));
    this.streamGroup = Uint16Array.from(demand, (s) => {
      const g = groupIndex.get(s.group);
      if (g === undefined) throw new Error(`demand stream ${s.name} routes to unknown group ${s.group}`);
      return g;
    });

    this.arrivalKind = engine.register('arrival', (stream) => this.arrive(stream));
    this.touchEndKind = engine.register('touch-end', (agent) => this.endTouch(agent));
    for (let s = 0; s < demand.length; s++) this.scheduleNextArrival(s, 0);
  }

  private scheduleNextArrival(stream: number, now: number): void {
    const next = this.arrivals[stream].next(now, this.arrivalStreams[stream]);
    if (next < this.end) this.engine.scheduleAt(this.arrivalKind, stream, next);
  }

  private arrive(stream: number): void {
    const now = this.engine.now;
    const tickets = this.tickets;
    const slot = tickets.allocate();
    const priority = this.streamPriority[stream];
    const group = this.streamGroup[stream];
    const measured = now >= this.measureFrom;
    tickets.arrival[slot] = now;
    tickets.queuedAt[slot] = now;
    tickets.work[slot] = this.handleSamplers[stream].sample(this.handleStreams[stream]);
    tickets.firstResponse[slot] = NaN;
    tickets.priority[slot] = priority;
    tickets.stream[slot] = stream;
    tickets.group[slot] = group;
    tickets.measured[slot] = measured ? 1 : 0;
    this.observations.open.add(now, 1);
    this.scheduleNextArrival(stream, now);

    const agent = this.agents.takeIdle(group);
    if (measured) this.observations.arrived(priority, agent < 0);
    if (agent >= 0) {
      this.observations.busyByGroup[group].add(now, 1);
      this.startTouch(agent, slot);
    } else {
      this.enqueue(group, slot);
    }
  }

  private enqueue(group: number, slot: number): void {
    const now = this.engine.now;
    this.tickets.queuedAt[slot] = now;
    this.queues[group].push(this.priorityLane[this.tickets.priority[slot]], slot);
    this.observations.waitingByGroup[group].add(now, 1);
  }

  private startTouch(agent: number, slot: number): void {
    const now = this.engine.now;
    const tickets = this.tickets;
    const observations = this.observations;
    const group = this.agents.groupOf[agent];
    const measured = tickets.measured[slot] === 1;
    if (measured) {
      const queued = now - tickets.queuedAt[slot];
      const index = QuantileSketch.indexOf(queued);
      observations.queuedByGroup[group].addIndexed(queued, index);
      if (tickets.firstResponse[slot] !== tickets.firstResponse[slot]) {
        // First visit: the ticket has queued since it arrived, so its wait is `queued`.
        const priority = tickets.priority[slot];
        observations.firstTouch(priority, queued, index);
        observations.sla.stop(ACKNOWLEDGE, priority, queued);
      }
    }
    if (tickets.firstResponse[slot] !== tickets.firstResponse[slot]) tickets.firstResponse[slot] = now;
    this.agents.ticketOf[agent] = slot;
    this.engine.schedule(this.touchEndKind, agent, tickets.work[slot]);
  }

  private endTouch(agent: number): void {
    const now = this.engine.now;
    const tickets = this.tickets;
    const observations = this.observations;
    const slot = this.agents.ticketOf[agent];
    const group = this.agents.groupOf[agent];
    if (tickets.measured[slot] === 1) {
      const priority = tickets.priority[slot];
      const elapsed = now - tickets.arrival[slot];
      // One touch solves the ticket, so the first diagnosis and the resolution coincide.
      observations.sla.stop(ACTIONABLE, priority, elapsed);
      observations.sla.stop(RESOLUTION, priority, elapsed);
      observations.solved(priority, elapsed);
    }
    tickets.release(slot);
    observations.open.add(now, -1);

    const next = this.queues[group].pop();
    if (next >= 0) {
      observations.waitingByGroup[group].add(now, -1);
      this.startTouch(agent, next);
    } else {
      // Busy levels change only when an agent goes idle or is woken, not between back-to-back tickets.
      observations.busyByGroup[group].add(now, -1);
      this.agents.makeIdle(agent);
    }
  }

  /** Judge the clocks of tickets still open at the horizon (see SlaBook for the rule). */
  censorOpenTickets(): void {
    const now = this.engine.now;
    const tickets = this.tickets;
    const sla = this.observations.sla;
    tickets.forEachOpen((slot) => {
      if (tickets.measured[slot] !== 1) return;
      const priority = tickets.priority[slot];
      const elapsed = now - tickets.arrival[slot];
      if (tickets.firstResponse[slot] !== tickets.firstResponse[slot]) sla.censor(ACKNOWLEDGE, priority, elapsed);
      sla.censor(ACTIONABLE, priority, elapsed);
      sla.censor(RESOLUTION, priority, elapsed);
    });
  }
}
