import type { Desk } from '../model/desk.js';
import type { DeskRecorder } from '../model/deskRecorder.js';
import type { Scenario } from '../model/scenario.js';
import { TICKET } from '../model/tickets.js';
import { runReplication } from '../replication.js';
import type { History, HistoryChannel, HistoryPriority, HistoryTicket } from './history.js';
import { wallMinutes } from './history.js';

/**
 * The tickets of one simulated replication as a history, the way a ticketing tool would export
 * them: created, first pickup (or after-hours ACK), last solve, the groups and agents that
 * touched them, reopens, time pending for the customer. It lets the tests calibrate on a desk
 * whose parameters are known and check that the fits recover them.
 *
 * Times are the scenario's start wall clock plus simulation minutes (exact in zones without DST,
 * which is what the tests use). Watches through the desk's recorder hooks: the run itself draws
 * the same numbers as a plain run.
 */
class HistoryRecorder implements DeskRecorder {
  readonly tickets: HistoryTicket[] = [];
  /** Per desk slot: the ticket record it holds now (tasks point at their ticket's). */
  private readonly slotTicket: Array<HistoryTicket | null> = [];
  private readonly pendingSince = new Map<HistoryTicket, number>();
  private desk: Desk | null = null;

  constructor(
    private readonly scenario: Scenario,
    private readonly startWall: number,
  ) {}

  private wall(now: number): number {
    return this.startWall + now;
  }

  begin(desk: Desk): void {
    this.desk = desk;
  }

  arrived(now: number, slot: number, stream: number): void {
    const s = (this.desk as Desk).streams[stream];
    const ticket: HistoryTicket = {
      id: `T${this.tickets.length + 1}`,
      created: this.wall(now),
      firstResponse: null,
      resolved: null,
      closed: null,
      priority: Number(s.priority.slice(1)) as HistoryPriority,
      group: '',
      channel: s.channel as HistoryChannel,
      category: s.category,
      reassignments: 0,
      reopens: 0,
      groups: [],
      pendingMinutes: 0,
      agents: [],
      activity: [],
    };
    this.tickets.push(ticket);
    this.slotTicket[slot] = ticket;
  }

  afterHours(): void {}

  taskCreated(_now: number, task: number, parent: number): void {
    this.slotTicket[task] = this.slotTicket[parent] ?? null;
  }

  queued(): void {}

  touchStarted(now: number, agent: number, slot: number): void {
    const ticket = this.slotTicket[slot];
    if (ticket === null || ticket === undefined) return;
    const desk = this.desk as Desk;
    const isTicket = desk.tickets.kind[slot] === TICKET;
    // An after-hours ACK task answers the customer first: it is the first response either way.
    ticket.firstResponse ??= this.wall(now);
    if (!isTicket) return;
    const group = this.scenario.groups[desk.agents.groupOf[agent]].name;
    if (ticket.groups[ticket.groups.length - 1] !== group) {
      if (ticket.groups.length > 0) ticket.reassignments++;
      ticket.groups.push(group);
    }
    ticket.group = group;
    const name = `agent ${agent}`;
    if (!ticket.agents!.includes(name)) ticket.agents!.push(name);
    ticket.activity!.push({ at: this.wall(now), agent: name, group });
  }

  touchEnded(): void {}
  interrupted(): void {}

  pending(now: number, slot: number): void {
    const ticket = this.slotTicket[slot];
    if (ticket) this.pendingSince.set(ticket, now);
  }

  customerAnswered(now: number, slot: number): void {
    const ticket = this.slotTicket[slot];
    if (!ticket) return;
    const since = this.pendingSince.get(ticket);
    if (since !== undefined) ticket.pendingMinutes = (ticket.pendingMinutes ?? 0) + (now - since);
    this.pendingSince.delete(ticket);
  }

  tierEntered(): void {}

  solved(now: number, slot: number): void {
    const ticket = this.slotTicket[slot];
    if (ticket) ticket.resolved = this.wall(now);
  }

  reopened(_now: number, slot: number): void {
    const ticket = this.slotTicket[slot];
    if (ticket) ticket.reopens++;
  }

  abandoned(_now: number, slot: number): void {
    const ticket = this.slotTicket[slot];
    if (ticket) ticket.resolved = null;
  }

  agentState(): void {}
}

export interface SimulatedHistoryOptions {
  seed?: number;
  replication?: number;
  /** Keep only tickets created in the measured horizon (after the warm-up). Default true. */
  measuredOnly?: boolean;
}

/** Runs one replication of `scenario` and returns its tickets as a history. */
export function historyFromSimulation(scenario: Scenario, options: SimulatedHistoryOptions = {}): History {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(scenario.start);
  if (m === null) throw new Error(`historyFromSimulation: start ${scenario.start} is not a local date-time`);
  const startWall = wallMinutes(+m[1], +m[2], +m[3], +m[4], +m[5]);
  const recorder = new HistoryRecorder(scenario, startWall);
  runReplication(scenario, options.seed ?? scenario.seed, options.replication ?? 0, { recorder });
  const measureFrom = startWall + scenario.warmupDays * 1440;
  let tickets = recorder.tickets;
  if (options.measuredOnly ?? true) tickets = tickets.filter((t) => t.created >= measureFrom);
  for (const t of tickets) {
    if (t.groups.length === 0) {
      // Never picked up before the end: the group its stream enters (unknown here), so "unassigned".
      t.group = 'unassigned';
      t.groups = ['unassigned'];
    }
  }
  return { tickets, timeZone: scenario.timeZone, source: `simulation of ${scenario.name}`, warnings: [] };
}
