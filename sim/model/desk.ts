import type { Engine } from '../engine/engine.js';
import { createSampler, type Sampler } from '../random/distributions.js';
import { createStream, type Uniform } from '../random/stream.js';
import { hourOfWeekTable, type HourOfWeekTable } from '../time/hourOfWeek.js';
import { parseLocalDateTime } from '../time/zone.js';
import { ON_BREAK, ON_DUTY, OFF_DUTY, AgentPool } from './agents.js';
import { buildCalendar, Calendar } from './calendar.js';
import { resolveDemand, type ResolvedStream } from './demand.js';
import type { DeskRecorder } from './deskRecorder.js';
import { AGE_ALARMS, DeskObservations } from './observations.js';
import { buildRoster, type Roster } from './roster.js';
import { ASYNC, CHAT, channelClass, ENGINEERING, Routing } from './routing.js';
import { PRIORITIES, TIERS, type Scenario } from './scenario.js';
import { ACKNOWLEDGE, ACTIONABLE, RESOLUTION, SlaBook, UPDATE } from './sla.js';
import * as T from './tickets.js';

export const MINUTES_PER_DAY = 24 * 60;
/** A ticket's hierarchical check waits for the customer's answer (its clock is paused). */
const WAITING_FOR_CUSTOMER = -2;
/** Calendars reach this far past the horizon so deadlines of late tickets stay finite. */
const CALENDAR_MARGIN = 60 * MINUTES_PER_DAY;

/**
 * A stream's generators, one per purpose. A purpose's generator is drawn only when its feature is
 * on, and never shared, so switching reopening on in one scenario leaves every other draw of its
 * tickets as in the scenario it is compared with.
 */
interface StreamRandom {
  arrivals: Uniform;
  handle: Uniform;
  complexity: Uniform;
  touches: Uniform;
  misroute: Uniform;
  reopen: Uniform;
  deflection: Uniform;
  patience: Uniform;
  followUp: Uniform;
  customer: Uniform;
  escalation: Uniform;
}

interface TimeTables {
  startEpochMs: number;
  calendars: Map<string, Calendar>;
  hours: HourOfWeekTable;
  roster: Roster;
}

/**
 * Calendars, the hour-of-week table and shift occurrences depend on the scenario only, not on the
 * seed or the replication, and cost most of a short replication's set-up (time-zone arithmetic):
 * built once per scenario object and shared, read-only, by its replications.
 */
const tablesOf = new WeakMap<Scenario, TimeTables>();

function timeTables(scenario: Scenario): TimeTables {
  let tables = tablesOf.get(scenario);
  if (!tables) {
    const startEpochMs = parseLocalDateTime(scenario.start, scenario.timeZone);
    const end = (scenario.warmupDays + scenario.horizonDays) * MINUTES_PER_DAY;
    const span = end + CALENDAR_MARGIN;
    const calendars = new Map<string, Calendar>([['24x7', Calendar.always(span)]]);
    for (const [name, spec] of Object.entries(scenario.calendars)) calendars.set(name, buildCalendar(spec, startEpochMs, span));
    tables = { startEpochMs, calendars, hours: hourOfWeekTable(startEpochMs, scenario.timeZone, end), roster: buildRoster(scenario, startEpochMs, end) };
    tablesOf.set(scenario, tables);
  }
  return tables;
}

/**
 * The support desk on the engine. Tickets arrive from demand streams (and incidents), wait in
 * queues per tier and skill, and are worked in touches by agents on shift. A tier below a ticket's
 * hidden complexity diagnoses it and hands it up; engineering answers after a turnaround; between
 * touches the customer has the ball; solved tickets may be reopened. Outside business hours the
 * on-duty engineer acknowledges new tickets with an ETA. SLA clocks, escalation timers and
 * callers' patience run alongside. The engine sees only (kind, integer payload) events: ticket
 * slots, agent indices or stream indices.
 */
export class Desk {
  readonly tickets = new T.TicketTable(1024);
  // Declared, then set in the constructor (see TimeWeighted in sim/metrics for why not plain fields).
  declare readonly agents: AgentPool;
  declare readonly routing: Routing;
  declare readonly observations: DeskObservations;
  declare readonly sla: SlaBook;
  declare readonly measureFrom: number;
  declare readonly end: number;

  /** Arrival streams (demand and incidents) as resolved: read-only outside the desk (the training trace names them). */
  declare readonly streams: ResolvedStream[];
  private declare readonly random: StreamRandom[];
  private declare readonly handleSamplers: Sampler[];
  private declare readonly followUpSamplers: Sampler[];
  private declare readonly touchCountSamplers: Sampler[];
  private declare readonly customerSamplers: Sampler[];
  private declare readonly patienceSamplers: Array<Sampler | null>;
  /** Per stream: cumulative complexity weights over TIERS. */
  private declare readonly complexityTables: Float64Array[];
  private declare readonly streamPriority: Uint8Array;
  private declare readonly streamCategory: Uint16Array;
  private declare readonly streamClass: Uint8Array;
  private declare readonly streamEntry: Uint8Array;
  private declare readonly streamPolicy: Int16Array;
  /** Per stream: the touch count when it is fixed, 0 when it must be drawn. */
  private declare readonly fixedTouches: Uint16Array;
  private declare readonly reopenProbability: number;
  private declare readonly reopenWindow: number;
  private declare readonly misroute: number;
  private declare readonly diagnosis: Sampler;
  private declare readonly handoff: Sampler;
  private declare readonly ackTime: Sampler;
  private declare readonly ackFollowUp: Sampler;
  private declare readonly turnaround: Sampler | null;
  private declare readonly taskRandom: Uniform;
  private declare readonly engineeringRandom: Uniform;
  private declare readonly absenceRandom: Uniform[];
  private declare readonly roster: Roster;
  private declare readonly agentRange: Array<[number, number]>;
  private declare readonly businessCalendar: Calendar;
  private declare readonly dutyGroup: number;
  private declare readonly pagedPriorities: Uint8Array;
  private declare readonly hierarchicalRules: Array<Scenario['escalation']['hierarchical'][number] | undefined>;
  private declare readonly automaticRules: Array<Scenario['escalation']['automatic'][number] | undefined>;
  private declare readonly hours: HourOfWeekTable;
  private stamp = 0;
  private hourSegment = 0;
  /** The hour of the week (0-167) of hourSegment. */
  private hourOfWeek = 0;
  private declare readonly busyMark: Float64Array;
  /** seriesTick's counts of open tickets by filed priority and by age alarm, reused every tick. */
  private declare readonly backlogScratch: Float64Array;
  private declare readonly agedScratch: Float64Array;
  private declare readonly staffedMark: Float64Array;
  /** Per group: chats an agent carries at once. */
  private declare readonly chatLimit: Int32Array;

  // What the scenario uses, decided once: the hot path skips the bookkeeping of what can never
  // happen (a timer never armed needs no cancelling, a clock no policy sets needs no stopping).
  private declare readonly hasPatience: boolean;
  private declare readonly hasHierarchical: boolean;
  private declare readonly hasAutomatic: boolean;
  /** After-hours ACK duty promises ETAs. */
  private declare readonly hasEta: boolean;
  /** Any of the above: some timer may need cancelling when a ticket finishes. */
  private declare readonly hasTimers: boolean;
  /** Some policy has an update clock: only then is `ballSince` read. */
  private declare readonly tracksUpdates: boolean;
  /** Tickets may change tier after arrival (else a tier's records are `open` and `sojourn`, see the constructor). */
  private declare readonly tiersMove: boolean;
  /** A touch can be cut short (shift handover, P1 preemption): only then are its timing, its work and the agent's current slot kept. */
  private declare readonly interruptible: boolean;
  /** Some stream is chat: only then can an agent carry several touches. */
  private declare readonly hasChat: boolean;
  /** Some stream's tickets may need a tier above their entry tier. */
  private declare readonly hasComplexity: boolean;
  /** A P1 with nobody free may take over an agent working a P3/P4. */
  private declare readonly preemptByP1: boolean;

  private declare readonly kind: {
    arrival: number;
    touchEnd: number;
    customerReply: number;
    engineeringReturn: number;
    reopen: number;
    abandon: number;
    hierarchical: number;
    automatic: number;
    etaCheck: number;
    shiftStart: number;
    shiftEnd: number;
    breakStart: number;
    breakEnd: number;
    hourTick: number;
    seriesTick: number;
  };

