import type { HistoryChannel, HistoryPriority, HistoryTicket } from './history.js';
import { cellError, ColumnFinder, DateReader, mapColumns, type HistorySink, type SinkContext } from './readerContext.js';
import { isMissing, parseChannel, parsePriority } from './values.js';

/**
 * A process-mining event log: one row per activity of a case (the Helpdesk log of Polato 2017,
 * Disco/ProM CSV exports). Events of a case are ordered by time (row order breaks ties), then:
 * - created: the first event; first response: the first event whose activity matches
 *   `firstResponse` (default "Take in charge ticket"); resolved: the last one matching `resolve`
 *   ("Resolve ticket"); closed: the last matching `close` ("Closed"),
 * - reopens: resolutions after the first; reassignments: changes of the agent taking the case in
 *   charge, or of its group when that is more,
 * - pending: from a "Wait" event to the next event,
 * - priority, group and channel: the case's last non-empty value of their columns.
 */
export const EVENTLOG_FIELDS = {
  case: ['case id', 'case', 'case:concept:name', 'caseid', 'ticket id'],
  activity: ['activity', 'concept:name', 'activity name', 'event'],
  timestamp: ['complete timestamp', 'timestamp', 'time:timestamp', 'start timestamp', 'time'],
  resource: ['resource', 'org:resource', 'agent', 'user'],
  priority: ['priority', 'seriousness_2', 'severity'],
  group: ['workgroup', 'group', 'org:group', 'team'],
  channel: ['channel', 'contact type', 'via'],
  category: ['product', 'category'],
} as const;
type Field = keyof typeof EVENTLOG_FIELDS;

/** Activity names (case-insensitive, whole name) that mark the milestones; options may replace them. */
export interface EventLogActivities {
  firstResponse: string[];
  resolve: string[];
  close: string[];
  wait: string[];
}

export const DEFAULT_ACTIVITIES: EventLogActivities = {
  firstResponse: ['Take in charge ticket', 'Take in charge', 'First response', 'Assign'],
  resolve: ['Resolve ticket', 'Resolve', 'Resolved', 'Solve'],
  close: ['Closed', 'Close', 'Close ticket'],
  wait: ['Wait', 'Pending', 'Awaiting customer', 'On hold'],
};

interface Event {
  at: number;
  row: number;
  activity: string;
  resource: string | null;
  group: string | null;
}

interface Case {
  id: string;
  events: Event[];
  priority: HistoryPriority | null;
  channel: HistoryChannel | null;
  category: string | null;
}

export class EventLogSink implements HistorySink {
  private cols = new Map<Field, number>();
  private finder!: ColumnFinder;
  private dates!: DateReader;
  private readonly cases = new Map<string, Case>();
  private readonly strings = new Map<string, string>();
  private readonly activities: { [K in keyof EventLogActivities]: Set<string> };

  constructor(
    private readonly context: SinkContext,
    activities: EventLogActivities = DEFAULT_ACTIVITIES,
  ) {
    const set = (names: string[]) => new Set(names.map((n) => n.trim().toLowerCase()));
    this.activities = { firstResponse: set(activities.firstResponse), resolve: set(activities.resolve), close: set(activities.close), wait: set(activities.wait) };
  }

  header(fields: string[]): void {
    this.finder = new ColumnFinder(fields);
    this.cols = mapColumns(this.finder, this.context, EVENTLOG_FIELDS, ['case', 'activity', 'timestamp']);
    this.dates = new DateReader(this.finder, this.context.dateFormat, 'dmy', this.context.timeZone);
  }

  private col(field: Field): number {
    return this.cols.get(field) ?? -1;
  }

  private text(fields: string[], field: Field): string | null {
    const i = this.col(field);
    if (i < 0) return null;
    const v = fields[i];
    if (isMissing(v)) return null;
    const t = v.trim();
    const known = this.strings.get(t);
    if (known !== undefined) return known;
    this.strings.set(t, t);
    return t;
  }

  prepare(sample: ReadonlyArray<{ fields: string[]; row: number }>): void {
    this.dates.detect(this.col('timestamp'), sample);
  }

  row(fields: string[], row: number): void {
    const id = this.text(fields, 'case');
    if (id === null) throw cellError(row, this.finder.name(this.col('case')), fields[this.col('case')] ?? '', 'is missing (expected a case id on every row)');
    const activity = this.text(fields, 'activity');
    if (activity === null) throw cellError(row, this.finder.name(this.col('activity')), fields[this.col('activity')] ?? '', 'is missing (expected an activity on every row)');
    const at = this.dates.require(fields, this.col('timestamp'), row);
    let c = this.cases.get(id);
    if (c === undefined) {
      c = { id, events: [], priority: null, channel: null, category: null };
      this.cases.set(id, c);
    }
    c.events.push({ at, row, activity, resource: this.text(fields, 'resource'), group: this.text(fields, 'group') });
    const p = this.text(fields, 'priority');
    if (p !== null) c.priority = parsePriority(p) ?? c.priority;
    const ch = this.text(fields, 'channel');
    if (ch !== null) c.channel = parseChannel(ch) ?? c.channel;
    const cat = this.text(fields, 'category');
    if (cat !== null) c.category = cat;
  }

  finish(): HistoryTicket[] {
    const w = this.context.warnings;
    const is = (set: Set<string>, activity: string) => set.has(activity.toLowerCase());
    const tickets: HistoryTicket[] = [];
    for (const c of this.cases.values()) {
      const events = c.events.sort((a, b) => a.at - b.at || a.row - b.row);
      const created = events[0].at;
      let firstResponse: number | null = null;
      let resolved: number | null = null;
      let closed: number | null = null;
      let resolutions = 0;
      let pending = 0;
      let handlerChanges = 0;
      let lastHandler: string | null = null;
      const groups: string[] = [];
      const agents: string[] = [];
      const activity: Array<{ at: number; agent: string; group: string }> = [];
      for (let k = 0; k < events.length; k++) {
        const e = events[k];
        if (e.group !== null && groups[groups.length - 1] !== e.group) groups.push(e.group);
        if (e.resource !== null && !agents.includes(e.resource)) agents.push(e.resource);
        if (is(this.activities.firstResponse, e.activity)) {
          firstResponse ??= e.at;
          if (e.resource !== null) {
            if (lastHandler !== null && lastHandler !== e.resource) handlerChanges++;
            lastHandler = e.resource;
          }
        }
        if (is(this.activities.resolve, e.activity)) {
          resolved = e.at;
          resolutions++;
        }
        if (is(this.activities.close, e.activity)) closed = e.at;
        if (is(this.activities.wait, e.activity) && k + 1 < events.length) pending += events[k + 1].at - e.at;
        if (e.resource !== null) activity.push({ at: e.at, agent: e.resource, group: e.group ?? groups[groups.length - 1] ?? 'desk' });
      }
      if (c.priority === null && this.col('priority') >= 0) w.add('priority missing or unknown, read as P3', events[0].row, c.id);
      const group = groups[groups.length - 1] ?? 'desk';
      if (groups.length === 0) groups.push(group);
      const ticket: HistoryTicket = {
        id: c.id,
        created,
        firstResponse,
        resolved,
        closed,
        priority: c.priority ?? 3,
        group,
        channel: c.channel ?? 'portal',
        reassignments: Math.max(handlerChanges, groups.length - 1),
        reopens: Math.max(0, resolutions - 1),
        groups,
        pendingMinutes: pending,
        agents,
        activity,
      };
      if (c.category !== null) ticket.category = c.category;
      tickets.push(ticket);
    }
    return tickets;
  }
}
