import type { DeskPicture } from '../../sim/training/trace.js';

/**
 * Simulated time as a trainer reads it: the scenario's own wall clock and time zone
 * ("Mon 5 Jan, 09:14"), and whether the desk is in business hours then.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(key, f);
  }
  return f;
}

/** "Mon 5 Jan 2026, 09:14" in the scenario's zone. */
export function clockText(picture: DeskPicture, minutes: number): string {
  return format(picture.timeZone, true).format(new Date(picture.startEpochMs + minutes * 60_000));
}

/** "09:14" in the scenario's zone. */
export function timeOfDay(picture: DeskPicture, minutes: number): string {
  return format(picture.timeZone, false).format(new Date(picture.startEpochMs + minutes * 60_000));
}

/** Short weekday of a simulated minute ("Mon"). */
export function weekday(picture: DeskPicture, minutes: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: picture.timeZone, weekday: 'short' }).format(new Date(picture.startEpochMs + minutes * 60_000));
}

/** Is the business calendar (of ACK duty, else 'business') open at this minute? */
export function inBusinessHours(picture: DeskPicture, minutes: number): boolean {
  const hours = picture.businessHours;
  for (let i = 0; i < hours.length; i += 2) if (minutes >= hours[i] && minutes < hours[i + 1]) return true;
  return false;
}