  private declare readonly engine: Engine;
  declare readonly scenario: Scenario;
  /** Watches the desk work (the training trace); null in ordinary runs, so every hook is one null check. */
  private declare readonly recorder: DeskRecorder | null;

  constructor(engine: Engine, scenario: Scenario, seed: number | string, replication: number, recorder: DeskRecorder | null = null) {
    this.engine = engine;
    this.scenario = scenario;
    this.recorder = recorder;
    this.measureFrom = scenario.warmupDays * MINUTES_PER_DAY;
    this.end = this.measureFrom + scenario.horizonDays * MINUTES_PER_DAY;
    const { startEpochMs, calendars, hours, roster } = timeTables(scenario);
    const calendarNamed = (name: string): Calendar => {
      const c = calendars.get(name);
      if (!c) throw new Error(`unknown calendar ${name}`);
      return c;
    };
    this.hours = hours;
    this.streams = resolveDemand(scenario, { startEpochMs, timeZone: scenario.timeZone, end: this.end, hours: this.hours, seed, replication });
    const duty = scenario.ackDuty;
    this.dutyGroup = duty.enabled ? scenario.groups.findIndex((g) => g.name === duty.group) : -1;
    this.businessCalendar = calendarNamed(duty.calendar in scenario.calendars || duty.calendar === '24x7' ? duty.calendar : 'business');
    this.pagedPriorities = Uint8Array.from(PRIORITIES, (p) => (duty.pagedPriorities.includes(p) ? 1 : 0));
    this.routing = new Routing(scenario, this.streams, this.dutyGroup);
    this.sla = new SlaBook(scenario, calendarNamed);
    this.observations = new DeskObservations(scenario, this.sla, this.end - this.measureFrom);
    this.roster = roster;
    this.agents = new AgentPool(this.roster.headcounts);
    this.agentRange = [];
    let first = 0;
    for (const n of this.roster.headcounts) {
      this.agentRange.push([first, first + n]);
      first += n;
    }

    const stream = (purpose: string) => createStream(seed, replication, purpose);
    this.random = this.streams.map((s) => ({
      // One stream per purpose and arrival stream: changing handle times or staffing leaves every
      // arrival instant and every ticket's drawn attributes as they were (common random numbers).
      arrivals: stream(`arrivals:${s.name}`),
      handle: stream(`handle:${s.name}`),
      complexity: stream(`complexity:${s.name}`),
      touches: stream(`touches:${s.name}`),
      misroute: stream(`misroute:${s.name}`),
      reopen: stream(`reopen:${s.name}`),
      deflection: stream(`deflection:${s.name}`),
      patience: stream(`patience:${s.name}`),
      followUp: stream(`follow-up:${s.name}`),
      customer: stream(`customer:${s.name}`),
      escalation: stream(`escalation:${s.name}`),
    }));
    this.taskRandom = stream('tasks');
    this.engineeringRandom = stream('engineering');
    this.absenceRandom = scenario.groups.map((g) => stream(`absence:${g.name}`));
    this.handleSamplers = this.streams.map((s) => createSampler(s.handleTime));
    this.followUpSamplers = this.streams.map((s) => createSampler(s.touches.followUp));
    this.touchCountSamplers = this.streams.map((s) => createSampler(s.touches.count));
    this.customerSamplers = this.streams.map((s) => createSampler(s.touches.customerDelay));
    this.patienceSamplers = this.streams.map((s) => (s.patience ? createSampler(s.patience) : null));
    this.complexityTables = this.streams.map((s) => {
      const weights = TIERS.map((t) => s.complexity[t] ?? 0);
      const total = weights.reduce((a, b) => a + b, 0);
      let sum = 0;
      return Float64Array.from(weights, (w) => (total > 0 ? (sum += w) / total : 0));
    });
    this.streamPriority = Uint8Array.from(this.streams, (s) => PRIORITIES.indexOf(s.priority));
    this.streamCategory = Uint16Array.from(this.streams, (s) => this.routing.categoryIndex(s.category));
    this.streamClass = Uint8Array.from(this.streams, (s) => channelClass(s.channel));
    this.streamEntry = Uint8Array.from(this.streams, (s, i) => this.routing.servedTier(this.streamCategory[i], TIERS.indexOf(s.entryTier)));
    this.streamPolicy = Int16Array.from(this.streams, (s) => this.sla.match(PRIORITIES.indexOf(s.priority), s.segment, s.channel));
    this.fixedTouches = Uint16Array.from(this.touchCountSamplers, (c) => (c.variance > 0 ? 0 : Math.max(1, Math.round(c.mean))));
    this.reopenProbability = scenario.lifecycle.reopenProbability;
    this.reopenWindow = scenario.lifecycle.reopenWithinDays * MINUTES_PER_DAY;
    this.misroute = scenario.escalation.misroute;
    const esc = scenario.escalation;
    this.diagnosis = createSampler(esc.diagnosis);
    this.handoff = createSampler(esc.handoff);
    this.ackTime = createSampler(duty.ackTime);
    this.ackFollowUp = createSampler(duty.followUp);
    const engineering = scenario.groups.find((g) => g.tier === 'engineering');
    this.turnaround = engineering?.turnaround ? createSampler(engineering.turnaround) : null;
    this.hierarchicalRules = PRIORITIES.map((p) => esc.hierarchical.find((r) => r.priority === p));
    this.automaticRules = PRIORITIES.map((p) => esc.automatic.find((r) => r.priority === p));
    this.busyMark = new Float64Array(scenario.groups.length);
    this.backlogScratch = new Float64Array(PRIORITIES.length);
    this.agedScratch = new Float64Array(AGE_ALARMS.length);
    this.staffedMark = new Float64Array(scenario.groups.length);
    this.chatLimit = Int32Array.from(scenario.groups, (g) => g.chatConcurrency);
    this.hasPatience = this.patienceSamplers.some((p) => p !== null);
    this.hasHierarchical = this.hierarchicalRules.some((r) => r !== undefined);
    this.hasAutomatic = this.automaticRules.some((r) => r !== undefined);
    this.hasEta = this.dutyGroup >= 0;
    this.hasTimers = this.hasPatience || this.hasHierarchical || this.hasAutomatic || this.hasEta;
    this.tracksUpdates = this.sla.usesClock(UPDATE);
    this.tiersMove = !this.tiersFixed();
    this.preemptByP1 = scenario.routing.preemptByP1;
    this.interruptible = this.preemptByP1 || scenario.groups.some((g) => g.shiftEnd === 'handover');
    this.hasChat = this.streamClass.includes(CHAT);
    this.hasComplexity = this.complexityTables.some((table) => table[table.length - 1] > 0);
    this.hourOfWeek = this.hours.hourOfWeek[0];
    // Without tier changes a ticket is at its (single) entry tier exactly while it is open, and
    // leaves it when it leaves the desk: the tier's count and visit times are the open count and
    // the sojourns, step for step, so one record serves each pair.
    if (!this.tiersMove && this.streams.length > 0) this.observations.tierIsWholeStay(this.streamEntry[0]);

    // Bound methods, not arrow wrappers: the engine then calls each handler directly, one call
    // less per event.
    const on = (name: string, handler: (this: Desk, payload: number) => void) => engine.register(name, handler.bind(this));
    this.kind = {
      arrival: on('arrival', this.arrive),
      touchEnd: on('touch-end', this.endTouch),
      customerReply: on('customer-reply', this.customerReplied),
      engineeringReturn: on('engineering-return', this.engineeringAnswered),
      reopen: on('reopen', this.reopen),
      abandon: on('abandon', this.abandon),
      hierarchical: on('hierarchical-escalation', this.hierarchicalDue),
      automatic: on('automatic-escalation', this.automaticDue),
      etaCheck: on('eta-check', this.etaDue),
      shiftStart: on('shift-start', this.shiftStart),
      shiftEnd: on('shift-end', this.shiftEnd),
      breakStart: on('break-start', this.breakStart),
      breakEnd: on('break-end', this.breakEnd),
      hourTick: on('hour', this.hourTick),
      seriesTick: on('series', this.seriesTick),
    };

    if (this.recorder !== null) this.recorder.begin(this);
    for (let a = 0; a < this.agents.total; a++) {
      const pattern = this.roster.patternOf[a];
      if (pattern < 0) this.comeOnDuty(a);
      else if (this.roster.opens[pattern].length > 0) engine.scheduleAt(this.kind.shiftStart, a, this.roster.opens[pattern][0]);
    }
    for (let s = 0; s < this.streams.length; s++) this.scheduleNextArrival(s);
    if (this.hours.count > 1) engine.scheduleAt(this.kind.hourTick, 1, this.hours.starts[1]);
    engine.scheduleAt(this.kind.seriesTick, 0, this.measureFrom);
  }

