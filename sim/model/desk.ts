import type { Engine } from '../engine/engine.js';
import { QuantileSketch } from '../metrics/quantileSketch.js';
import { createSampler, type Sampler } from '../random/distributions.js';
import { createStream, type Uniform } from '../random/stream.js';
import { hourOfWeekTable, type HourOfWeekTable } from '../time/hourOfWeek.js';
import { parseLocalDateTime } from '../time/zone.js';
import { ON_BREAK, ON_DUTY, OFF_DUTY, AgentPool } from './agents.js';
import { buildCalendar, Calendar } from './calendar.js';
import { resolveDemand, type ResolvedStream } from './demand.js';
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
  readonly agents: AgentPool;
  readonly routing: Routing;
  readonly observations: DeskObservations;
  readonly sla: SlaBook;
  readonly measureFrom: number;
  readonly end: number;

  private readonly streams: ResolvedStream[];
  private readonly random: StreamRandom[];
  private readonly handleSamplers: Sampler[];
  private readonly followUpSamplers: Sampler[];
  private readonly touchCountSamplers: Sampler[];
  private readonly customerSamplers: Sampler[];
  private readonly patienceSamplers: Array<Sampler | null>;
  /** Per stream: cumulative complexity weights over TIERS. */
  private readonly complexityTables: Float64Array[];
  private readonly streamPriority: Uint8Array;
  private readonly streamCategory: Uint16Array;
  private readonly streamClass: Uint8Array;
  private readonly streamEntry: Uint8Array;
  private readonly streamPolicy: Int16Array;
  /** Per stream: the touch count when it is fixed, 0 when it must be drawn. */
  private readonly fixedTouches: Uint16Array;
  private readonly reopenProbability: number;
  private readonly reopenWindow: number;
  private readonly misroute: number;
  private readonly diagnosis: Sampler;
  private readonly handoff: Sampler;
  private readonly ackTime: Sampler;
  private readonly ackFollowUp: Sampler;
  private readonly turnaround: Sampler | null;
  private readonly taskRandom: Uniform;
  private readonly engineeringRandom: Uniform;
  private readonly absenceRandom: Uniform[];
  private readonly roster: Roster;
  private readonly agentRange: Array<[number, number]>;
  private readonly businessCalendar: Calendar;
  private readonly dutyGroup: number;
  private readonly pagedPriorities: Uint8Array;
  private readonly hierarchicalRules: Array<Scenario['escalation']['hierarchical'][number] | undefined>;
  private readonly automaticRules: Array<Scenario['escalation']['automatic'][number] | undefined>;
  private readonly hours: HourOfWeekTable;
  private stamp = 0;
  private hourSegment = 0;
  private readonly busyMark: Float64Array;
  private readonly staffedMark: Float64Array;

  private readonly kind: {
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

  constructor(
    private readonly engine: Engine,
    readonly scenario: Scenario,
    seed: number | string,
    replication: number,
  ) {
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
    this.staffedMark = new Float64Array(scenario.groups.length);

    const on = (name: string, handler: (payload: number) => void) => engine.register(name, handler);
    this.kind = {
      arrival: on('arrival', (s) => this.arrive(s)),
      touchEnd: on('touch-end', (slot) => this.endTouch(slot)),
      customerReply: on('customer-reply', (slot) => this.customerReplied(slot)),
      engineeringReturn: on('engineering-return', (slot) => this.engineeringAnswered(slot)),
      reopen: on('reopen', (slot) => this.reopen(slot)),
      abandon: on('abandon', (slot) => this.abandon(slot)),
      hierarchical: on('hierarchical-escalation', (slot) => this.hierarchicalDue(slot)),
      automatic: on('automatic-escalation', (slot) => this.automaticDue(slot)),
      etaCheck: on('eta-check', (slot) => this.etaDue(slot)),
      shiftStart: on('shift-start', (agent) => this.shiftStart(agent)),
      shiftEnd: on('shift-end', (agent) => this.shiftEnd(agent)),
      breakStart: on('break-start', (agent) => this.breakStart(agent)),
      breakEnd: on('break-end', (agent) => this.breakEnd(agent)),
      hourTick: on('hour', (segment) => this.hourTick(segment)),
      seriesTick: on('series', (step) => this.seriesTick(step)),
    };

    for (let a = 0; a < this.agents.total; a++) {
      const pattern = this.roster.patternOf[a];
      if (pattern < 0) this.comeOnDuty(a);
      else if (this.roster.opens[pattern].length > 0) engine.scheduleAt(this.kind.shiftStart, a, this.roster.opens[pattern][0]);
    }
    for (let s = 0; s < this.streams.length; s++) this.scheduleNextArrival(s, 0);
    if (this.hours.count > 1) engine.scheduleAt(this.kind.hourTick, 1, this.hours.starts[1]);
    engine.scheduleAt(this.kind.seriesTick, 0, this.measureFrom);
  }

  // ---- arrivals -------------------------------------------------------------------------------

  private scheduleNextArrival(stream: number, now: number): void {
    const next = this.streams[stream].process.next(now, this.random[stream].arrivals);
    if (next < this.end) this.engine.scheduleAt(this.kind.arrival, stream, next);
  }

  private arrive(s: number): void {
    const now = this.engine.now;
    const random = this.random[s];
    const stream = this.streams[s];
    const obs = this.observations;
    const measured = now >= this.measureFrom;
    this.scheduleNextArrival(s, now);
    // Everything about the ticket is drawn now, from its stream's own generators, so a change of
    // staffing or policy meets the same tickets.
    if (stream.deflectShare > 0 && random.deflection() < stream.deflectShare) {
      // Thinning: the tickets self-service does not catch keep their instants and attributes.
      if (measured) obs.deflected++;
      return;
    }
    const work = this.handleSamplers[s].sample(random.handle);
    const touches = this.fixedTouches[s] || Math.max(1, Math.round(this.touchCountSamplers[s].sample(random.touches)));
    const reopens = this.reopenProbability > 0 && random.reopen() < this.reopenProbability;
    const reopenAfter = reopens ? random.reopen() * this.reopenWindow : NaN;
    const patienceSampler = this.patienceSamplers[s];
    const patience = patienceSampler ? patienceSampler.sample(random.patience) : Infinity;

    const t = this.tickets;
    const slot = t.allocate(T.TICKET);
    const priority = this.streamPriority[s];
    const category = this.streamCategory[s];
    const entry = this.streamEntry[s];
    t.arrival[slot] = now;
    t.ballSince[slot] = now;
    t.firstWork[slot] = work;
    t.priority[slot] = priority;
    t.filedPriority[slot] = priority;
    t.stream[slot] = s;
    t.category[slot] = category;
    t.policy[slot] = this.streamPolicy[s];
    t.touchesLeft[slot] = touches;
    t.reopenDelay[slot] = reopenAfter;
    t.complexity[slot] = this.complexityOf(s, entry, category);
    let flags = measured ? T.MEASURED : 0;
    if (this.misroute > 0 && random.misroute() < this.misroute && t.complexity[slot] <= entry) flags |= T.WILL_MISROUTE;
    t.flags[slot] = flags;
    obs.open.add(now, 1);
    obs.waitingFirst.add(now, 1);
    if (measured) {
      obs.tickets++;
      obs.ticketsByPriority[priority]++;
      const step = Math.floor((now - this.measureFrom) / obs.seriesStep);
      if (step < obs.seriesLength) obs.arrivalsByStep[step]++;
      obs.arrivalsByHourOfWeek[this.hours.hourOfWeek[this.hourSegment]]++;
    }
    if (patience < Infinity) t.patienceEvent[slot] = this.engine.schedule(this.kind.abandon, slot, patience);
    this.armEscalationTimers(slot);
    this.enterTier(slot, entry);

    const cls = this.streamClass[s];
    const queue = this.routing.queueOf(entry, category, cls);
    if (this.dutyGroup >= 0 && !this.businessCalendar.isOpen(now)) {
      t.flags[slot] |= T.AFTER_HOURS;
      if (measured) obs.afterHours++;
      if (this.pagedPriorities[priority] === 1) {
        // Paged: the on-duty engineer works the ticket now, from the duty queue.
        if (measured) obs.paged++;
        this.route(slot, this.routing.ackQueue, true);
        return;
      }
      this.createTask(T.ACK_TASK, slot, this.ackTime.sample(this.taskRandom));
      if (measured) obs.ackTasks++;
    }
    this.route(slot, queue, true);
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
    if (agent >= 0) {
      t.queuedAt[slot] = this.engine.now;
      this.startTouch(agent, slot);
      return;
    }
    if (allowPreempt && t.priority[slot] === 0 && this.scenario.routing.preemptByP1 && t.kind[slot] === T.TICKET && this.preemptFor(slot, queue)) return;
    if (t.kind[slot] === T.TICKET && t.firstPickup[slot] !== t.firstPickup[slot] && !(t.flags[slot] & T.WAITED)) {
      // The ticket found nobody free for its first touch: it waits (P(wait) in Erlang's terms).
      t.flags[slot] |= T.WAITED;
      if (t.flags[slot] & T.MEASURED) this.observations.queuedOnArrival++;
    }
    this.push(slot, queue);
  }

  private push(slot: number, queue: number): void {
    const t = this.tickets;
    const now = this.engine.now;
    t.status[slot] = T.QUEUED;
    t.queue[slot] = queue;
    t.queuedAt[slot] = now;
    const stamp = ++this.stamp;
    t.queueStamp[slot] = stamp;
    this.routing.queues[queue].push(slot, this.routing.rank(t.priority[slot], this.deadlineOf(slot)), stamp);
  }

  /** Earliest-deadline-first key: the next clock due (acknowledge, then resolution). */
  private deadlineOf(slot: number): number {
    if (this.routing.policy !== 'deadline') return 0;
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
    if (this.routing.classOf(queue) === CHAT) {
      // No free agent: a chat can join an agent already chatting below its concurrency.
      for (let i = 0; i < servers.length; i++) {
        const g = servers[i];
        const limit = this.scenario.groups[g].chatConcurrency;
        const [from, to] = this.agentRange[g];
        for (let a = from; a < to; a++) {
          if (agents.state[a] === ON_DUTY && agents.chatMode[a] === 1 && agents.load[a] > 0 && agents.load[a] < limit && agents.leaving[a] === 0 && agents.breakDue[a] === 0) return a;
        }
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
    const g = agents.groupOf[agent];
    const levels = this.routing.levels[g];
    const limit = this.scenario.groups[g].chatConcurrency;
    const stamps = this.tickets.queueStamp;
    for (;;) {
      const chatting = agents.load[agent] > 0;
      if (chatting && (agents.chatMode[agent] === 0 || agents.load[agent] >= limit)) return;
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
      if (best < 0) {
        if (agents.load[agent] === 0) agents.offer(agent);
        return;
      }
      const slot = this.routing.queues[best].pop(stamps);
      this.tickets.queueStamp[slot] = -1;
      this.startTouch(agent, slot);
      if (this.routing.classOf(best) !== CHAT) return;
    }
  }

  // ---- touches --------------------------------------------------------------------------------

  private startTouch(agent: number, slot: number): void {
    const now = this.engine.now;
    const t = this.tickets;
    const obs = this.observations;
    const agents = this.agents;
    const g = agents.groupOf[agent];
    t.status[slot] = T.IN_PROGRESS;
    t.agent[slot] = agent;
    if (t.kind[slot] === T.TICKET) {
      const measured = (t.flags[slot] & T.MEASURED) !== 0;
      const queued = now - t.queuedAt[slot];
      const queuedIndex = QuantileSketch.indexOf(queued);
      if (measured) obs.queuedByGroup[g].addIndexed(queued, queuedIndex);
      if (t.firstPickup[slot] !== t.firstPickup[slot]) {
        t.firstPickup[slot] = now;
        obs.waitingFirst.add(now, -1);
        this.cancelTimer(slot, t.patienceEvent);
        this.cancelTimer(slot, t.automaticEvent);
        if (measured) {
          const wait = now - t.arrival[slot];
          // On the first pickup the ticket has queued since it arrived: one bucket lookup serves both.
          const index = wait === queued ? queuedIndex : QuantileSketch.indexOf(wait);
          // Most tickets get their first response at the pickup: one record then serves both the
          // wait and the first response (see DeskObservations).
          const respondedNow = t.firstResponse[slot] !== t.firstResponse[slot];
          (respondedNow ? obs.waitRespondedAtPickup : obs.waitAfterAck)[t.filedPriority[slot]].addIndexed(wait, index);
          obs.firstWait.add(wait);
        }
        if (t.firstResponse[slot] !== t.firstResponse[slot]) this.respond(slot, true);
      }
    }
    let work: number;
    if (t.flags[slot] & T.RESUME) {
      t.flags[slot] &= ~T.RESUME;
      work = t.work[slot];
    } else {
      work = this.planTouch(slot);
      t.work[slot] = work;
    }
    const duration = work * this.routing.proficiencyOf(g, t.category[slot]);
    if (agents.load[agent] === 0) obs.busyByGroup[g].add(now, 1);
    agents.load[agent]++;
    const chat = t.kind[slot] === T.TICKET && this.routing.classOf(t.queue[slot]) === CHAT;
    agents.chatMode[agent] = chat ? 1 : 0;
    if (!chat) agents.current[agent] = slot;
    t.touchStart[slot] = now;
    t.touchDuration[slot] = duration;
    t.touchEvent[slot] = this.engine.schedule(this.kind.touchEnd, slot, duration);
  }

  /** Decide what this touch is and how much work it takes. */
  private planTouch(slot: number): number {
    const t = this.tickets;
    const s = t.stream[slot];
    const tier = t.tier[slot];
    const flags = t.flags[slot];
    if (flags & T.MISROUTED) {
      t.touchKind[slot] = T.TOUCH_BOUNCE;
      return this.diagnoseAndHandOff(s);
    }
    if (tier < t.complexity[slot] || (flags & T.WILL_MISROUTE && this.routing.nextTier(t.category[slot], tier, false) >= 0)) {
      t.touchKind[slot] = T.TOUCH_ESCALATE;
      return this.diagnoseAndHandOff(s);
    }
    t.touchKind[slot] = T.TOUCH_SOLVE;
    if (flags & T.WORKED) return this.followUpSamplers[s].sample(this.random[s].followUp);
    t.flags[slot] |= T.WORKED;
    return t.firstWork[slot];
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
    agents.load[agent]--;
    if (agents.current[agent] === slot) agents.current[agent] = -1;
    if (agents.load[agent] === 0) this.observations.busyByGroup[g].add(now, -1);
    t.agent[slot] = -1;
    t.touchEvent[slot] = -1;
    switch (t.kind[slot]) {
      case T.ACK_TASK:
        this.ackDone(slot);
        break;
      case T.FOLLOW_UP_TASK:
        this.followUpDone(slot);
        break;
      default:
        this.ticketTouchDone(slot);
    }
    this.agentFree(agent);
  }

  private ticketTouchDone(slot: number): void {
    const t = this.tickets;
    const obs = this.observations;
    const measured = (t.flags[slot] & T.MEASURED) !== 0;
    switch (t.touchKind[slot]) {
      case T.TOUCH_ESCALATE: {
        this.reply(slot);
        const wasMisroute = t.tier[slot] >= t.complexity[slot];
        t.flags[slot] &= ~T.WILL_MISROUTE;
        if (wasMisroute) t.flags[slot] |= T.MISROUTED;
        this.escalate(slot);
        return;
      }
      case T.TOUCH_BOUNCE: {
        this.reply(slot);
        t.flags[slot] = (t.flags[slot] & ~T.MISROUTED) | T.PING_PONGED;
        if (measured) obs.pingPong++;
        this.handOff(slot, this.routing.previousTier(t.category[slot], t.tier[slot]));
        return;
      }
      default: {
        if (t.actionable[slot] !== t.actionable[slot]) {
          t.actionable[slot] = this.engine.now;
          if (t.etaEvent[slot] >= 0) this.cancelTimer(slot, t.etaEvent);
          if (measured) {
            const elapsed = this.engine.now - t.arrival[slot];
            obs.actionableByPriority[t.filedPriority[slot]].add(elapsed);
            this.stopClock(slot, ACTIONABLE);
          }
        }
        this.reply(slot);
        t.touchesLeft[slot]--;
        if (t.touchesLeft[slot] === 0) {
          this.solve(slot);
        } else if (t.flags[slot] & T.RAISE_PENDING) {
          t.flags[slot] &= ~T.RAISE_PENDING;
          this.escalate(slot);
        } else {
          t.status[slot] = T.PENDING_CUSTOMER;
          t.pendingSince[slot] = this.engine.now;
          const s = t.stream[slot];
          this.engine.schedule(this.kind.customerReply, slot, this.customerSamplers[s].sample(this.random[s].customer));
        }
      }
    }
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
    this.sla.pause(t.policy[slot], t.pendingSince[slot], now, t.paused, slot * T.CLOCK_COUNT);
    t.ballSince[slot] = now;
    if (t.escalationEvent[slot] === WAITING_FOR_CUSTOMER) {
      t.escalationEvent[slot] = -1;
      this.hierarchicalDue(slot);
    }
    this.route(slot, this.routing.queueOf(t.tier[slot], t.category[slot], ASYNC), false);
  }

  private solve(slot: number): void {
    const t = this.tickets;
    const obs = this.observations;
    const now = this.engine.now;
    const measured = (t.flags[slot] & T.MEASURED) !== 0;
    this.leaveTier(slot);
    if (!(t.flags[slot] & T.SOLVED_ONCE)) {
      t.flags[slot] |= T.SOLVED_ONCE;
      obs.open.add(now, -1);
      if (measured) {
        const elapsed = now - t.arrival[slot];
        const p = t.filedPriority[slot];
        obs.solved++;
        obs.resolutionByPriority[p].add(elapsed);
        obs.sojourn.add(elapsed);
        this.stopClock(slot, RESOLUTION);
        if (this.sla.hasClock(t.policy[slot], UPDATE)) {
          if (t.flags[slot] & T.UPDATE_BREACHED) this.sla.fail(t.policy[slot], UPDATE, p);
          else this.sla.stop(t.policy[slot], UPDATE, p, 0);
        }
      }
      const delay = t.reopenDelay[slot];
      if (delay === delay) {
        t.status[slot] = T.SOLVED_REOPENING;
        this.clearTimers(slot);
        this.engine.schedule(this.kind.reopen, slot, delay);
        return;
      }
    }
    this.finish(slot);
  }

  private reopen(slot: number): void {
    const t = this.tickets;
    t.flags[slot] |= T.REOPENED;
    if (t.flags[slot] & T.MEASURED) this.observations.reopened++;
    t.touchesLeft[slot] = 1;
    t.ballSince[slot] = this.engine.now;
    this.enterTier(slot, t.tier[slot]);
    this.route(slot, this.routing.queueOf(t.tier[slot], t.category[slot], ASYNC), false);
  }

  private abandon(slot: number): void {
    const t = this.tickets;
    const obs = this.observations;
    const now = this.engine.now;
    t.patienceEvent[slot] = -1;
    if (t.firstPickup[slot] === t.firstPickup[slot]) return;
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
    this.leaveTier(slot);
    this.finish(slot);
  }

  private finish(slot: number): void {
    this.clearTimers(slot);
    this.tickets.release(slot);
  }

  // ---- replies and SLA clocks -----------------------------------------------------------------

  /** The first response to the customer: an agent's pickup or the after-hours ACK. */
  private respond(slot: number, atPickup: boolean): void {
    const t = this.tickets;
    const now = this.engine.now;
    t.firstResponse[slot] = now;
    t.ballSince[slot] = now;
    this.cancelTimer(slot, t.automaticEvent);
    if (t.flags[slot] & T.MEASURED) {
      if (!atPickup) this.observations.responseBeforePickup[t.filedPriority[slot]].add(now - t.arrival[slot]);
      this.stopClock(slot, ACKNOWLEDGE);
    }
  }

  /** A reply to the customer: the update clock checks the gap since the ball came to us. */
  private reply(slot: number): void {
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
    const t = this.tickets;
    const policy = t.policy[slot];
    if (!this.sla.hasClock(policy, clock)) return;
    const counted = this.sla.counted(policy, clock, t.arrival[slot], this.engine.now, t.paused[slot * T.CLOCK_COUNT + clock]);
    this.sla.stop(policy, clock, t.filedPriority[slot], counted);
  }

  // ---- after-hours ACK duty -------------------------------------------------------------------

  private ackDone(task: number): void {
    const t = this.tickets;
    const obs = this.observations;
    const parent = t.parent[task];
    obs.ackMinutes += t.touchDuration[task];
    if (t.isLive(parent, t.parentGeneration[task]) && t.kind[parent] === T.TICKET) {
      if (t.firstResponse[parent] !== t.firstResponse[parent]) this.respond(parent, false);
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
    const rule = this.hierarchicalRules[p];
    if (rule) {
      const clock = (['acknowledge', 'actionable', 'update', 'resolution'] as const).indexOf(rule.clock);
      const due = this.sla.dueAt(t.policy[slot], clock, t.arrival[slot], rule.atShare, 0);
      if (due < this.end) t.escalationEvent[slot] = this.engine.scheduleAt(this.kind.hierarchical, slot, due);
    }
    const auto = this.automaticRules[p];
    if (auto) t.automaticEvent[slot] = this.engine.schedule(this.kind.automatic, slot, auto.afterMinutes);
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
    this.cancelTimer(slot, t.patienceEvent);
    this.cancelTimer(slot, t.escalationEvent);
    this.cancelTimer(slot, t.automaticEvent);
    this.cancelTimer(slot, t.etaEvent);
  }

  // ---- tiers ----------------------------------------------------------------------------------

  private enterTier(slot: number, tier: number): void {
    const t = this.tickets;
    const now = this.engine.now;
    t.tier[slot] = tier;
    t.tierSince[slot] = now;
    this.observations.atTier[tier].add(now, 1);
    if (t.flags[slot] & T.MEASURED) this.observations.tierEntries[tier]++;
  }

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
    const byPriority = new Float64Array(PRIORITIES.length);
    const aged = new Float64Array(AGE_ALARMS.length);
    const t = this.tickets;
    t.forEachInUse((slot) => {
      if (t.kind[slot] !== T.TICKET || t.flags[slot] & T.SOLVED_ONCE) return;
      const p = t.filedPriority[slot];
      byPriority[p]++;
      const age = now - t.arrival[slot];
      AGE_ALARMS.forEach((a, k) => {
        if (a.priority === p && age > a.days * MINUTES_PER_DAY) aged[k]++;
      });
    });
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
