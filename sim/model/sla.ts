import { CLOCKS, PRIORITIES, type SlaTarget } from './scenario.js';

/**
 * SLA clocks per (clock, priority). A ticket is judged on a clock when the clock stops (met if
 * its duration is within the target). A ticket still open at the end of the horizon is judged
 * only if it has already run past the target (a breach that cannot be undone); otherwise it is
 * censored: not counted, but the number is reported, so a short horizon cannot flatter a policy.
 */
export class SlaBook {
  static readonly CLOCKS = CLOCKS;
  /** Target minutes by clock * 4 + priority; NaN where the scenario sets none. */
  readonly targets: Float64Array;
  readonly met: Float64Array;
  readonly judged: Float64Array;
  readonly censored: Float64Array;

  constructor(targets: readonly SlaTarget[]) {
    const n = CLOCKS.length * PRIORITIES.length;
    this.targets = new Float64Array(n).fill(NaN);
    this.met = new Float64Array(n);
    this.judged = new Float64Array(n);
    this.censored = new Float64Array(n);
    for (const t of targets) {
      this.targets[CLOCKS.indexOf(t.clock) * PRIORITIES.length + PRIORITIES.indexOf(t.priority)] = t.targetMinutes;
    }
  }

  /** A clock stopped after `duration` minutes. */
  stop(clock: number, priority: number, duration: number): void {
    const k = clock * PRIORITIES.length + priority;
    const target = this.targets[k];
    if (target !== target) return; // no target for this clock and priority
    this.judged[k]++;
    if (duration <= target) this.met[k]++;
  }

  /** A clock still running at the horizon after `elapsed` minutes. */
  censor(clock: number, priority: number, elapsed: number): void {
    const k = clock * PRIORITIES.length + priority;
    const target = this.targets[k];
    if (target !== target) return;
    if (elapsed > target) this.judged[k]++;
    else this.censored[k]++;
  }

  /** Share of judged tickets that met the target; null when none was judged. */
  compliance(clock: number, priority: number): number | null {
    const k = clock * PRIORITIES.length + priority;
    return this.judged[k] > 0 ? this.met[k] / this.judged[k] : null;
  }

  hasTarget(clock: number, priority: number): boolean {
    return !Number.isNaN(this.targets[clock * PRIORITIES.length + priority]);
  }

  reset(): void {
    this.met.fill(0);
    this.judged.fill(0);
    this.censored.fill(0);
  }
}

export const ACKNOWLEDGE = CLOCKS.indexOf('acknowledge');
export const ACTIONABLE = CLOCKS.indexOf('actionable');
export const RESOLUTION = CLOCKS.indexOf('resolution');
