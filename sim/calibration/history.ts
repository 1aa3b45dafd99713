/**
 * A ticket history as calibration reads it, whatever tool exported it. Every reader (generic,
 * ServiceNow, Zendesk, Jira Service Management, event logs) turns its export into this shape,
 * and every fit starts from it.
 *
 * Times are minutes since 1970-01-01T00:00 on the wall clock of the export's zone (`timeZone`):
 * exports print local times without an offset, and the hour-of-week profile must be the local
 * one. Durations are differences of wall-clock minutes, so a DST change inside a ticket's life
 * shifts it by an hour at most; that is far below the spread of any support time.
 */

export type HistoryPriority = 1 | 2 | 3 | 4;

export const HISTORY_CHANNELS = ['email', 'portal', 'chat', 'phone', 'social'] as const;
export type HistoryChannel = (typeof HISTORY_CHANNELS)[number];

export interface HistoryTicket {
  id: string;
  /** When the ticket was opened (wall-clock minutes since the epoch). */
  created: number;
  /** The first response by the desk (first pickup, first public reply), when the export shows it. */
  firstResponse: number | null;
  /** When it was solved the last time (after any reopen). */
  resolved: number | null;
  closed: number | null;
  priority: HistoryPriority;
  /** The group that held it last (or resolved it). */
  group: string;
  channel: HistoryChannel;
  category?: string;
  /** Times the ticket moved to another group or agent, as the tool counts them. */
  reassignments: number;
  reopens: number;
  /** Groups in the order the ticket visited them (consecutive repeats collapsed), when an event log shows it; else [group]. */
  groups: string[];
  /** Minutes spent waiting for the customer (or a vendor), when statuses show it. */
  pendingMinutes?: number;
  /** Agents who worked the ticket, in the order they first appear. */
  agents?: string[];
  /** Activity instants (wall-clock minutes) with the agent and group active then: for staffing estimates. */
  activity?: Array<{ at: number; agent: string; group: string }>;
  /** Whether the tool says the ticket met its SLA. */
  madeSla?: boolean;
}

export interface History {
  tickets: HistoryTicket[];
  /** The IANA zone the export's wall-clock times are in (an assumption unless the user set it). */
  timeZone: string;
  /** What was read: the file name and the format. */
  source: string;
  /** Problems that did not stop the read (rows skipped, missing values), each naming a row. */
  warnings: string[];
}

export const MINUTES_PER_HOUR = 60;
export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 10080;

/** Local hour of week of a wall-clock minute: 0 = Monday 00:00-00:59, 167 = Sunday 23:00-23:59. */
export function hourOfWeekOfWall(minute: number): number {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  // 1970-01-01 was a Thursday, which is 3 when Monday is 0.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return weekday * 24 + Math.floor((minute - day * MINUTES_PER_DAY) / MINUTES_PER_HOUR);
}

/** Wall-clock minutes of the Monday 00:00 that starts the week holding `minute`. */
export function weekStartOfWall(minute: number): number {
  return minute - hourOfWeekOfWall(minute) * MINUTES_PER_HOUR - (minute % MINUTES_PER_HOUR + MINUTES_PER_HOUR) % MINUTES_PER_HOUR;
}

/** Wall-clock minutes since the epoch -> 'YYYY-MM-DDTHH:MM'. */
export function formatWall(minute: number): string {
  const d = new Date(Math.round(minute) * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** Wall-clock fields -> minutes since the epoch, NaN when the fields do not name a real instant. */
export function wallMinutes(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 24 && minute >= 0 && minute < 60 && second >= 0 && second < 61)) return NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  // Date.UTC rolls 31 April over to 1 May: a date that rolled over does not exist.
  if (check.getUTCDate() !== day && hour !== 24) return NaN;
  return ms / 60_000;
}
