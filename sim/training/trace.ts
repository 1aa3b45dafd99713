/**
 * A desk trace: what happened at a support desk during a short run, event by event, at the level
 * a trainer talks about (a ticket arrives, an agent picks it up, it waits for the customer, it is
 * escalated, solved), as columns of typed arrays so a trace crosses to and from a worker without
 * copying (every array's buffer is transferable), plus the static picture of the desk.
 */

/** Event kinds (the `kind` column). */
export const ARRIVE = 0;
/** A ticket joined a queue at tier `a` with priority `b` (nobody free serves it). */
export const QUEUE = 1;
/** Agent `agent` started a touch on the ticket. */
export const START = 2;
/** The touch ended; what happens next follows as its own event. */
export const END = 3;
/** The ticket waits for the customer's answer. */
export const PENDING = 4;
/** The customer answered. */
export const ANSWER = 5;
/** The ticket moved from tier `a` to tier `b` (escalation, hand-back, engineering and back). */
export const MOVE = 6;
export const SOLVE = 7;
export const REOPEN = 8;
export const ABANDON = 9;
/** Arrived outside business hours: `b` is 1 when paged (worked now by the on-duty engineer). */
export const AFTER_HOURS = 10;
/** A task (`a`: ACK or follow-up) for the ticket joined the on-duty engineer's queue. */
export const TASK_QUEUE = 11;
export const TASK_START = 12;
export const TASK_END = 13;
/** The agent came on duty (shift start, back from a break). */
export const ON_DUTY = 14;
export const OFF_DUTY = 15;
export const ON_BREAK = 16;
/** The agent's touch was cut short (shift handover, P1 preemption); the ticket queues again. */
export const INTERRUPT = 17;
export const EVENT_KINDS = 18;

/** Task kinds (`a` of TASK_* events). */
export const ACK_TASK = 1;
export const FOLLOW_UP_TASK = 2;

export interface TraceGroup {
  name: string;
  /** A TIERS index. */
  tier: number;
  /** Its agents are firstAgent .. firstAgent + agents - 1. */
  firstAgent: number;
  agents: number;
  /** Its shift patterns' names ('around the clock' when it has none). */
  shifts: string[];
  /** Categories it works as primary skills; empty: every category (a group without skills). */
  categories: string[];
  /** Engineering: reached by escalation, answers after a turnaround (no agents). */
  engineering: boolean;
}

export interface TraceStream {
  name: string;
  channel: string;
  priority: string;
  category: string;
}

/** The desk as it stands: what does not change during the run. */
export interface DeskPicture {
  scenario: string;
  timeZone: string;
  /** Epoch ms of the scenario start (simulation minute 0). */
  startEpochMs: number;
  /** Minutes simulated (the trace covers [0, minutes) unless truncated). */
  minutes: number;
  groups: TraceGroup[];
  /** Per agent: its group, and its shift index in the group (-1 around the clock). */
  agentGroup: number[];
  agentShift: number[];
  streams: TraceStream[];
  /** The group of the after-hours on-duty engineer, or -1 without ACK duty. */
  dutyGroup: number;
  /** Business hours of the ACK-duty calendar over the run: [open, close) minute pairs; empty for a desk that keeps none (all 24x7, no ACK duty). */
  businessHours: number[];
  /** Per priority P1..P4: acknowledge and resolution targets in minutes (null when none). */
  targets: Array<{ acknowledge: number | null; resolution: number | null }>;
}

/** Per ticket, in arrival order (a ticket's id is its arrival rank). */
export interface TraceTickets {
  count: number;
  arrival: Float64Array;
  /** Filed priority (0 = P1) and stream index. */
  priority: Uint8Array;
  stream: Uint16Array;
  /** When the acknowledge clock reaches 80% of its target and its target (Infinity when none): the ticket turns amber, then red. */
  ackAmber: Float64Array;
  ackDue: Float64Array;
  /** The same for the resolution clock, which colours a ticket once acknowledged. */
  resolveAmber: Float64Array;
  resolveDue: Float64Array;
}

export interface DeskTrace {
  picture: DeskPicture;
  /** Events recorded (the arrays may be longer). */
  count: number;
  /** The cap on events. */
  maxEvents: number;
  /** The cap was hit: the trace stops at `time[count - 1]`, before the run's end. */
  truncated: boolean;
  /** Simulated minutes the trace covers: the run's length, or the last event's time when truncated. */
  coveredMinutes: number;
  time: Float64Array;
  kind: Uint8Array;
  /** Ticket id (arrival rank), or -1 for agent events. */
  ticket: Int32Array;
  /** Agent index, or -1. */
  agent: Int32Array;
  a: Uint8Array;
  b: Uint8Array;
  tickets: TraceTickets;
}

/** The buffers of a trace, for `postMessage`'s transfer list. */
export function traceBuffers(trace: DeskTrace): ArrayBuffer[] {
  const t = trace.tickets;
  return [trace.time, trace.kind, trace.ticket, trace.agent, trace.a, trace.b, t.arrival, t.priority, t.stream, t.ackAmber, t.ackDue, t.resolveAmber, t.resolveDue].map(
    (array) => array.buffer as ArrayBuffer,
  );
}
