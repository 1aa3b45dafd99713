import type { CalibratedScenario } from '../../sim/calibration/calibrate.js';
import type { DistributionSpec } from '../../sim/random/distributions.js';
import { formatDuration } from '../charts/format.js';

/**
 * Figures the import page draws from a calibration, computed from the scenario it built (so the
 * chart shows what will be simulated, not a second estimate): tickets arriving and people on duty
 * in each hour of the week, and the fitted distributions in words. Pure: tested on Node.
 */

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const HOURS = 168;

/** Tickets arriving in each hour of the week (Monday 00:00 first): every stream's weekly volume spread by its profile. */
export function arrivalsByHour(scenario: Pick<CalibratedScenario, 'demand'>): number[] {
  const out = new Array<number>(HOURS).fill(0);
  for (const stream of scenario.demand) {
    const profile = stream.arrivals.hourOfWeek;
    let total = 0;
    for (let h = 0; h < HOURS; h++) total += profile[h] ?? 0;
    if (!(total > 0)) continue;
    for (let h = 0; h < HOURS; h++) out[h] += (stream.arrivals.perWeek * (profile[h] ?? 0)) / total;
  }
  return out;
}

const clock = (text: string): number => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  return m === null ? NaN : +m[1] + +m[2] / 60;
};

/**
 * People on duty in each hour of the week for one scenario group: its shifts (a shift ending at or
 * before its start runs past midnight into the next day), or its 24x7 headcount. An hour partly
 * covered counts its covered share.
 */
export function onDutyByHour(group: CalibratedScenario['groups'][number]): number[] {
  const out = new Array<number>(HOURS).fill(0);
  if (!group.shifts || group.shifts.length === 0) return out.fill(group.headcount ?? 0);
  for (const shift of group.shifts) {
    const from = clock(shift.from);
    let to = clock(shift.to);
    if (!Number.isFinite(from) || !Number.isFinite(to)) continue;
    if (to <= from) to += 24;
    for (const day of shift.days) {
      const d = DAYS.indexOf(day);
      if (d < 0) continue;
      for (let hour = Math.floor(from); hour < Math.ceil(to); hour++) {
        const covered = Math.min(hour + 1, to) - Math.max(hour, from);
        if (covered > 0) out[(d * 24 + hour) % HOURS] += shift.headcount * covered;
      }
    }
  }
  return out;
}

/** A fitted distribution as a manager reads it: 'lognormal, mean 3.4 h, cv 1.2'. */
export function describeSpec(spec: DistributionSpec): string {
  switch (spec.type) {
    case 'exponential':
      return `exponential, mean ${formatDuration(spec.mean)}`;
    case 'lognormal':
    case 'gamma':
      return `${spec.type}, mean ${formatDuration(spec.mean)}, cv ${spec.cv.toFixed(2)}`;
    case 'weibull':
      return `Weibull, shape ${spec.shape.toFixed(2)}, scale ${formatDuration(spec.scale)}`;
    case 'empirical':
      return `the data itself (${spec.samples.length} quantiles): no family fitted closely`;
    case 'fixed':
      return `fixed ${formatDuration(spec.value)}`;
    case 'uniform':
      return `uniform ${formatDuration(spec.min)} to ${formatDuration(spec.max)}`;
    case 'triangular':
      return `triangular ${formatDuration(spec.min)} / ${formatDuration(spec.mode)} / ${formatDuration(spec.max)}`;
  }
}

/**
 * How close a fit is, in words, from its Kolmogorov-Smirnov distance (the largest gap between the
 * fitted and the data's cumulative shares): under 0.05 the curves are hard to tell apart.
 */
export function ksWords(ks: number): 'close' | 'fair' | 'loose' {
  return ks < 0.05 ? 'close' : ks < 0.1 ? 'fair' : 'loose';
}

/** Relative gap of a fitted quantile to the data's: +0.12 = the fit says 12% longer. */
export function quantileGap(data: number, fitted: number): number {
  return data > 0 ? fitted / data - 1 : fitted > 0 ? Infinity : 0;
}

/** Shares above zero as 'P1 4.5%, P3 70.7%', largest first when `byShare`. */
export function mixText(shares: Record<string, number>, byShare = false): string {
  const entries = Object.entries(shares).filter(([, v]) => v > 0);
  if (byShare) entries.sort((a, b) => b[1] - a[1]);
  return entries.map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', ') || '–';
}
