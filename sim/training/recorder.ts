import { OFF_DUTY as AGENT_OFF, ON_BREAK as AGENT_BREAK, ON_DUTY as AGENT_ON } from '../model/agents.js';
import { openIntervals } from '../model/calendar.js';
import type { Desk } from '../model/desk.js';
import type { DeskRecorder } from '../model/deskRecorder.js';
import { PRIORITIES, TIERS, type Scenario } from '../model/scenario.js';
import { ACKNOWLEDGE, RESOLUTION, type SlaBook } from '../model/sla.js';
import * as T from '../model/tickets.js';
import { parseLocalDateTime } from '../time/zone.js';
import * as E from './trace.js';
import type { DeskPicture, DeskTrace } from './trace.js';

/** A clock's verdict carried by an event's spare column: none judged, met, breached. */
export const NOT_JUDGED = 0;
export const MET = 1;
export const BREACHED = 2;

/**
 * Records a desk's run as a DeskTrace (sim/training/trace.ts), at most `maxEvents` events: past
 * the cap it records nothing more and says so (`truncated`), so a trace is always a prefix of the
 * run and memory is bounded. Ticket-table slots are reused by the desk; the recorder names
 * tickets by arrival rank instead, which is what a trainer points at ("ticket #42").
 *
 * Clock verdicts are read from the desk's own tickets (paused minutes included) at the moment a
 * clock stops, so compliance "so far" in the replay agrees with the model's rule.
 */
export class TraceRecorder implements DeskRecorder {
  count = 0;
  truncated = false;
  private time = new Float64Array(0);
  private kind = new Uint8Array(0);
  private ticket = new Int32Array(0);
  private agent = new Int32Array(0);
  private a = new Uint8Array(0);
  private b = new Uint8Array(0);

  private tickets = 0;
  private arrival = new Float64Array(0);
  private priority = new Uint8Array(0);
  private stream = new Uint16Array(0);
  private ackAmber = new Float64Array(0);
  private ackDue = new Float64Array(0);
  private resolveAmber = new Float64Array(0);
  private resolveDue = new Float64Array(0);
  /** Per ticket id: the tier it was last seen entering (a move is a change of it). */
  private tierOf = new Uint8Array(0);

  /** Per desk slot: the ticket id it holds (a task: its ticket's id) and the task kind (0 for a ticket). */
  private slotTicket = new Int32Array(0);
  private slotTask = new Uint8Array(0);

  private desk: Desk | null = null;
  private picture: DeskPicture | null = null;

  constructor(readonly maxEvents: number) {
    if (!(Number.isInteger(maxEvents) && maxEvents > 0)) throw new RangeError(`maxEvents must be a positive integer, got ${maxEvents}`);
    this.growEvents(Math.min(maxEvents, 4096));
    this.growTickets(256);
  }

  begin(desk: Desk): void {
    this.desk = desk;
    this.picture = pictureOf(desk);
  }

  arrived(now: number, slot: number, stream: number, tier: number): void {
    if (!this.room()) return;
    const desk = this.desk as Desk;
    const t = desk.tickets;
    const id = this.tickets++;
    if (id === this.arrival.length) this.growTickets(id * 2);
    this.mapSlot(slot, id, 0);
    const policy = t.policy[slot];
    const sla = desk.sla;
    this.arrival[id] = now;
    this.priority[id] = t.filedPriority[slot];
    this.stream[id] = stream;
    this.tierOf[id] = tier;
    this.ackAmber[id] = sla.dueAt(policy, ACKNOWLEDGE, now, 0.8, 0);
    this.ackDue[id] = sla.dueAt(policy, ACKNOWLEDGE, now, 1, 0);
    this.resolveAmber[id] = sla.dueAt(policy, RESOLUTION, now, 0.8, 0);
    this.resolveDue[id] = sla.dueAt(policy, RESOLUTION, now, 1, 0);
    this.record(now, E.ARRIVE, id, -1, tier, t.filedPriority[slot]);
  }

  afterHours(now: number, slot: number, paged: boolean): void {
    this.ticketEvent(now, E.AFTER_HOURS, slot, -1, 0, paged ? 1 : 0);
  }

  taskCreated(_now: number, task: number, parent: number, kind: number): void {
    if (this.truncated) return;
    this.mapSlot(task, this.slotTicket[parent], kind === T.ACK_TASK ? E.ACK_TASK : E.FOLLOW_UP_TASK);
  }

  queued(now: number, slot: number, _queue: number): void {
    const t = (this.desk as Desk).tickets;
    if (this.isTask(slot)) this.ticketEvent(now, E.TASK_QUEUE, slot, -1, this.slotTask[slot], 0);
    else this.ticketEvent(now, E.QUEUE, slot, -1, t.tier[slot], t.priority[slot]);
  }

  touchStarted(now: number, agent: number, slot: number): void {
    if (this.isTask(slot)) {
      this.ticketEvent(now, E.TASK_START, slot, agent, this.slotTask[slot], 0);
      return;
    }
    const t = (this.desk as Desk).tickets;
    // The first pickup is the first response unless the after-hours ACK came first.
    const verdict = t.firstResponse[slot] !== t.firstResponse[slot] ? this.verdict(slot, ACKNOWLEDGE, now) : NOT_JUDGED;
    this.ticketEvent(now, E.START, slot, agent, t.tier[slot], verdict);
  }