  // ---- arrivals -------------------------------------------------------------------------------

  private scheduleNextArrival(stream: number): void {
    const next = this.streams[stream].process.next(this.engine.now, this.random[stream].arrivals);
    if (next < this.end) this.engine.scheduleAt(this.kind.arrival, stream, next);
  }

  // The handlers below keep rare branches in methods of their own: what stays is small enough
  // for the JIT to inline the statistics it updates (a call would box each instant it passes).

  private arrive(s: number): void {
    this.scheduleNextArrival(s);
    // Thinning: the tickets self-service does not catch keep their instants and attributes.
    if (this.streams[s].deflectShare > 0 && this.deflected(s)) return;
    const slot = this.newTicket(s);
    const t = this.tickets;
    const now = this.engine.now;
    const obs = this.observations;
    if (this.recorder !== null) this.recorder.arrived(now, slot, s, this.streamEntry[s]);
    obs.open.add(now, 1);
    obs.waitingFirst.add(now, 1);
    if (t.flags[slot] & T.MEASURED) {
      obs.tickets++;
      obs.ticketsByPriority[t.priority[slot]]++;
      const step = Math.floor((now - this.measureFrom) / obs.seriesStep);
      if (step < obs.seriesLength) obs.arrivalsByStep[step]++;
      obs.arrivalsByHourOfWeek[this.hourOfWeek]++;
    }
    if (this.hasPatience) this.armPatience(slot);
    if (this.hasHierarchical || this.hasAutomatic) this.armEscalationTimers(slot);
    if (this.hasEta) t.etaEvent[slot] = -1;
    const entry = this.streamEntry[s];
    this.enterTier(slot, entry);
    const queue = this.routing.queueOf(entry, t.category[slot], this.streamClass[s]);
    if (this.dutyGroup >= 0 && !this.businessCalendar.isOpen(now) && this.afterHours(slot)) return;
    this.route(slot, queue, true);
  }

  /** Does self-service catch this arrival of stream s? */
  private deflected(s: number): boolean {
    if (this.random[s].deflection() >= this.streams[s].deflectShare) return false;
    if (this.engine.now >= this.measureFrom) this.observations.deflected++;
    return true;
  }

  /**
   * A ticket of stream s, with everything about it drawn now from its stream's own generators,
   * so a change of staffing or policy meets the same tickets.
   */
  private newTicket(s: number): number {
    const now = this.engine.now;
    const random = this.random[s];
    const work = this.handleSamplers[s].sample(random.handle);
    const touches = this.fixedTouches[s] || Math.max(1, Math.round(this.touchCountSamplers[s].sample(random.touches)));
    const t = this.tickets;
    const slot = t.allocate(T.TICKET);
    const priority = this.streamPriority[s];
    const category = this.streamCategory[s];
    const entry = this.streamEntry[s];
    t.arrival[slot] = now;
    if (this.tracksUpdates) t.ballSince[slot] = now;
    if (this.sla.pausing) t.resetPaused(slot);
    t.firstWork[slot] = work;
    t.priority[slot] = priority;
    t.filedPriority[slot] = priority;
    t.stream[slot] = s;
    t.category[slot] = category;
    t.policy[slot] = this.streamPolicy[s];
    t.touchesLeft[slot] = touches;
    if (this.reopenProbability > 0) this.drawReopen(slot);
    if (this.tiersMove) t.handoffs[slot] = 0;
    t.complexity[slot] = this.hasComplexity ? this.complexityOf(s, entry, category) : entry;
    let flags = now >= this.measureFrom ? T.MEASURED : 0;
    if (this.misroute > 0 && random.misroute() < this.misroute && t.complexity[slot] <= entry) flags |= T.WILL_MISROUTE;
    t.flags[slot] = flags;
    return slot;
  }

  /** Will the customer reopen the ticket once solved, and when? */
  private drawReopen(slot: number): void {
    const random = this.random[this.tickets.stream[slot]];
    const reopens = random.reopen() < this.reopenProbability;
    this.tickets.reopenDelay[slot] = reopens ? random.reopen() * this.reopenWindow : NaN;
  }

  /** A caller's patience, drawn on arrival: the ticket is abandoned if still waiting then. */
  private armPatience(slot: number): void {
    const t = this.tickets;
    const s = t.stream[slot];
    const sampler = this.patienceSamplers[s];
    const patience = sampler ? sampler.sample(this.random[s].patience) : Infinity;
    t.patienceEvent[slot] = patience < Infinity ? this.engine.schedule(this.kind.abandon, slot, patience) : -1;
  }

  /**
   * Outside business hours the on-duty engineer acknowledges a new ticket with an ETA, or works a
   * paged one now; true when the ticket has been routed (paged).
   */
  private afterHours(slot: number): boolean {
    const t = this.tickets;
    const obs = this.observations;
    const measured = (t.flags[slot] & T.MEASURED) !== 0;
    t.flags[slot] |= T.AFTER_HOURS;
    if (measured) obs.afterHours++;
    if (this.recorder !== null) this.recorder.afterHours(this.engine.now, slot, this.pagedPriorities[t.priority[slot]] === 1);
    if (this.pagedPriorities[t.priority[slot]] === 1) {
      // Paged: the on-duty engineer works the ticket now, from the duty queue.
      if (measured) obs.paged++;
      this.route(slot, this.routing.ackQueue, true);
      return true;
    }
    this.createTask(T.ACK_TASK, slot, this.ackTime.sample(this.taskRandom));
    if (measured) obs.ackTasks++;
    return false;
  }

  /** The tier whose skill the ticket needs, never below the entry tier nor above what exists. */
  private complexityOf(s: number, entry: number, category: number): number {
    const table = this.complexityTables[s];
    let tier = entry;
    if (table[table.length - 1] > 0) {
      const u = this.random[s].complexity();
      tier = 0;
      while (tier < table.length - 1 && u >= table[tier]) tier++;
    }
    if (tier <= entry) return entry;
    if (tier === ENGINEERING) return this.turnaround ? ENGINEERING : this.highestTier(category);
    return Math.min(tier, this.highestTier(category));
  }

  private highestTier(category: number): number {
    const tiers = this.routing.tiersFor[category];
    return tiers.length > 0 ? tiers[tiers.length - 1] : 0;
  }

  /**
   * Does every ticket stay at one tier, the same for all, from arrival to the end? So when all
   * streams enter at one tier, the only one their categories are served at, nothing is handed to
   * engineering and nothing reopens (a reopened ticket re-enters its tier while staying open).
   */
  private tiersFixed(): boolean {
    if (this.reopenProbability > 0 || this.turnaround !== null || this.streams.length === 0) return false;
    const tier = this.streamEntry[0];
    for (let s = 0; s < this.streams.length; s++) {
      if (this.streamEntry[s] !== tier) return false;
      if (this.routing.tiersFor[this.streamCategory[s]].some((k) => k !== tier)) return false;
    }
    return true;
  }

  private createTask(kind: number, parent: number, work: number): number {
    const t = this.tickets;
    const task = t.allocate(kind);
    t.parent[task] = parent;
    t.parentGeneration[task] = t.generation[parent];
    t.priority[task] = t.priority[parent];
    t.filedPriority[task] = t.filedPriority[parent];
    t.category[task] = t.category[parent];
    t.policy[task] = t.policy[parent];
    t.arrival[task] = this.engine.now;
    t.work[task] = work;
    t.flags[task] = T.RESUME; // its work is set
    t.touchKind[task] = T.TOUCH_TASK;
    if (this.recorder !== null) this.recorder.taskCreated(this.engine.now, task, parent, kind);
    const queue = kind === T.ACK_TASK ? this.routing.ackQueue : this.routing.queueOf(t.tier[parent], t.category[parent], ASYNC);
    this.route(task, queue, false);
    return task;
  }

  // ---- queues and dispatch --------------------------------------------------------------------

