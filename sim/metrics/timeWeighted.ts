/**
 * Time average of a piecewise-constant level (queue length, busy agents, open
 * tickets). Only the area under the curve is kept, so memory is constant no
 * matter how many changes are recorded.
 */
export class TimeWeighted {
  level = 0;
  max = 0;
  // Declared, then set in the constructor: a plain field declaration compiles to a field that
  // is undefined first, after which V8 boxes every number stored in it (one allocation per
  // update) and checks the class of every object read from it. The same holds in the model's
  // other hot classes.
  private declare start: number;
  private declare last: number;
  private area = 0;

  constructor(startTime = 0) {
    this.start = startTime;
    this.last = startTime;
  }

  set(now: number, level: number): void {
    // A backwards clock means an engine bug; silently accepting it would
    // subtract area and corrupt every statistic derived from this one.
    if (now < this.last) backwards(now, this.last);
    this.area += this.level * (now - this.last);
    this.last = now;
    this.level = level;
    if (level > this.max) this.max = level;
  }

  add(now: number, delta: number): void {
    // The body of `set` rather than a call to it: one method for the JIT to inline where the desk
    // adds, several times per ticket (a call that is not inlined boxes the instant it passes).
    if (now < this.last) backwards(now, this.last);
    this.area += this.level * (now - this.last);
    this.last = now;
    const level = this.level + delta;
    this.level = level;
    if (level > this.max) this.max = level;
  }

  /** End of warm-up: forget the past but keep the state the system is in. */
  restart(now: number): void {
    if (now < this.last) backwards(now, this.last);
    this.area = 0;
    this.start = now;
    this.last = now;
    this.max = this.level;
  }

  /** Area under the level since the start (or the last restart), up to `now`. */
  integral(now: number): number {
    if (now < this.last) backwards(now, this.last);
    return this.area + this.level * (now - this.last);
  }

  mean(now: number): number {
    if (now < this.last) backwards(now, this.last);
    const elapsed = now - this.start;
    if (elapsed <= 0) return this.level;
    return (this.area + this.level * (now - this.last)) / elapsed;
  }
}

// Out of line so `set`, called several times per ticket, stays small enough to inline.
function backwards(now: number, last: number): never {
  throw new RangeError(`TimeWeighted: time went backwards (${now} < ${last})`);
}