  touchEnded(now: number, agent: number, slot: number): void {
    if (!this.isTask(slot)) {
      this.ticketEvent(now, E.END, slot, agent, 0, 0);
      return;
    }
    const kind = this.slotTask[slot];
    const desk = this.desk as Desk;
    const t = desk.tickets;
    const parent = t.parent[slot];
    // An ACK that reaches a live ticket not yet answered is its first response (see Desk.ackDone).
    const live = t.isLive(parent, t.parentGeneration[slot]) && t.kind[parent] === T.TICKET;
    const verdict = kind === E.ACK_TASK && live && t.firstResponse[parent] !== t.firstResponse[parent] ? this.verdict(parent, ACKNOWLEDGE, now) : NOT_JUDGED;
    this.ticketEvent(now, E.TASK_END, slot, agent, kind, verdict);
  }

  interrupted(now: number, agent: number, slot: number): void {
    this.ticketEvent(now, E.INTERRUPT, slot, agent, this.slotTask[slot], 0);
  }

  pending(now: number, slot: number): void {
    this.ticketEvent(now, E.PENDING, slot, -1, 0, 0);
  }

  customerAnswered(now: number, slot: number): void {
    this.ticketEvent(now, E.ANSWER, slot, -1, 0, 0);
  }

  tierEntered(now: number, slot: number, tier: number): void {
    if (this.truncated) return;
    const id = this.slotTicket[slot];
    const from = this.tierOf[id];
    if (from === tier) return;
    this.tierOf[id] = tier;
    this.ticketEvent(now, E.MOVE, slot, -1, from, tier);
  }

  solved(now: number, slot: number): void {
    const t = (this.desk as Desk).tickets;
    // Only the first solve stops the resolution clock.
    const verdict = t.flags[slot] & T.SOLVED_ONCE ? NOT_JUDGED : this.verdict(slot, RESOLUTION, now);
    this.ticketEvent(now, E.SOLVE, slot, -1, 0, verdict);
  }

  reopened(now: number, slot: number): void {
    this.ticketEvent(now, E.REOPEN, slot, -1, 0, 0);
  }

  abandoned(now: number, slot: number): void {
    const desk = this.desk as Desk;
    const t = desk.tickets;
    // Erlang A's convention, as the desk counts it: a caller who hung up was not answered in time.
    const verdict = t.firstResponse[slot] !== t.firstResponse[slot] && desk.sla.hasClock(t.policy[slot], ACKNOWLEDGE) ? BREACHED : NOT_JUDGED;
    this.ticketEvent(now, E.ABANDON, slot, -1, 0, verdict);
  }

  agentState(now: number, agent: number, state: number): void {
    const kind = state === AGENT_ON ? E.ON_DUTY : state === AGENT_BREAK ? E.ON_BREAK : state === AGENT_OFF ? E.OFF_DUTY : -1;
    if (kind < 0 || !this.room()) return;
    this.record(now, kind, -1, agent, 0, 0);
  }