  /** Give the slot to a free agent who serves the queue, or queue it. */
  private route(slot: number, queue: number, allowPreempt: boolean): void {
    const t = this.tickets;
    t.queue[slot] = queue;
    const agent = this.findAgent(queue);
    if (agent < 0) {
      this.wait(slot, queue, allowPreempt);
      return;
    }
    t.queuedAt[slot] = this.engine.now;
    this.startTouch(agent, slot);
  }

  /** Nobody free serves the queue: a P1 may take over an agent, else the slot waits in the queue. */
  private wait(slot: number, queue: number, allowPreempt: boolean): void {
    const t = this.tickets;
    if (allowPreempt && this.preemptByP1 && t.priority[slot] === 0 && t.kind[slot] === T.TICKET && this.preemptFor(slot, queue)) return;
    if (t.kind[slot] === T.TICKET && t.firstPickup[slot] !== t.firstPickup[slot] && !(t.flags[slot] & T.WAITED)) {
      // The ticket found nobody free for its first touch: it waits (P(wait) in Erlang's terms).
      t.flags[slot] |= T.WAITED;
      if (t.flags[slot] & T.MEASURED) this.observations.queuedOnArrival++;
    }
    this.push(slot, queue);
  }

  /** Queue the slot in `queue`, which its `queue` field already names. */
  private push(slot: number, queue: number): void {
    const t = this.tickets;
    const now = this.engine.now;
    t.status[slot] = T.QUEUED;
    t.queuedAt[slot] = now;
    const stamp = ++this.stamp;
    t.queueStamp[slot] = stamp;
    const rank = this.routing.byDeadline ? this.deadlineOf(slot) : this.routing.byPriority ? t.priority[slot] : 0;
    this.routing.queues[queue].push(slot, rank, stamp);
    if (this.recorder !== null) this.recorder.queued(now, slot, queue);
  }

  /** Earliest-deadline-first key: the next clock due (acknowledge, then resolution). */
  private deadlineOf(slot: number): number {
    const t = this.tickets;
    // A task is due when its ticket's next clock is.
    if (t.kind[slot] !== T.TICKET) return this.deadlineOf(t.parent[slot]);
    const policy = t.policy[slot];
    const clock = t.firstResponse[slot] !== t.firstResponse[slot] ? ACKNOWLEDGE : RESOLUTION;
    const due = this.sla.dueAt(policy, clock, t.arrival[slot], 1, t.paused[slot * T.CLOCK_COUNT + clock]);
    return due < Infinity ? due : 1e12 + t.arrival[slot];
  }

  private unqueue(slot: number): void {
    const t = this.tickets;
    if (t.status[slot] !== T.QUEUED || t.queueStamp[slot] < 0) return;
    t.queueStamp[slot] = -1;
    this.routing.queues[t.queue[slot]].discard();
  }

  private findAgent(queue: number): number {
    const servers = this.routing.servers[queue];
    const agents = this.agents;
    for (let i = 0; i < servers.length; i++) {
      const a = agents.takeFree(servers[i]);
      if (a >= 0) return a;
    }
    return this.hasChat && this.routing.classOf(queue) === CHAT ? this.chatAgent(servers) : -1;
  }

  /** No agent is free: a chat can join an agent of `servers` already chatting below its concurrency. */
  private chatAgent(servers: number[]): number {
    const agents = this.agents;
    for (let i = 0; i < servers.length; i++) {
      const g = servers[i];
      const limit = this.chatLimit[g];
      const [from, to] = this.agentRange[g];
      for (let a = from; a < to; a++) {
        if (agents.state[a] === ON_DUTY && agents.chatMode[a] === 1 && agents.load[a] > 0 && agents.load[a] < limit && agents.leaving[a] === 0 && agents.breakDue[a] === 0) return a;
      }
    }
    return -1;
  }

  /** A P1 with nobody free takes over an agent working a P3/P4 asynchronous ticket. */
  private preemptFor(slot: number, queue: number): boolean {
    const t = this.tickets;
    const agents = this.agents;
    for (const g of this.routing.servers[queue]) {
      const [from, to] = this.agentRange[g];
      for (let a = from; a < to; a++) {
        const victim = agents.current[a];
        if (agents.state[a] !== ON_DUTY || victim < 0 || t.kind[victim] !== T.TICKET || t.priority[victim] < 2) continue;
        if (this.routing.classOf(t.queue[victim]) !== ASYNC) continue;
        this.interrupt(a);
        if (t.flags[victim] & T.MEASURED) this.observations.preempted++;
        t.queue[slot] = queue;
        t.queuedAt[slot] = this.engine.now;
        this.startTouch(a, slot);
        this.push(victim, t.queue[victim]);
        return true;
      }
    }
    return false;
  }

  /** A free (or chatting) agent takes the best work of its queues, level by level. */
  private pullWork(agent: number): void {
    const agents = this.agents;
    if (agents.state[agent] !== ON_DUTY || agents.leaving[agent] === 1 || agents.breakDue[agent] > 0) return;
    if (this.hasChat) {
      this.pullChats(agent);
      return;
    }
    // Without chats an agent works one touch at a time, from the best head of its queues.
    if (agents.load[agent] > 0) return;
    const g = agents.groupOf[agent];
    const sole = this.routing.soleQueue[g];
    const best = sole >= 0 ? sole : this.bestQueue(g, false);
    const stamps = this.tickets.queueStamp;
    const slot = best < 0 ? -1 : this.routing.queues[best].pop(stamps);
    if (slot < 0) {
      agents.offer(agent);
      return;
    }
    stamps[slot] = -1;
    this.startTouch(agent, slot);
  }

  /** pullWork where chats exist: a chatting agent keeps taking chats up to its concurrency. */
  private pullChats(agent: number): void {
    const agents = this.agents;
    const g = agents.groupOf[agent];
    const limit = this.chatLimit[g];
    const sole = this.routing.soleQueue[g];
    const stamps = this.tickets.queueStamp;
    for (;;) {
      const chatting = agents.load[agent] > 0;
      if (chatting && (agents.chatMode[agent] === 0 || agents.load[agent] >= limit)) return;
      // One queue needs no comparison of heads: popping it finds whether it has work.
      const best = sole < 0 ? this.bestQueue(g, chatting) : chatting && this.routing.classOf(sole) !== CHAT ? -1 : sole;
      const slot = best < 0 ? -1 : this.routing.queues[best].pop(stamps);
      if (slot < 0) {
        if (agents.load[agent] === 0) agents.offer(agent);
        return;
      }
      stamps[slot] = -1;
      this.startTouch(agent, slot);
      if (this.routing.classOf(best) !== CHAT) return;
    }
  }

  /** The queue of group g with the best live head, level by level (chats only while chatting), or -1. */
  private bestQueue(g: number, chatting: boolean): number {
    const levels = this.routing.levels[g];
    const stamps = this.tickets.queueStamp;
    let best = -1;
    let bestKey = Infinity;
    for (let l = 0; l < levels.length && best < 0; l++) {
      const level = levels[l];
      for (let i = 0; i < level.length; i++) {
        const q = level[i];
        if (chatting && this.routing.classOf(q) !== CHAT) continue;
        const key = this.routing.queues[q].headKey(stamps);
        if (key < bestKey) {
          bestKey = key;
          best = q;
        }
      }
    }
    return best;
  }

  // ---- touches --------------------------------------------------------------------------------

  private startTouch(agent: number, slot: number): void {
    const now = this.engine.now;
    const t = this.tickets;
    const agents = this.agents;
    const g = agents.groupOf[agent];
    t.status[slot] = T.IN_PROGRESS;
    t.agent[slot] = agent;
    if (this.recorder !== null) this.recorder.touchStarted(now, agent, slot);
    const ticket = t.kind[slot] === T.TICKET;
    if (ticket) this.pickUp(slot, g);
    let work: number;
    if (t.flags[slot] & T.RESUME) {
      t.flags[slot] &= ~T.RESUME;
      work = t.work[slot];
    } else {
      work = this.planTouch(slot);
      if (this.interruptible) t.work[slot] = work;
    }
    const duration = this.routing.proficient ? work : work * this.routing.proficiencyOf(g, t.category[slot]);
    if (agents.load[agent] === 0) this.observations.busyByGroup[g].add(now, 1);
    agents.load[agent]++;
    const chat = this.hasChat && ticket && this.routing.classOf(t.queue[slot]) === CHAT;
    if (this.hasChat) agents.chatMode[agent] = chat ? 1 : 0;
    if (this.interruptible && !chat) agents.current[agent] = slot;
    const end = this.engine.scheduleAt(this.kind.touchEnd, slot, now + duration);
    if (this.interruptible || !ticket) {
      t.touchStart[slot] = now;
      t.touchDuration[slot] = duration;
      t.touchEvent[slot] = end;
    }
  }

