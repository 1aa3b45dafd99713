import type { Calendar } from './calendar.js';
import { CLOCKS, PRIORITIES, type Channel, type Scenario } from './scenario.js';

export const ACKNOWLEDGE = CLOCKS.indexOf('acknowledge');
export const ACTIONABLE = CLOCKS.indexOf('actionable');
export const UPDATE = CLOCKS.indexOf('update');
export const RESOLUTION = CLOCKS.indexOf('resolution');

const C = CLOCKS.length;
const P = PRIORITIES.length;

/**
 * SLA policies and the compliance book. A ticket takes the first policy that matches its
 * priority, segment and channel. Each clock of a policy has a target, a calendar it counts in
 * (business minutes, or every minute for 24x7) and whether waiting for the customer pauses it.
 *
 * A clock is judged when it stops: met if its counted minutes are within the target. A ticket still
 * open at the end of the horizon is judged only if it has already run past the target (a breach
 * that cannot be undone); otherwise it is censored: not counted, but the number is reported, so a
 * short horizon cannot flatter a policy. Compliance is kept per clock and the priority the
 * customer filed.
 */
export class SlaBook {
  // Declared, then set in the constructor (see TimeWeighted for why not plain fields).
  /** Target minutes by policy * 4 + clock; NaN where the policy sets none. */
  private declare readonly targets: Float64Array;
  private declare readonly calendars: Calendar[];
  private declare readonly pauses: Uint8Array;
  /** 1 where the clock counts every minute (24x7): no calendar lookups. */
  private declare readonly always: Uint8Array;
  private declare readonly policies: Scenario['slaPolicies'];
  readonly met = new Float64Array(C * P);
  readonly judged = new Float64Array(C * P);
  readonly censored = new Float64Array(C * P);
  /** Clock x priority pairs some policy sets a target for (the KPIs to report). */
  readonly reported: Uint8Array = new Uint8Array(C * P);
  /** Per clock: 1 when some policy sets it (otherwise stopping it is a no-op the desk can skip). */
  private readonly used = new Uint8Array(C);
  /** Some clock pauses while pending: only then do tickets' paused minutes ever leave zero. */
  declare readonly pausing: boolean;

  constructor(scenario: Scenario, calendarNamed: (name: string) => Calendar) {
    this.policies = scenario.slaPolicies;
    const n = this.policies.length;
    this.targets = new Float64Array(n * C).fill(NaN);
    this.pauses = new Uint8Array(n * C);
    this.always = new Uint8Array(n * C);
    this.calendars = new Array<Calendar>(n * C);
    this.policies.forEach((policy, i) => {
      CLOCKS.forEach((clock, c) => {
        const target = policy.clocks[clock];
        if (!target) return;
        this.targets[i * C + c] = target.targetMinutes;
        this.pauses[i * C + c] = target.pauseWhilePending ? 1 : 0;
        this.calendars[i * C + c] = calendarNamed(target.calendar);
        this.always[i * C + c] = target.calendar === '24x7' ? 1 : 0;
        this.used[c] = 1;
        PRIORITIES.forEach((p, k) => {
          if (policy.priorities.length === 0 || policy.priorities.includes(p)) this.reported[c * P + k] = 1;
        });
      });
    });
    this.pausing = this.pauses.includes(1);
  }

  /** Does any policy set this clock? */
  usesClock(clock: number): boolean {
    return this.used[clock] === 1;
  }

  /** The first policy matching the ticket, or -1. */
  match(priority: number, segment: string, channel: Channel): number {
    const name = PRIORITIES[priority];
    return this.policies.findIndex(
      (p) =>
        (p.priorities.length === 0 || p.priorities.includes(name)) &&
        (p.segments.length === 0 || p.segments.includes(segment)) &&
        (p.channels.length === 0 || p.channels.includes(channel)),
    );
  }

  hasClock(policy: number, clock: number): boolean {
    return policy >= 0 && this.targets[policy * C + clock] === this.targets[policy * C + clock];
  }

  /** Does waiting for the customer pause this clock? */
  pausesWhilePending(policy: number, clock: number): boolean {
    return policy >= 0 && this.pauses[policy * C + clock] === 1;
  }

  target(policy: number, clock: number): number {
    return policy >= 0 ? this.targets[policy * C + clock] : NaN;
  }

  calendar(policy: number, clock: number): Calendar {
    return this.calendars[policy * C + clock];
  }

  /** Minutes a clock counts between two instants (its calendar), less what pending paused. */
  counted(policy: number, clock: number, from: number, to: number, paused: number): number {
    const k = policy * C + clock;
    if (this.always[k] === 1) return to - from - paused;
    return this.calendars[k].businessMinutesBetween(from, to) - paused;
  }

  /** Add a pending-customer period to the paused minutes of the clocks that pause (paused: 4 per ticket). */
  pause(policy: number, from: number, to: number, paused: Float64Array, offset: number): void {
    if (policy < 0) return;
    for (let c = 0; c < C; c++) {
      if (this.pauses[policy * C + c] === 1) paused[offset + c] += this.calendars[policy * C + c].businessMinutesBetween(from, to);
    }
  }

  /** The instant a clock started at `from` reaches `share` of its target (ignoring future pauses). */
  dueAt(policy: number, clock: number, from: number, share: number, paused: number): number {
    const target = this.target(policy, clock);
    if (target !== target) return Infinity;
    return this.calendars[policy * C + clock].addBusinessMinutes(from, Math.max(0, share * target + paused));
  }

  /**
   * The clock of a ticket that started at `from` stopped at `to`, with `paused` minutes paused:
   * judged against its target if the policy sets one. The same as stop(.., counted(..)), in one
   * method small enough to be inlined where tickets are answered and solved.
   */
  stopAt(policy: number, clock: number, priority: number, from: number, to: number, paused: number): void {
    const k = policy * C + clock;
    const target = this.targets[k];
    if (policy < 0 || target !== target) return;
    const counted = this.always[k] === 1 ? to - from - paused : this.calendars[k].businessMinutesBetween(from, to) - paused;
    const j = clock * P + priority;
    this.judged[j]++;
    if (counted <= target) this.met[j]++;
  }

  /** A clock stopped after `counted` minutes. */
  stop(policy: number, clock: number, priority: number, counted: number): void {
    const target = this.target(policy, clock);
    if (target !== target) return;
    const k = clock * P + priority;
    this.judged[k]++;
    if (counted <= target) this.met[k]++;
  }

  /** A clock that can no longer be met (a caller hung up before an answer; an update gap ran over). */
  fail(policy: number, clock: number, priority: number): void {
    if (!this.hasClock(policy, clock)) return;
    this.judged[clock * P + priority]++;
  }

  /** A clock still running at the horizon after `counted` minutes. */
  censor(policy: number, clock: number, priority: number, counted: number): void {
    const target = this.target(policy, clock);
    if (target !== target) return;
    const k = clock * P + priority;
    if (counted > target) this.judged[k]++;
    else this.censored[k]++;
  }

  /** Share of judged tickets that met the target; null when none was judged. */
  compliance(clock: number, priority: number): number | null {
    const k = clock * P + priority;
    return this.judged[k] > 0 ? this.met[k] / this.judged[k] : null;
  }
}
