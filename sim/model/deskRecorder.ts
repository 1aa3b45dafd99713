import type { Desk } from './desk.js';

/**
 * What the desk tells an observer that wants to watch it work (the training view's trace
 * recorder, sim/training/recorder.ts). The desk holds one `recorder` field, null in every run
 * that does not ask for one: each call site is guarded by a null check, so a plain run pays one
 * field read per hook and draws no random number differently (its outputs stay byte-identical).
 *
 * Callbacks name ticket-table slots; slots are reused, so an observer that needs stable ticket
 * identities maps slot -> its own id at `arrived` and `taskCreated`. All times are the engine's
 * clock (minutes since the scenario start).
 */
export interface DeskRecorder {
  /** Called once by the desk's constructor, before any agent comes on duty. */
  begin(desk: Desk): void;
  /** A new ticket (slot) of `stream` arrived and will enter `tier` (a TIERS index). */
  arrived(now: number, slot: number, stream: number, tier: number): void;
  /** An arrival outside business hours: the on-duty engineer acknowledges it, or works it now if paged. */
  afterHours(now: number, slot: number, paged: boolean): void;
  /** A short task (after-hours ACK or a follow-up on a missed ETA) was made for ticket `parent`. */
  taskCreated(now: number, task: number, parent: number, kind: number): void;
  /** A ticket or task joined a queue (nobody free serves it). */
  queued(now: number, slot: number, queue: number): void;
  /** An agent started a touch on a ticket or task. */
  touchStarted(now: number, agent: number, slot: number): void;
  /** A touch ended (before the desk decides what happens to the ticket next). */
  touchEnded(now: number, agent: number, slot: number): void;
  /** A touch was cut short (shift handover, P1 preemption); the slot goes back to its queue. */
  interrupted(now: number, agent: number, slot: number): void;
  /** The ticket waits for the customer's answer. */
  pending(now: number, slot: number): void;
  /** The customer answered: the ticket queues again. */
  customerAnswered(now: number, slot: number): void;
  /** The ticket entered a tier (on arrival, on an escalation or hand-back, on a reopen). */
  tierEntered(now: number, slot: number, tier: number): void;
  solved(now: number, slot: number): void;
  reopened(now: number, slot: number): void;
  abandoned(now: number, slot: number): void;
  /** The agent's state changed to ON_DUTY, OFF_DUTY or ON_BREAK (sim/model/agents.ts). */
  agentState(now: number, agent: number, state: number): void;
}
