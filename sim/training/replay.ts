import { BREACHED, MET } from './recorder.js';
import * as E from './trace.js';
import type { DeskTrace } from './trace.js';

/** Where a ticket is (the replay's `ticketState`). */
export const NOT_ARRIVED = 0;
export const QUEUED = 1;
export const IN_PROGRESS = 2;
export const PENDING_CUSTOMER = 3;
export const AT_ENGINEERING = 4;
export const SOLVED = 5;
export const ABANDONED = 6;

/** Ticket flag bits (`ticketFlags`). */
export const PICKED_UP = 1;
export const RESPONDED = 2;
export const AFTER_HOURS = 4;
/** Its after-hours ACK waits for the on-duty engineer. */
export const ACK_WAITING = 8;
export const PAGED = 16;
export const ESCALATED = 32;
export const REOPENED = 64;

/** Agent duty (`agentDuty`). */
export const OFF = 0;
export const ON = 1;
export const BREAK = 2;

const ENGINEERING_TIER = 4;

/**
 * The desk after some number of a trace's events: where each ticket is, what each agent does,
 * and the running totals the KPI panel shows. Ticket arrays are indexed by ticket id.
 */
export interface DeskState {
  /** Events applied: the state after events 0 .. applied - 1. */
  applied: number;
  /** Time of the last applied event (0 before any). */
  now: number;
  ticketState: Uint8Array;
  ticketTier: Uint8Array;
  /** Current priority (0 = P1; hierarchical escalation may raise it). */
  ticketPriority: Uint8Array;
  ticketFlags: Uint8Array;
  agentDuty: Uint8Array;
  /** Touches in progress (chats can make it more than one). */
  agentLoad: Uint8Array;
  /** Ticket id of the agent's latest touch while busy, else -1. */
  agentTicket: Int32Array;
  /** What that touch is: 0 a ticket, or a task kind (ACK, follow-up). */
  agentTask: Uint8Array;
  arrivals: number;
  /** Tickets solved now (a reopened ticket leaves this count until solved again). */
  solved: number;
  abandoned: number;
  reopened: number;
  escalations: number;
  /** First pickups and the sum of their waits (arrival to first touch). */
  pickups: number;
  waitSum: number;
  /** Clock verdicts so far: judged when the clock stops, as the model judges them. */
  ackJudged: number;
  ackMet: number;
  resolveJudged: number;
  resolveMet: number;
  /** Agents on duty and agents with work, now, and their integrals (agent-minutes) up to `now`. */
  staffed: number;
  busy: number;
  staffedMinutes: number;
  busyMinutes: number;
  /** Open tickets now and their integral (ticket-minutes) up to `now`: Little's L. */
  open: number;
  openMinutes: number;
  /** Tickets closed (solved or abandoned) the first time, and the sum of their times open: Little's W. */
  closed: number;
  closedMinutes: number;
}

export function emptyState(trace: DeskTrace): DeskState {
  const n = trace.tickets.count;
  const agents = trace.picture.agentGroup.length;
  return {
    applied: 0,
    now: 0,
    ticketState: new Uint8Array(n),
    ticketTier: new Uint8Array(n),
    ticketPriority: new Uint8Array(n),
    ticketFlags: new Uint8Array(n),
    agentDuty: new Uint8Array(agents),
    agentLoad: new Uint8Array(agents),
    agentTicket: new Int32Array(agents).fill(-1),
    agentTask: new Uint8Array(agents),
    arrivals: 0,
    solved: 0,
    abandoned: 0,
    reopened: 0,
    escalations: 0,
    pickups: 0,
    waitSum: 0,
    ackJudged: 0,
    ackMet: 0,
    resolveJudged: 0,
    resolveMet: 0,
    staffed: 0,
    busy: 0,
    staffedMinutes: 0,
    busyMinutes: 0,
    open: 0,
    openMinutes: 0,
    closed: 0,
    closedMinutes: 0,
  };
}

