/** Number formats shared by the charts: durations from minutes, percentages, counts. */

/** `v` with one decimal below 10 and none above, without a trailing '.0'. */
function short(v: number): string {
  const text = v < 9.95 ? v.toFixed(1) : v.toFixed(0);
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/**
 * A duration given in minutes, in the largest unit under which it stays readable:
 * '45 s', '2.5 min', '12 min', '3.4 h', '2.1 d'. Non-finite values give '–'.
 */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) return '–';
  if (minutes < 0) return `−${formatDuration(-minutes)}`;
  const seconds = Math.round(minutes * 60);
  if (seconds < 60) return `${seconds} s`;
  if (minutes < 59.5) return `${short(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 23.95) return `${short(hours)} h`;
  return `${short(hours / 24)} d`;
}

/** A share in [0, 1] as a percentage: formatPercent(0.9364) = '93.6 %'. Non-finite gives '–'. */
export function formatPercent(share: number, digits = 1): string {
  if (!Number.isFinite(share)) return '–';
  const text = (share * 100).toFixed(digits);
  return `${/^-0(\.0*)?$/.test(text) ? text.slice(1) : text} %`;
}

/** A count or level to three significant digits, whole numbers from 100 up: '2.33', '85.3', '1,240'. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-GB');
  if (a === 0) return '0';
  return String(Number(x.toPrecision(3)));
}

/** A 95 % confidence interval as text: '(95 % CI 89.6–94.2 %)'. */
export function formatCi(lo: number, hi: number, format: (x: number) => string): string {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return '';
  return `(95 % CI ${format(lo)}–${format(hi)})`;
}

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Hour h of the week (0 = Monday 00:00) as 'Mon 09:00–10:00'. */
export function formatHourOfWeek(h: number): string {
  const hour = ((Math.floor(h) % 168) + 168) % 168;
  const clock = (x: number) => `${String(x).padStart(2, '0')}:00`;
  return `${DAY_NAMES[Math.floor(hour / 24)]} ${clock(hour % 24)}–${clock((hour % 24) + 1)}`;
}

/** Elapsed days as '3 d 14 h' (or '14 h' on the first day). */
export function formatElapsedDays(days: number): string {
  if (!Number.isFinite(days)) return '–';
  const totalHours = Math.round(days * 24);
  const d = Math.floor(totalHours / 24);
  const h = totalHours % 24;
  if (d === 0) return `${h} h`;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}