  /** A ticket is picked up by an agent of group g: its time queued, and on the first pickup its wait. */
  private pickUp(slot: number, g: number): void {
    const t = this.tickets;
    const measured = (t.flags[slot] & T.MEASURED) !== 0;
    if (measured) this.observations.queuedByGroup[g].add(this.engine.now - t.queuedAt[slot]);
    if (t.firstPickup[slot] !== t.firstPickup[slot]) this.firstPickup(slot, measured);
  }

  /** A ticket's first pickup: its wait ends, and usually its first response is now. */
  private firstPickup(slot: number, measured: boolean): void {
    const t = this.tickets;
    const obs = this.observations;
    const now = this.engine.now;
    t.firstPickup[slot] = now;
    obs.waitingFirst.add(now, -1);
    if (this.hasPatience) this.cancelTimer(slot, t.patienceEvent);
    if (this.hasAutomatic) this.cancelTimer(slot, t.automaticEvent);
    const respondedNow = t.firstResponse[slot] !== t.firstResponse[slot];
    if (measured) {
      const wait = now - t.arrival[slot];
      // Most tickets get their first response at the pickup: one record then serves both the
      // wait and the first response (see DeskObservations).
      (respondedNow ? obs.waitRespondedAtPickup : obs.waitAfterAck)[t.filedPriority[slot]].add(wait);
      obs.firstWait.add(wait);
    }
    if (respondedNow) this.respond(slot);
  }

  /** Decide what this touch is and how much work it takes. */
  private planTouch(slot: number): number {
    const t = this.tickets;
    // Without tier changes every ticket's complexity is its tier, and nothing is misrouted.
    if (this.tiersMove && this.handsOff(slot)) return this.diagnoseAndHandOff(t.stream[slot]);
    t.touchKind[slot] = T.TOUCH_SOLVE;
    const flags = t.flags[slot];
    if (flags & T.WORKED) return this.followUpWork(slot);
    t.flags[slot] = flags | T.WORKED;
    return t.firstWork[slot];
  }

  /** Does this touch end in a hand-off, back down (a misroute) or up? Sets the touch's kind if so. */
  private handsOff(slot: number): boolean {
    const t = this.tickets;
    const flags = t.flags[slot];
    if (flags & T.MISROUTED) {
      t.touchKind[slot] = T.TOUCH_BOUNCE;
      return true;
    }
    const tier = t.tier[slot];
    if (tier < t.complexity[slot] || (flags & T.WILL_MISROUTE && this.routing.nextTier(t.category[slot], tier, false) >= 0)) {
      t.touchKind[slot] = T.TOUCH_ESCALATE;
      return true;
    }
    return false;
  }

  /** Work of a follow-up touch (after the customer's answer). */
  private followUpWork(slot: number): number {
    const s = this.tickets.stream[slot];
    return this.followUpSamplers[s].sample(this.random[s].followUp);
  }

  /** Work of a touch that ends in a hand-off: the diagnosis, then the context transfer. */
  private diagnoseAndHandOff(stream: number): number {
    const random = this.random[stream].escalation;
    return this.diagnosis.sample(random) + this.handoff.sample(random);
  }

  private endTouch(slot: number): void {
    const now = this.engine.now;
    const t = this.tickets;
    const agents = this.agents;
    const agent = t.agent[slot];
    const g = agents.groupOf[agent];
    if (this.recorder !== null) this.recorder.touchEnded(now, agent, slot);
    agents.load[agent]--;
    if (this.interruptible && agents.current[agent] === slot) agents.current[agent] = -1;
    if (agents.load[agent] === 0) this.observations.busyByGroup[g].add(now, -1);
    if (this.interruptible) t.touchEvent[slot] = -1;
    if (t.kind[slot] === T.TICKET) this.ticketTouchDone(slot);
    else this.taskDone(slot);
    this.agentFree(agent);
  }

  private taskDone(task: number): void {
    if (this.tickets.kind[task] === T.ACK_TASK) this.ackDone(task);
    else this.followUpDone(task);
  }

  private ticketTouchDone(slot: number): void {
    const t = this.tickets;
    if (t.touchKind[slot] !== T.TOUCH_SOLVE) {
      this.handOffDone(slot);
      return;
    }
    if (t.actionable[slot] !== t.actionable[slot]) this.firstActionable(slot);
    if (this.tracksUpdates) this.reply(slot);
    const left = t.touchesLeft[slot] - 1;
    t.touchesLeft[slot] = left;
    if (left === 0) this.solve(slot);
    else this.notSolvedYet(slot);
  }

  /** The first solving touch ends: the ticket became actionable. */
  private firstActionable(slot: number): void {
    const t = this.tickets;
    const now = this.engine.now;
    t.actionable[slot] = now;
    if (this.hasEta && t.etaEvent[slot] >= 0) this.cancelTimer(slot, t.etaEvent);
    if (t.flags[slot] & T.MEASURED) {
      this.observations.actionableByPriority[t.filedPriority[slot]].add(now - t.arrival[slot]);
      this.stopClock(slot, ACTIONABLE);
    }
  }

  /** A solving touch ended with touches left: raise the ticket if asked, else the customer has the ball. */
  private notSolvedYet(slot: number): void {
    const t = this.tickets;
    if (t.flags[slot] & T.RAISE_PENDING) {
      t.flags[slot] &= ~T.RAISE_PENDING;
      this.escalate(slot);
      return;
    }
    t.status[slot] = T.PENDING_CUSTOMER;
    t.pendingSince[slot] = this.engine.now;
    if (this.recorder !== null) this.recorder.pending(this.engine.now, slot);
    const s = t.stream[slot];
    this.engine.schedule(this.kind.customerReply, slot, this.customerSamplers[s].sample(this.random[s].customer));
  }

  /** A touch that ended in a hand-off: up a tier, or back down after a misroute. */
  private handOffDone(slot: number): void {
    const t = this.tickets;
    this.reply(slot);
    if (t.touchKind[slot] === T.TOUCH_ESCALATE) {
      const wasMisroute = t.tier[slot] >= t.complexity[slot];
      t.flags[slot] &= ~T.WILL_MISROUTE;
      if (wasMisroute) t.flags[slot] |= T.MISROUTED;
      this.escalate(slot);
      return;
    }
    t.flags[slot] = (t.flags[slot] & ~T.MISROUTED) | T.PING_PONGED;
    if (t.flags[slot] & T.MEASURED) this.observations.pingPong++;
    this.handOff(slot, this.routing.previousTier(t.category[slot], t.tier[slot]));
  }

  /** Hand the ticket to the next tier up (or engineering). */
  private escalate(slot: number): void {
    const t = this.tickets;
    const next = this.routing.nextTier(t.category[slot], t.tier[slot], this.turnaround !== null);
    if (next < 0) {
      // Nobody above: the tier does its best (the complexity was capped to what exists).
      t.complexity[slot] = t.tier[slot];
      this.route(slot, this.routing.queueOf(t.tier[slot], t.category[slot], ASYNC), false);
      return;
    }
    if (!(t.flags[slot] & T.ESCALATED)) {
      t.flags[slot] |= T.ESCALATED;
      if (t.flags[slot] & T.MEASURED) this.observations.escalated++;
    }
    if (next === ENGINEERING && this.turnaround) {
      this.countHandoff(slot);
      this.leaveTier(slot);
      this.enterTier(slot, ENGINEERING);
      t.status[slot] = T.AT_ENGINEERING;
      this.engine.schedule(this.kind.engineeringReturn, slot, this.turnaround.sample(this.engineeringRandom));
      return;
    }
    this.handOff(slot, next);
  }

  private handOff(slot: number, tier: number): void {
    const t = this.tickets;
    this.countHandoff(slot);
    this.leaveTier(slot);
    this.enterTier(slot, tier);
    const cls = this.routing.classOf(t.queue[slot]);
    this.route(slot, this.routing.queueOf(tier, t.category[slot], cls === ASYNC ? ASYNC : cls), false);
  }