/** Apply event i of the trace to the state (which must hold events 0 .. i - 1). */
export function applyEvent(s: DeskState, trace: DeskTrace, i: number): void {
  const time = trace.time[i];
  s.staffedMinutes += s.staffed * (time - s.now);
  s.busyMinutes += s.busy * (time - s.now);
  s.openMinutes += s.open * (time - s.now);
  s.now = time;
  s.applied = i + 1;
  const id = trace.ticket[i];
  const agent = trace.agent[i];
  const a = trace.a[i];
  const b = trace.b[i];
  switch (trace.kind[i]) {
    case E.ARRIVE:
      s.arrivals++;
      s.open++;
      s.ticketState[id] = QUEUED;
      s.ticketTier[id] = a;
      s.ticketPriority[id] = b;
      break;
    case E.QUEUE:
      s.ticketState[id] = QUEUED;
      s.ticketTier[id] = a;
      s.ticketPriority[id] = b;
      break;
    case E.START:
      s.ticketState[id] = IN_PROGRESS;
      if (!(s.ticketFlags[id] & PICKED_UP)) {
        s.ticketFlags[id] |= PICKED_UP;
        s.pickups++;
        s.waitSum += time - trace.tickets.arrival[id];
      }
      judgeAck(s, id, b);
      startWork(s, agent, id, 0);
      break;
    case E.END:
    case E.TASK_END:
      endWork(s, agent, id);
      if (trace.kind[i] === E.TASK_END) judgeAck(s, id, b);
      break;
    case E.INTERRUPT:
      endWork(s, agent, id);
      if (a === 0) s.ticketState[id] = QUEUED;
      break;
    case E.PENDING:
      s.ticketState[id] = PENDING_CUSTOMER;
      break;
    case E.ANSWER:
      s.ticketState[id] = QUEUED;
      break;
    case E.MOVE:
      s.ticketTier[id] = b;
      if (b > a && !(s.ticketFlags[id] & ESCALATED)) s.ticketFlags[id] |= ESCALATED;
      if (b > a) s.escalations++;
      s.ticketState[id] = b === ENGINEERING_TIER ? AT_ENGINEERING : QUEUED;
      break;
    case E.SOLVE:
      s.ticketState[id] = SOLVED;
      s.ticketFlags[id] &= ~ACK_WAITING;
      s.solved++;
      s.open--;
      if (!(s.ticketFlags[id] & REOPENED)) close(s, time - trace.tickets.arrival[id]);
      if (b !== 0) {
        s.resolveJudged++;
        if (b === MET) s.resolveMet++;
      }
      break;
    case E.REOPEN:
      s.ticketState[id] = QUEUED;
      s.ticketFlags[id] |= REOPENED;
      s.solved--;
      s.open++;
      s.reopened++;
      break;
    case E.ABANDON:
      s.ticketState[id] = ABANDONED;
      s.ticketFlags[id] &= ~ACK_WAITING;
      s.abandoned++;
      s.open--;
      close(s, time - trace.tickets.arrival[id]);
      judgeAck(s, id, b);
      break;
    case E.AFTER_HOURS:
      s.ticketFlags[id] |= b === 1 ? AFTER_HOURS | PAGED : AFTER_HOURS;
      break;
    case E.TASK_QUEUE:
      if (a === E.ACK_TASK) s.ticketFlags[id] |= ACK_WAITING;
      break;
    case E.TASK_START:
      if (a === E.ACK_TASK) s.ticketFlags[id] &= ~ACK_WAITING;
      startWork(s, agent, id, a);
      break;
    case E.ON_DUTY:
      setDuty(s, agent, ON);
      break;
    case E.OFF_DUTY:
      setDuty(s, agent, OFF);
      break;
    case E.ON_BREAK:
      setDuty(s, agent, BREAK);
      break;
  }
}

function close(s: DeskState, minutesOpen: number): void {
  s.closed++;
  s.closedMinutes += minutesOpen;
}

function judgeAck(s: DeskState, id: number, verdict: number): void {
  if (s.ticketFlags[id] & RESPONDED) return;
  if (verdict === 0) {
    // An ACK to a ticket already answered, or a ticket without an acknowledge clock.
    return;
  }
  s.ticketFlags[id] |= RESPONDED;
  s.ackJudged++;
  if (verdict === MET) s.ackMet++;
  else if (verdict !== BREACHED) throw new Error(`unknown clock verdict ${verdict}`);
}

function startWork(s: DeskState, agent: number, id: number, task: number): void {
  if (s.agentLoad[agent] === 0) s.busy++;
  s.agentLoad[agent]++;
  s.agentTicket[agent] = id;
  s.agentTask[agent] = task;
}

