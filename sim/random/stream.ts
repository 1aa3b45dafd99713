import seedrandom from 'seedrandom';

/** A uniform draw in [0, 1). */
export type Uniform = () => number;

/**
 * Independent stream named by (seed, replication, purpose), e.g. purpose
 * 'arrivals:email-P2' or 'handle:email-P2'.
 *
 * One stream per purpose (common random numbers): changing how many handle-time
 * draws a scenario makes cannot shift its arrival times, so two scenarios that
 * differ in one lever are compared on the same arrivals.
 *
 * A number seed and its decimal string name the same stream (42 and '42'),
 * so a seed typed on the command line reproduces one read from JSON.
 */
export function createStream(seed: number | string, replication: number, purpose: string): Uniform {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new Error(`createStream: seed must be a finite number or a string (got ${seed})`);
  } else if (typeof seed !== 'string') {
    throw new Error(`createStream: seed must be a finite number or a string (got ${typeof seed})`);
  }
  if (!Number.isSafeInteger(replication) || replication < 0) {
    throw new Error(`createStream: replication must be a non-negative integer (got ${replication})`);
  }
  if (typeof purpose !== 'string' || purpose.length === 0) {
    throw new Error('createStream: purpose must be a non-empty string');
  }
  const seedText = String(seed);
  // The length prefix keeps the name injective: without it seed 'x|1' with
  // replication 2 would collide with seed 'x', replication 1, purpose '2|p'.
  // Replication is an integer and purpose comes last, so neither needs one.
  // Changing this string changes every simulated result: the golden test pins it.
  const name = `supportsim|${seedText.length}:${seedText}|${replication}|${purpose}`;
  // Alea rather than the default ARC4: several times faster per draw, and its
  // 32-bit resolution is ample for durations (the smallest non-zero 1-u is
  // 2^-32, so an exponential is capped at about 22 means).
  // The generator itself is returned so that a draw is a single call.
  return seedrandom.alea(name);
}