  private countHandoff(slot: number): void {
    const t = this.tickets;
    if (t.handoffs[slot] < 255) t.handoffs[slot]++;
    if (t.flags[slot] & T.MEASURED) this.observations.handoffs++;
  }

  private engineeringAnswered(slot: number): void {
    const t = this.tickets;
    // Engineering's fix or answer lets the highest agent tier close the ticket.
    const tier = this.highestTier(t.category[slot]);
    t.complexity[slot] = tier;
    this.countHandoff(slot);
    this.leaveTier(slot);
    this.enterTier(slot, tier);
    this.route(slot, this.routing.queueOf(tier, t.category[slot], ASYNC), false);
  }

  private customerReplied(slot: number): void {
    const t = this.tickets;
    const now = this.engine.now;
    if (this.recorder !== null) this.recorder.customerAnswered(now, slot);
    this.sla.pause(t.policy[slot], t.pendingSince[slot], now, t.paused, slot * T.CLOCK_COUNT);
    if (this.tracksUpdates) t.ballSince[slot] = now;
    if (this.hasHierarchical && t.escalationEvent[slot] === WAITING_FOR_CUSTOMER) {
      t.escalationEvent[slot] = -1;
      this.hierarchicalDue(slot);
    }
    this.route(slot, this.routing.queueOf(t.tier[slot], t.category[slot], ASYNC), false);
  }

  private solve(slot: number): void {
    const t = this.tickets;
    if (this.recorder !== null) this.recorder.solved(this.engine.now, slot);
    if (this.tiersMove) this.leaveTier(slot);
    if (t.flags[slot] & T.SOLVED_ONCE) {
      this.finish(slot);
      return;
    }
    const now = this.engine.now;
    const obs = this.observations;
    obs.open.add(now, -1);
    if (t.flags[slot] & T.MEASURED) {
      const elapsed = now - t.arrival[slot];
      obs.solved++;
      obs.resolutionByPriority[t.filedPriority[slot]].add(elapsed);
      obs.sojourn.add(elapsed);
      this.stopClock(slot, RESOLUTION);
      if (this.tracksUpdates) this.judgeUpdates(slot);
    }
    if (this.reopenProbability > 0 && this.awaitReopen(slot)) return;
    this.finish(slot);
  }

  /** The update clock of a measured ticket solved for the first time: met unless a gap ran over. */
  private judgeUpdates(slot: number): void {
    const t = this.tickets;
    const policy = t.policy[slot];
    if (!this.sla.hasClock(policy, UPDATE)) return;
    if (t.flags[slot] & T.UPDATE_BREACHED) this.sla.fail(policy, UPDATE, t.filedPriority[slot]);
    else this.sla.stop(policy, UPDATE, t.filedPriority[slot], 0);
  }

  /** A ticket the customer will reopen stays (solved) until then; true if so. */
  private awaitReopen(slot: number): boolean {
    const t = this.tickets;
    const delay = t.reopenDelay[slot];
    if (delay !== delay) return false;
    // Only a ticket that stays needs the mark: a finished slot is not read.
    t.flags[slot] |= T.SOLVED_ONCE;
    t.status[slot] = T.SOLVED_REOPENING;
    this.clearTimers(slot);
    this.engine.schedule(this.kind.reopen, slot, delay);
    return true;
  }

  private reopen(slot: number): void {
    const t = this.tickets;
    t.flags[slot] |= T.REOPENED;
    if (this.recorder !== null) this.recorder.reopened(this.engine.now, slot);
    if (t.flags[slot] & T.MEASURED) this.observations.reopened++;
    t.touchesLeft[slot] = 1;
    if (this.tracksUpdates) t.ballSince[slot] = this.engine.now;
    this.enterTier(slot, t.tier[slot]);
    this.route(slot, this.routing.queueOf(t.tier[slot], t.category[slot], ASYNC), false);
  }

  private abandon(slot: number): void {
    const t = this.tickets;
    const obs = this.observations;
    const now = this.engine.now;
    t.patienceEvent[slot] = -1;
    if (t.firstPickup[slot] === t.firstPickup[slot]) return;
    if (this.recorder !== null) this.recorder.abandoned(now, slot);
    this.unqueue(slot);
    obs.waitingFirst.add(now, -1);
    obs.open.add(now, -1);
    if (t.flags[slot] & T.MEASURED) {
      obs.abandoned++;
      const waited = now - t.arrival[slot];
      obs.firstWait.add(waited);
      obs.sojourn.add(waited);
      // Erlang A's convention: a caller who hung up was not answered within the target.
      if (t.firstResponse[slot] !== t.firstResponse[slot]) this.sla.fail(t.policy[slot], ACKNOWLEDGE, t.filedPriority[slot]);
    }
    if (this.tiersMove) this.leaveTier(slot);
    this.finish(slot);
  }

  private finish(slot: number): void {
    if (this.hasTimers) this.clearTimers(slot);
    this.tickets.release(slot);
  }

  // ---- replies and SLA clocks -----------------------------------------------------------------

  /** The first response to the customer: an agent's pickup or the after-hours ACK. */
  private respond(slot: number): void {
    const t = this.tickets;
    const now = this.engine.now;
    t.firstResponse[slot] = now;
    if (this.tracksUpdates) t.ballSince[slot] = now;
    if (this.hasAutomatic) this.cancelTimer(slot, t.automaticEvent);
    if (t.flags[slot] & T.MEASURED) this.stopClock(slot, ACKNOWLEDGE);
  }

  /** A reply to the customer: the update clock checks the gap since the ball came to us. */
  private reply(slot: number): void {
    if (!this.tracksUpdates) return;
    const t = this.tickets;
    const now = this.engine.now;
    const policy = t.policy[slot];
    if (this.sla.hasClock(policy, UPDATE) && t.firstResponse[slot] === t.firstResponse[slot]) {
      const gap = this.sla.counted(policy, UPDATE, t.ballSince[slot], now, 0);
      if (gap > this.sla.target(policy, UPDATE)) t.flags[slot] |= T.UPDATE_BREACHED;
    }
    t.ballSince[slot] = now;
  }

  private stopClock(slot: number, clock: number): void {
    if (!this.sla.usesClock(clock)) return;
    const t = this.tickets;
    // Where no clock pauses, paused minutes stay 0 and are not reset for new tickets.
    const paused = this.sla.pausing ? t.paused[slot * T.CLOCK_COUNT + clock] : 0;
    this.sla.stopAt(t.policy[slot], clock, t.filedPriority[slot], t.arrival[slot], this.engine.now, paused);
  }

  // ---- after-hours ACK duty -------------------------------------------------------------------

  private ackDone(task: number): void {
    const t = this.tickets;
    const obs = this.observations;
    const parent = t.parent[task];
    obs.ackMinutes += t.touchDuration[task];
    if (t.isLive(parent, t.parentGeneration[task]) && t.kind[parent] === T.TICKET) {
      if (t.firstResponse[parent] !== t.firstResponse[parent]) {
        // Acknowledged before any pickup: this response time is recorded apart from the waits.
        if (t.flags[parent] & T.MEASURED) obs.responseBeforePickup[t.filedPriority[parent]].add(this.engine.now - t.arrival[parent]);
        this.respond(parent);
      }
      this.scheduleEta(parent, this.businessCalendar.nextOpen(this.engine.now));
    }
    t.release(task);
  }

  /** Promise an ETA: `etaBusinessMinutes` of business time after `from`; check it when due. */
  private scheduleEta(slot: number, from: number): void {
    const t = this.tickets;
    if (t.actionable[slot] === t.actionable[slot] || from === Infinity) return;
    const eta = this.businessCalendar.addBusinessMinutes(from, this.scenario.ackDuty.etaBusinessMinutes);
    if (eta < Infinity) {
      this.cancelTimer(slot, t.etaEvent);
      t.etaEvent[slot] = this.engine.scheduleAt(this.kind.etaCheck, slot, eta);
    }
  }

  private etaDue(slot: number): void {
    const t = this.tickets;
    t.etaEvent[slot] = -1;
    if (t.actionable[slot] === t.actionable[slot]) return;
    // Missed: follow up with a new ETA before the customer has to chase.
    if (t.flags[slot] & T.MEASURED) this.observations.missedEta++;
    this.createTask(T.FOLLOW_UP_TASK, slot, this.ackFollowUp.sample(this.taskRandom));
  }