function endWork(s: DeskState, agent: number, id: number): void {
  if (s.agentLoad[agent] === 0) return;
  s.agentLoad[agent]--;
  if (s.agentLoad[agent] === 0) {
    s.busy--;
    s.agentTicket[agent] = -1;
    s.agentTask[agent] = 0;
  } else if (s.agentTicket[agent] === id) {
    // A chatting agent still carries others; the picture shows the load, not which one.
    s.agentTicket[agent] = -1;
  }
}

function setDuty(s: DeskState, agent: number, duty: number): void {
  if (s.agentDuty[agent] === ON) s.staffed--;
  if (duty === ON) s.staffed++;
  s.agentDuty[agent] = duty;
}

/** A ticket counts as open from arrival until solved or abandoned (a reopen makes it open again). */
export function isOpen(state: number): boolean {
  return state >= QUEUED && state <= AT_ENGINEERING;
}

/** The KPIs as they stand at simulated time `at` (>= state.now: integrals run on to it). */
export interface RunningKpis {
  time: number;
  arrivals: number;
  solved: number;
  abandoned: number;
  open: number;
  queued: number;
  inProgress: number;
  withCustomer: number;
  atEngineering: number;
  reopened: number;
  escalations: number;
  /** Mean wait (arrival to first touch) of the tickets picked up so far, minutes; null before any. */
  meanWait: number | null;
  /** Shares of the clocks judged so far that met their target; null before any. */
  acknowledgeCompliance: number | null;
  resolutionCompliance: number | null;
  ackJudged: number;
  resolveJudged: number;
  /** Busy over staffed agent-minutes so far, and busy over staffed agents now. */
  occupancy: number | null;
  occupancyNow: number | null;
  staffed: number;
  busy: number;
  /**
   * Little's law as it forms: L, the time-average number of open tickets since the start; lambda,
   * arrivals per minute; W, the mean time open of the tickets closed so far (their first close).
   * From an empty desk, L and lambda x W draw together as the run goes on.
   */
  littleL: number | null;
  arrivalRate: number | null;
  littleW: number | null;
}

export function kpisOf(s: DeskState, at: number = s.now): RunningKpis {
  let queued = 0;
  let inProgress = 0;
  let withCustomer = 0;
  let atEngineering = 0;
  const states = s.ticketState;
  for (let id = 0; id < states.length; id++) {
    const st = states[id];
    if (st === QUEUED) queued++;
    else if (st === IN_PROGRESS) inProgress++;
    else if (st === PENDING_CUSTOMER) withCustomer++;
    else if (st === AT_ENGINEERING) atEngineering++;
  }
  const dt = Math.max(0, at - s.now);
  const staffedMinutes = s.staffedMinutes + s.staffed * dt;
  const busyMinutes = s.busyMinutes + s.busy * dt;
  return {
    time: Math.max(at, s.now),
    arrivals: s.arrivals,
    solved: s.solved,
    abandoned: s.abandoned,
    open: queued + inProgress + withCustomer + atEngineering,
    queued,
    inProgress,
    withCustomer,
    atEngineering,
    reopened: s.reopened,
    escalations: s.escalations,
    meanWait: s.pickups > 0 ? s.waitSum / s.pickups : null,
    acknowledgeCompliance: s.ackJudged > 0 ? s.ackMet / s.ackJudged : null,
    resolutionCompliance: s.resolveJudged > 0 ? s.resolveMet / s.resolveJudged : null,
    ackJudged: s.ackJudged,
    resolveJudged: s.resolveJudged,
    occupancy: staffedMinutes > 0 ? busyMinutes / staffedMinutes : null,
    occupancyNow: s.staffed > 0 ? Math.min(1, s.busy / s.staffed) : null,
    staffed: s.staffed,
    busy: s.busy,
    littleL: at > 0 ? (s.openMinutes + s.open * dt) / Math.max(at, s.now) : null,
    arrivalRate: at > 0 ? s.arrivals / Math.max(at, s.now) : null,
    littleW: s.closed > 0 ? s.closedMinutes / s.closed : null,
  };
}