  /** The trace so far, in arrays of exactly its length (copies: the recorder may go on). */
  finish(): DeskTrace {
    if (!this.picture) throw new Error('the recorder never saw a desk: pass it to the desk before the run');
    const n = this.count;
    const k = this.tickets;
    const covered = this.truncated && n > 0 ? this.time[n - 1] : this.picture.minutes;
    return {
      picture: this.picture,
      count: n,
      maxEvents: this.maxEvents,
      truncated: this.truncated,
      coveredMinutes: covered,
      time: this.time.slice(0, n),
      kind: this.kind.slice(0, n),
      ticket: this.ticket.slice(0, n),
      agent: this.agent.slice(0, n),
      a: this.a.slice(0, n),
      b: this.b.slice(0, n),
      tickets: {
        count: k,
        arrival: this.arrival.slice(0, k),
        priority: this.priority.slice(0, k),
        stream: this.stream.slice(0, k),
        ackAmber: this.ackAmber.slice(0, k),
        ackDue: this.ackDue.slice(0, k),
        resolveAmber: this.resolveAmber.slice(0, k),
        resolveDue: this.resolveDue.slice(0, k),
      },
    };
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Has the trace room for one more event? Marks it truncated when not. */
  private room(): boolean {
    if (this.count < this.maxEvents) return !this.truncated;
    this.truncated = true;
    return false;
  }

  private record(now: number, kind: number, ticket: number, agent: number, a: number, b: number): void {
    const i = this.count;
    if (i === this.time.length) this.growEvents(Math.min(this.maxEvents, i * 2));
    this.time[i] = now;
    this.kind[i] = kind;
    this.ticket[i] = ticket;
    this.agent[i] = agent;
    this.a[i] = a;
    this.b[i] = b;
    this.count = i + 1;
  }

  private ticketEvent(now: number, kind: number, slot: number, agent: number, a: number, b: number): void {
    if (!this.room()) return;
    this.record(now, kind, this.slotTicket[slot], agent, a, b);
  }

  private isTask(slot: number): boolean {
    return this.slotTask[slot] !== 0;
  }

  /** Met or breached: the clock's counted minutes (its calendar, less paused minutes) against its target. */
  private verdict(slot: number, clock: number, now: number): number {
    const desk = this.desk as Desk;
    const t = desk.tickets;
    const sla: SlaBook = desk.sla;
    const policy = t.policy[slot];
    if (!sla.hasClock(policy, clock)) return NOT_JUDGED;
    const paused = sla.pausing ? t.paused[slot * T.CLOCK_COUNT + clock] : 0;
    return sla.counted(policy, clock, t.arrival[slot], now, paused) <= sla.target(policy, clock) ? MET : BREACHED;
  }

  private mapSlot(slot: number, id: number, task: number): void {
    if (slot >= this.slotTicket.length) {
      const n = Math.max(slot + 1, this.slotTicket.length * 2, 64);
      this.slotTicket = T.grown(this.slotTicket, n);
      this.slotTask = T.grown(this.slotTask, n);
    }
    this.slotTicket[slot] = id;
    this.slotTask[slot] = task;
  }

  private growEvents(n: number): void {
    this.time = T.grown(this.time, n);
    this.kind = T.grown(this.kind, n);
    this.ticket = T.grown(this.ticket, n);
    this.agent = T.grown(this.agent, n);
    this.a = T.grown(this.a, n);
    this.b = T.grown(this.b, n);
  }

  private growTickets(n: number): void {
    this.arrival = T.grown(this.arrival, n);
    this.priority = T.grown(this.priority, n);
    this.stream = T.grown(this.stream, n);
    this.ackAmber = T.grown(this.ackAmber, n);
    this.ackDue = T.grown(this.ackDue, n);
    this.resolveAmber = T.grown(this.resolveAmber, n);
    this.resolveDue = T.grown(this.resolveDue, n);
    this.tierOf = T.grown(this.tierOf, n);
  }
}

/** The static picture: groups and their agents by shift, streams, ACK duty, business hours, targets. */
function pictureOf(desk: Desk): DeskPicture {
  const scenario = desk.scenario;
  const agentGroup = Array.from(desk.agents.groupOf);
  const agentShift: number[] = [];
  let firstAgent = 0;
  const groups = scenario.groups.map((g) => {
    const engineering = g.tier === 'engineering';
    // The agent order of AgentPool and buildRoster: group by group, shift by shift.
    const agents = engineering ? 0 : g.shifts.length === 0 ? g.headcount : g.shifts.reduce((n, s) => n + s.headcount, 0);
    if (!engineering) {
      if (g.shifts.length === 0) for (let k = 0; k < g.headcount; k++) agentShift.push(-1);
      else g.shifts.forEach((s, i) => { for (let k = 0; k < s.headcount; k++) agentShift.push(i); });
    }
    const group = { name: g.name, tier: TIERS.indexOf(g.tier), firstAgent, agents, shifts: g.shifts.length === 0 ? ['around the clock'] : g.shifts.map((s) => s.name), categories: primaryCategories(g.skills), engineering };
    firstAgent += agents;
    return group;
  });
  const startEpochMs = parseLocalDateTime(scenario.start, scenario.timeZone);
  const duty = scenario.ackDuty;
  const dutyGroup = duty.enabled ? scenario.groups.findIndex((g) => g.name === duty.group) : -1;
  return {
    scenario: scenario.name,
    timeZone: scenario.timeZone,
    startEpochMs,
    minutes: desk.end,
    groups,
    agentGroup,
    agentShift,
    streams: desk.streams.map((s) => ({ name: s.name, channel: s.channel, priority: s.priority, category: s.category })),
    dutyGroup,
    businessHours: businessHours(scenario, startEpochMs, desk.end),
    targets: PRIORITIES.map((p) => {
      const policy = scenario.slaPolicies.find((pol) => pol.priorities.length === 0 || pol.priorities.includes(p));
      return { acknowledge: policy?.clocks.acknowledge?.targetMinutes ?? null, resolution: policy?.clocks.resolution?.targetMinutes ?? null };
    }),
  };
}

/** The categories a group works first: its primary skills (all its skills if none is primary). */
function primaryCategories(skills: Scenario['groups'][number]['skills']): string[] {
  const primary = skills.filter((k) => k.primary);
  return (primary.length > 0 ? primary : skills).map((k) => k.category);
}

/** Business hours matter to the picture where someone keeps them: ACK duty, or people on shifts. */
function businessHours(scenario: Scenario, startEpochMs: number, end: number): number[] {
  const kept = scenario.ackDuty.enabled || scenario.groups.some((g) => g.shifts.length > 0);
  const spec = scenario.calendars[scenario.ackDuty.calendar] ?? scenario.calendars.business;
  if (!kept || !spec) return [];
  const { opens, closes } = openIntervals(spec, startEpochMs, end);
  const out: number[] = [];
  for (let i = 0; i < opens.length; i++) if (opens[i] < end) out.push(opens[i], Math.min(closes[i], end));
  return out;
}