  private followUpDone(task: number): void {
    const t = this.tickets;
    const parent = t.parent[task];
    if (t.isLive(parent, t.parentGeneration[task]) && t.kind[parent] === T.TICKET) {
      if (t.flags[parent] & T.MEASURED) this.observations.followUps++;
      this.reply(parent);
      this.scheduleEta(parent, this.engine.now);
    }
    t.release(task);
  }

  // ---- hierarchical and automatic escalation ----------------------------------------------------

  private armEscalationTimers(slot: number): void {
    const t = this.tickets;
    const p = t.priority[slot];
    if (this.hasHierarchical) {
      t.escalationEvent[slot] = -1;
      const rule = this.hierarchicalRules[p];
      if (rule) {
        const clock = (['acknowledge', 'actionable', 'update', 'resolution'] as const).indexOf(rule.clock);
        const due = this.sla.dueAt(t.policy[slot], clock, t.arrival[slot], rule.atShare, 0);
        if (due < this.end) t.escalationEvent[slot] = this.engine.scheduleAt(this.kind.hierarchical, slot, due);
      }
    }
    if (this.hasAutomatic) {
      const auto = this.automaticRules[p];
      t.automaticEvent[slot] = auto ? this.engine.schedule(this.kind.automatic, slot, auto.afterMinutes) : -1;
    }
  }

  private hierarchicalDue(slot: number): void {
    const t = this.tickets;
    t.escalationEvent[slot] = -1;
    const rule = this.hierarchicalRules[t.filedPriority[slot]];
    if (!rule) return;
    const clock = (['acknowledge', 'actionable', 'update', 'resolution'] as const).indexOf(rule.clock);
    const stopped = clock === ACKNOWLEDGE ? t.firstResponse[slot] : clock === ACTIONABLE ? t.actionable[slot] : t.flags[slot] & T.SOLVED_ONCE ? 0 : NaN;
    if (stopped === stopped) return;
    const policy = t.policy[slot];
    const now = this.engine.now;
    const pausing = this.sla.pausesWhilePending(policy, clock);
    if (pausing && t.status[slot] === T.PENDING_CUSTOMER) {
      // The clock stands still until the customer answers; look again then.
      t.escalationEvent[slot] = WAITING_FOR_CUSTOMER;
      return;
    }
    const paused = t.paused[slot * T.CLOCK_COUNT + clock];
    const due = this.sla.dueAt(policy, clock, t.arrival[slot], rule.atShare, paused);
    if (due > now) {
      // Pauses moved the point: look again then.
      if (due < this.end) t.escalationEvent[slot] = this.engine.scheduleAt(this.kind.hierarchical, slot, due);
      return;
    }
    if (t.flags[slot] & T.MEASURED) this.observations.hierarchical++;
    this.raise(slot, rule.action);
  }

  private automaticDue(slot: number): void {
    const t = this.tickets;
    t.automaticEvent[slot] = -1;
    const rule = this.automaticRules[t.filedPriority[slot]];
    if (!rule || t.firstResponse[slot] === t.firstResponse[slot]) return;
    if (t.flags[slot] & T.MEASURED) this.observations.automatic++;
    this.raise(slot, rule.action);
  }

  private raise(slot: number, action: 'bump-priority' | 'raise-tier'): void {
    const t = this.tickets;
    if (action === 'bump-priority') {
      if (t.priority[slot] === 0) return;
      t.priority[slot]--;
      if (t.status[slot] === T.QUEUED && t.queueStamp[slot] >= 0) {
        this.unqueue(slot);
        this.route(slot, t.queue[slot], true);
      }
      return;
    }
    const next = this.routing.nextTier(t.category[slot], t.tier[slot], false);
    if (next < 0) return;
    if (t.status[slot] === T.QUEUED && t.queueStamp[slot] >= 0) {
      this.unqueue(slot);
      if (!(t.flags[slot] & T.ESCALATED)) {
        t.flags[slot] |= T.ESCALATED;
        if (t.flags[slot] & T.MEASURED) this.observations.escalated++;
      }
      if (t.complexity[slot] < next) t.complexity[slot] = next;
      this.handOff(slot, next);
    } else if (t.status[slot] === T.IN_PROGRESS) {
      t.flags[slot] |= T.RAISE_PENDING;
    }
  }

  private cancelTimer(slot: number, timers: Float64Array): void {
    const id = timers[slot];
    if (id >= 0) {
      this.engine.cancel(id);
      timers[slot] = -1;
    }
  }

  private clearTimers(slot: number): void {
    const t = this.tickets;
    if (this.hasPatience) this.cancelTimer(slot, t.patienceEvent);
    if (this.hasHierarchical) this.cancelTimer(slot, t.escalationEvent);
    if (this.hasAutomatic) this.cancelTimer(slot, t.automaticEvent);
    if (this.hasEta) this.cancelTimer(slot, t.etaEvent);
  }

  // ---- tiers ----------------------------------------------------------------------------------

  private enterTier(slot: number, tier: number): void {
    const t = this.tickets;
    const now = this.engine.now;
    t.tier[slot] = tier;
    if (this.recorder !== null) this.recorder.tierEntered(now, slot, tier);
    if (this.tiersMove) {
      t.tierSince[slot] = now;
      this.observations.atTier[tier].add(now, 1);
    }
    if (t.flags[slot] & T.MEASURED) this.observations.tierEntries[tier]++;
  }

  /** Only where tiers move: otherwise the tier's count and visit times are `open` and `sojourn` (see the constructor). */
  private leaveTier(slot: number): void {
    const t = this.tickets;
    const now = this.engine.now;
    const tier = t.tier[slot];
    this.observations.atTier[tier].add(now, -1);
    if (t.flags[slot] & T.MEASURED) this.observations.tierTime[tier].add(now - t.tierSince[slot]);
  }

  // ---- people: shifts, breaks, handover -------------------------------------------------------

  private comeOnDuty(agent: number): void {
    const agents = this.agents;
    agents.state[agent] = ON_DUTY;
    agents.leaving[agent] = 0;
    agents.breakDue[agent] = 0;
    if (this.recorder !== null) this.recorder.agentState(this.engine.now, agent, ON_DUTY);
    this.observations.staffedByGroup[agents.groupOf[agent]].add(this.engine.now, 1);
    this.pullWork(agent);
  }

  private goOff(agent: number): void {
    const agents = this.agents;
    if (agents.state[agent] === ON_DUTY) this.observations.staffedByGroup[agents.groupOf[agent]].add(this.engine.now, -1);
    agents.state[agent] = OFF_DUTY;
    agents.leaving[agent] = 0;
    agents.breakDue[agent] = 0;
    agents.withdraw(agent);
    if (this.recorder !== null) this.recorder.agentState(this.engine.now, agent, OFF_DUTY);
  }

  /** After a touch: leave, take a due break, or look for work. */
  private agentFree(agent: number): void {
    const agents = this.agents;
    if (agents.load[agent] > 0) {
      this.pullWork(agent);
      return;
    }
    if (agents.leaving[agent] === 1) this.goOff(agent);
    else if (agents.breakDue[agent] > 0) this.takeBreak(agent, agents.breakDue[agent]);
    else this.pullWork(agent);
  }

  private shiftStart(agent: number): void {
    const agents = this.agents;
    const g = agents.groupOf[agent];
    const pattern = this.roster.patternOf[agent];
    const i = agents.shiftIndex[agent];
    const close = this.roster.closes[pattern][i];
    if (this.absenceRandom[g]() < this.scenario.groups[g].shrinkage.absence) {
      this.nextShift(agent);
      return;
    }
    this.engine.scheduleAt(this.kind.shiftEnd, agent, close);
    agents.breakIndex[agent] = 0;
    this.scheduleBreak(agent);
    this.comeOnDuty(agent);
  }

  private nextShift(agent: number): void {
    const agents = this.agents;
    const pattern = this.roster.patternOf[agent];
    const i = ++agents.shiftIndex[agent];
    if (i < this.roster.opens[pattern].length) this.engine.scheduleAt(this.kind.shiftStart, agent, this.roster.opens[pattern][i]);
  }