function cloneState(s: DeskState, tickets: number): DeskState {
  return {
    ...s,
    // Tickets not yet arrived are all zero: a keyframe keeps only those that have.
    ticketState: s.ticketState.slice(0, tickets),
    ticketTier: s.ticketTier.slice(0, tickets),
    ticketPriority: s.ticketPriority.slice(0, tickets),
    ticketFlags: s.ticketFlags.slice(0, tickets),
    agentDuty: s.agentDuty.slice(),
    agentLoad: s.agentLoad.slice(),
    agentTicket: s.agentTicket.slice(),
    agentTask: s.agentTask.slice(),
  };
}

function restore(into: DeskState, key: DeskState): void {
  const { ticketState, ticketTier, ticketPriority, ticketFlags, agentDuty, agentLoad, agentTicket, agentTask } = into;
  Object.assign(into, key);
  const copy = (to: Uint8Array | Int32Array, from: Uint8Array | Int32Array) => {
    to.set(from);
    to.fill(0, from.length);
  };
  copy(ticketState, key.ticketState);
  copy(ticketTier, key.ticketTier);
  copy(ticketPriority, key.ticketPriority);
  copy(ticketFlags, key.ticketFlags);
  agentDuty.set(key.agentDuty);
  agentLoad.set(key.agentLoad);
  agentTicket.set(key.agentTicket);
  agentTask.set(key.agentTask);
  Object.assign(into, { ticketState, ticketTier, ticketPriority, ticketFlags, agentDuty, agentLoad, agentTicket, agentTask });
}

/**
 * Random access into a trace: the desk after any number of events, fast enough to follow a
 * scrubber being dragged. Keyframes every `every` events, taken in one pass when the replay is
 * made; `at(i)` restores the nearest keyframe at or before i and applies the events after it, or
 * just applies the next few when i is a little ahead of where the replay stands (playing).
 */
export class DeskReplay {
  readonly every: number;
  private readonly keyframes: DeskState[] = [];
  private readonly state: DeskState;
  /** Per event: tickets arrived after it (for the timeline), and tickets queued after it. */
  readonly openAfter: Int32Array;
  readonly queuedAfter: Int32Array;

  constructor(readonly trace: DeskTrace, every = Math.max(64, Math.ceil(trace.count / 256))) {
    if (!(Number.isInteger(every) && every > 0)) throw new RangeError(`keyframes need a positive integer spacing, got ${every}`);
    this.every = every;
    const s = emptyState(trace);
    this.openAfter = new Int32Array(trace.count);
    this.queuedAfter = new Int32Array(trace.count);
    let open = 0;
    let queued = 0;
    for (let i = 0; i < trace.count; i++) {
      if (i % every === 0) this.keyframes.push(cloneState(s, s.arrivals));
      const id = trace.ticket[i];
      const before = id >= 0 ? s.ticketState[id] : NOT_ARRIVED;
      applyEvent(s, trace, i);
      if (id >= 0) {
        const after = s.ticketState[id];
        open += (isOpen(after) ? 1 : 0) - (isOpen(before) ? 1 : 0);
        queued += (after === QUEUED ? 1 : 0) - (before === QUEUED ? 1 : 0);
      }
      this.openAfter[i] = open;
      this.queuedAfter[i] = queued;
    }
    if (trace.count % every === 0) this.keyframes.push(cloneState(s, s.arrivals));
    this.state = s;
  }

  get count(): number {
    return this.trace.count;
  }

  /**
   * The desk after the first `index` events (0 .. count). The returned object is the replay's
   * own and changes on the next call: read it, do not keep it.
   */
  at(index: number): DeskState {
    if (!(Number.isInteger(index) && index >= 0 && index <= this.trace.count)) {
      throw new RangeError(`event index must be an integer in 0..${this.trace.count}, got ${index}`);
    }
    const s = this.state;
    const k = Math.floor(index / this.every);
    // Forward from here when that is no more work than from the keyframe.
    if (!(index >= s.applied && Math.floor(s.applied / this.every) >= k)) restore(s, this.keyframes[k]);
    for (let i = s.applied; i < index; i++) applyEvent(s, this.trace, i);
    return s;
  }

  /** Events at or before simulated time t (the index to show at time t). */
  indexAtTime(t: number): number {
    const time = this.trace.time;
    let lo = 0;
    let hi = this.trace.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (time[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