  private shiftEnd(agent: number): void {
    const agents = this.agents;
    const g = agents.groupOf[agent];
    this.nextShift(agent);
    if (agents.state[agent] === ON_BREAK) {
      agents.state[agent] = OFF_DUTY;
      if (this.recorder !== null) this.recorder.agentState(this.engine.now, agent, OFF_DUTY);
      return;
    }
    const current = agents.current[agent];
    if (current >= 0 && this.scenario.groups[g].shiftEnd === 'handover') {
      this.interrupt(agent);
      if (this.tickets.flags[current] & T.MEASURED) this.observations.handovers++;
      if (agents.load[agent] === 0) this.goOff(agent);
      else agents.leaving[agent] = 1;
      this.push(current, this.tickets.queue[current]);
      this.dispatchQueue(this.tickets.queue[current]);
      return;
    }
    if (agents.load[agent] === 0) this.goOff(agent);
    else agents.leaving[agent] = 1;
  }

  /** Stop the agent's non-chat touch; the ticket keeps the work that remains. */
  private interrupt(agent: number): void {
    const t = this.tickets;
    const agents = this.agents;
    const slot = agents.current[agent];
    const now = this.engine.now;
    if (this.recorder !== null) this.recorder.interrupted(now, agent, slot);
    this.cancelTimer(slot, t.touchEvent);
    const done = t.touchDuration[slot] > 0 ? (now - t.touchStart[slot]) / t.touchDuration[slot] : 1;
    t.work[slot] = t.work[slot] * Math.max(0, 1 - done);
    t.flags[slot] |= T.RESUME;
    t.agent[slot] = -1;
    agents.current[agent] = -1;
    agents.load[agent]--;
    if (agents.load[agent] === 0) this.observations.busyByGroup[agents.groupOf[agent]].add(now, -1);
  }

  /** Offer a queue's head to any free server (after work was put back into it). */
  private dispatchQueue(queue: number): void {
    const agent = this.findAgent(queue);
    if (agent < 0) return;
    const stamps = this.tickets.queueStamp;
    const slot = this.routing.queues[queue].pop(stamps);
    if (slot < 0) {
      this.agents.offer(agent);
      return;
    }
    stamps[slot] = -1;
    this.startTouch(agent, slot);
  }

  private scheduleBreak(agent: number): void {
    const agents = this.agents;
    const g = agents.groupOf[agent];
    const breaks = this.scenario.groups[g].shrinkage.breaks;
    const k = agents.breakIndex[agent];
    if (k >= breaks.length) return;
    const pattern = this.roster.patternOf[agent];
    const i = agents.shiftIndex[agent];
    const at = this.roster.opens[pattern][i] + breaks[k].afterMinutes;
    if (at < this.roster.closes[pattern][i] && at >= this.engine.now) this.engine.scheduleAt(this.kind.breakStart, agent, at);
  }

  private breakStart(agent: number): void {
    const agents = this.agents;
    if (agents.state[agent] !== ON_DUTY || agents.leaving[agent] === 1) return;
    const minutes = this.scenario.groups[agents.groupOf[agent]].shrinkage.breaks[agents.breakIndex[agent]].minutes;
    if (agents.load[agent] > 0) agents.breakDue[agent] = minutes;
    else this.takeBreak(agent, minutes);
  }

  private takeBreak(agent: number, minutes: number): void {
    const agents = this.agents;
    agents.breakDue[agent] = 0;
    agents.state[agent] = ON_BREAK;
    agents.withdraw(agent);
    if (this.recorder !== null) this.recorder.agentState(this.engine.now, agent, ON_BREAK);
    this.observations.staffedByGroup[agents.groupOf[agent]].add(this.engine.now, -1);
    this.engine.schedule(this.kind.breakEnd, agent, minutes);
  }

  private breakEnd(agent: number): void {
    const agents = this.agents;
    if (agents.state[agent] !== ON_BREAK) return;
    agents.breakIndex[agent]++;
    this.scheduleBreak(agent);
    this.comeOnDuty(agent);
  }

  // ---- clocks for series ----------------------------------------------------------------------

  /** At each local hour boundary: credit busy and staffed time to the hour of week just ended. */
  private hourTick(segment: number): void {
    const now = this.engine.now;
    const obs = this.observations;
    if (now > this.measureFrom) {
      const how = this.hours.hourOfWeek[this.hourSegment];
      for (let g = 0; g < this.scenario.groups.length; g++) {
        const busy = obs.busyByGroup[g].integral(now);
        const staffed = obs.staffedByGroup[g].integral(now);
        if (this.hours.starts[this.hourSegment] >= this.measureFrom) {
          obs.busyByHourOfWeek[g][how] += busy - this.busyMark[g];
          obs.staffedByHourOfWeek[g][how] += staffed - this.staffedMark[g];
        }
        this.busyMark[g] = busy;
        this.staffedMark[g] = staffed;
      }
    }
    this.hourSegment = segment;
    this.hourOfWeek = this.hours.hourOfWeek[segment];
    if (segment + 1 < this.hours.count) this.engine.scheduleAt(this.kind.hourTick, segment + 1, this.hours.starts[segment + 1]);
  }

  private seriesTick(step: number): void {
    const obs = this.observations;
    const now = this.engine.now;
    if (step === 0) {
      // Measuring starts: integrals restart at zero.
      this.busyMark.fill(0);
      this.staffedMark.fill(0);
    }
    for (let k = 0; k < TIERS.length; k++) obs.backlogByTier[k][step] = obs.atTier[k].level;
    // Every hour of a run: a plain loop over the slots, no closure or array made per tick.
    const byPriority = this.backlogScratch;
    const aged = this.agedScratch;
    byPriority.fill(0);
    aged.fill(0);
    const t = this.tickets;
    const { kind, flags, filedPriority, arrival } = t;
    const end = t.slotsUsed;
    for (let slot = 0; slot < end; slot++) {
      if (!t.isInUse(slot) || kind[slot] !== T.TICKET || flags[slot] & T.SOLVED_ONCE) continue;
      const p = filedPriority[slot];
      byPriority[p]++;
      const age = now - arrival[slot];
      for (let k = 0; k < AGE_ALARMS.length; k++) {
        if (AGE_ALARMS[k].priority === p && age > AGE_ALARMS[k].days * MINUTES_PER_DAY) aged[k]++;
      }
    }
    for (let p = 0; p < PRIORITIES.length; p++) obs.backlogByPriority[p][step] = byPriority[p];
    for (let k = 0; k < AGE_ALARMS.length; k++) obs.agedByAlarm[k][step] = aged[k];
    if (step + 1 < obs.seriesLength) this.engine.scheduleAt(this.kind.seriesTick, step + 1, this.measureFrom + (step + 1) * obs.seriesStep);
  }

  /** Judge the clocks of tickets still open at the horizon (see SlaBook for the rule). */
  censorOpenTickets(): void {
    const now = this.engine.now;
    const t = this.tickets;
    const sla = this.sla;
    t.forEachInUse((slot) => {
      if (t.kind[slot] !== T.TICKET || !(t.flags[slot] & T.MEASURED) || t.flags[slot] & T.SOLVED_ONCE) return;
      this.observations.openAtEnd++;
      const policy = t.policy[slot];
      const p = t.filedPriority[slot];
      const pending = t.status[slot] === T.PENDING_CUSTOMER;
      const counted = (clock: number) => {
        // A pending period still under way pauses only the clocks that pause while pending.
        const ongoing = pending && sla.pausesWhilePending(policy, clock) ? sla.counted(policy, clock, t.pendingSince[slot], now, 0) : 0;
        return sla.counted(policy, clock, t.arrival[slot], now, t.paused[slot * T.CLOCK_COUNT + clock] + ongoing);
      };
      if (t.firstResponse[slot] !== t.firstResponse[slot] && sla.hasClock(policy, ACKNOWLEDGE)) sla.censor(policy, ACKNOWLEDGE, p, counted(ACKNOWLEDGE));
      if (t.actionable[slot] !== t.actionable[slot] && sla.hasClock(policy, ACTIONABLE)) sla.censor(policy, ACTIONABLE, p, counted(ACTIONABLE));
      if (sla.hasClock(policy, RESOLUTION)) sla.censor(policy, RESOLUTION, p, counted(RESOLUTION));
      if (sla.hasClock(policy, UPDATE)) {
        const gap = pending ? 0 : sla.counted(policy, UPDATE, t.ballSince[slot], now, 0);
        if (t.flags[slot] & T.UPDATE_BREACHED) sla.fail(policy, UPDATE, p);
        else sla.censor(policy, UPDATE, p, gap);
      }
    });
  }
}
