import type { HistoryChannel, HistoryTicket } from './history.js';
import { cellError, cellText, ColumnFinder, DateReader, mapColumns, type HistorySink, type SinkContext } from './readerContext.js';
import { parseChannel, parseCount, parseMinutes, parsePriority } from './values.js';

/**
 * Exports with one row per ticket: the generic layout, Zendesk's ticket CSV export and Jira
 * Service Management's issue CSV export. A preset is a list of candidate column names per field;
 * `--map field=column` overrides any of them.
 */
export const TICKET_FIELDS = [
  'id',
  'created',
  'firstResponse',
  'firstResponseMinutes',
  'resolved',
  'resolutionMinutes',
  'closed',
  'priority',
  'group',
  'channel',
  'category',
  'reassignments',
  'groupStations',
  'reopens',
  'agent',
  'pendingMinutes',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

export type TicketColumns = Partial<Record<TicketField, readonly string[]>>;

export const GENERIC_COLUMNS: TicketColumns = {
  id: ['id', 'ticket id', 'ticket', 'number', 'key', 'case id', 'incident'],
  created: ['created', 'created at', 'opened', 'opened at', 'creation date', 'submitted at', 'arrival'],
  firstResponse: ['first response', 'first response at', 'first reply at', 'responded at', 'first responded at'],
  firstResponseMinutes: ['first response minutes', 'first reply time in minutes'],
  resolved: ['resolved', 'resolved at', 'solved at', 'solved', 'resolution date'],
  resolutionMinutes: ['resolution minutes', 'full resolution time in minutes'],
  closed: ['closed', 'closed at'],
  priority: ['priority', 'severity', 'urgency'],
  group: ['group', 'assignment group', 'team', 'queue'],
  channel: ['channel', 'via', 'source', 'contact type'],
  category: ['category', 'type', 'ticket type'],
  reassignments: ['reassignments', 'reassignment count'],
  groupStations: ['group stations'],
  reopens: ['reopens', 'reopen count'],
  agent: ['agent', 'assignee', 'assigned to', 'resolver', 'resolved by'],
  pendingMinutes: ['pending minutes', 'requester wait time in minutes'],
};

/** Zendesk Support's CSV ticket export (Admin Center > Account > Tools > Reports > Export). */
export const ZENDESK_COLUMNS: TicketColumns = {
  id: ['Id', 'Ticket ID'],
  created: ['Created at'],
  resolved: ['Solved at'],
  firstResponseMinutes: ['First reply time in minutes'],
  resolutionMinutes: ['Full resolution time in minutes'],
  priority: ['Priority'],
  group: ['Group'],
  channel: ['Via'],
  category: ['Ticket type', 'Type'],
  groupStations: ['Group stations'],
  reopens: ['Reopens'],
  agent: ['Assignee'],
  pendingMinutes: ['Requester wait time in minutes'],
};

/** Jira Service Management's issue CSV export (Filters > Export > CSV). Dates like 05/Jan/24 9:12 AM. */
export const JSM_COLUMNS: TicketColumns = {
  id: ['Issue key', 'Key', 'Issue id'],
  created: ['Created'],
  firstResponse: ['Custom field (First response date)', 'Custom field (First Response Date)', 'First response date'],
  resolved: ['Resolved', 'Resolution date'],
  priority: ['Priority'],
  group: ['Custom field (Team)', 'Custom field (Assignment group)', 'Custom field (Group)', 'Team', 'Component/s'],
  channel: ['Custom field (Request channel type)', 'Custom field (Source)', 'Request channel type'],
  category: ['Custom field (Request Type)', 'Custom field (Customer Request Type)', 'Issue Type'],
  agent: ['Assignee'],
};

export class TicketTableSink implements HistorySink {
  private cols = new Map<TicketField, number>();
  private finder!: ColumnFinder;
  private dates!: DateReader;
  private readonly tickets: HistoryTicket[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly context: SinkContext,
    private readonly columns: TicketColumns,
    private readonly preferred: 'dmy' | 'mdy',
    private readonly defaultChannel: HistoryChannel = 'email',
  ) {}

  header(fields: string[]): void {
    this.finder = new ColumnFinder(fields);
    const names = Object.fromEntries(TICKET_FIELDS.map((f) => [f, this.columns[f] ?? []])) as Record<TicketField, readonly string[]>;
    this.cols = mapColumns(this.finder, this.context, names, ['id', 'created']);
    this.dates = new DateReader(this.finder, this.context.dateFormat, this.preferred, this.context.timeZone);
  }

  private col(field: TicketField): number {
    return this.cols.get(field) ?? -1;
  }

  prepare(sample: ReadonlyArray<{ fields: string[]; row: number }>): void {
    for (const field of ['created', 'firstResponse', 'resolved', 'closed'] as const) this.dates.detect(this.col(field), sample);
  }

  private text(fields: string[], field: TicketField): string | null {
    return cellText(fields, this.col(field));
  }

  private minutes(fields: string[], field: TicketField, row: number): number | null {
    const t = this.text(fields, field);
    if (t === null) return null;
    const v = parseMinutes(t);
    if (v === null) throw cellError(row, this.finder.name(this.col(field)), t, 'is not a number of minutes (expected a number >= 0)');
    return v;
  }

  private count(fields: string[], field: TicketField, row: number): number | null {
    const t = this.text(fields, field);
    if (t === null) return null;
    const v = parseCount(t);
    if (v === null) throw cellError(row, this.finder.name(this.col(field)), t, 'is not a count (expected a whole number >= 0)');
    return v;
  }

  row(fields: string[], row: number): void {
    const w = this.context.warnings;
    const id = this.text(fields, 'id');
    if (id === null) throw cellError(row, this.finder.name(this.col('id')), fields[this.col('id')] ?? '', 'is missing (expected a ticket id on every row)');
    if (this.seen.has(id)) {
      w.add('repeated ticket id, row skipped', row, id);
      return;
    }
    this.seen.add(id);
    const created = this.dates.require(fields, this.col('created'), row);
    let firstResponse = this.dates.read(fields, this.col('firstResponse'), row);
    if (firstResponse === null) {
      const m = this.minutes(fields, 'firstResponseMinutes', row);
      if (m !== null) firstResponse = created + m;
    }
    let resolved = this.dates.read(fields, this.col('resolved'), row);
    if (resolved === null) {
      const m = this.minutes(fields, 'resolutionMinutes', row);
      if (m !== null) resolved = created + m;
    }
    const closed = this.dates.read(fields, this.col('closed'), row);
    if (resolved === null && closed !== null) resolved = closed;
    if (resolved !== null && resolved < created) {
      w.add('resolved before created, resolution ignored', row, id);
      resolved = null;
    }
    if (firstResponse !== null && firstResponse < created) {
      w.add('first response before created, ignored', row, id);
      firstResponse = null;
    }

    const priorityText = this.text(fields, 'priority');
    let priority = priorityText === null ? null : parsePriority(priorityText);
    if (priority === null) {
      if (this.col('priority') >= 0) w.add('priority missing or unknown, read as P3', row, priorityText ?? '');
      priority = 3;
    }
    const channelText = this.text(fields, 'channel');
    let channel = channelText === null ? null : parseChannel(channelText);
    if (channel === null) {
      if (this.col('channel') >= 0) w.add(`channel missing or unknown, read as ${this.defaultChannel}`, row, channelText ?? '');
      channel = this.defaultChannel;
    }
    const group = this.text(fields, 'group') ?? 'desk';
    const stations = this.count(fields, 'groupStations', row);
    const reassignments = this.count(fields, 'reassignments', row) ?? (stations !== null ? Math.max(0, stations - 1) : 0);
    const agent = this.text(fields, 'agent');
    const category = this.text(fields, 'category');
    const pending = this.minutes(fields, 'pendingMinutes', row);
    const ticket: HistoryTicket = {
      id,
      created,
      firstResponse,
      resolved,
      closed,
      priority,
      group,
      channel,
      reassignments,
      reopens: this.count(fields, 'reopens', row) ?? 0,
      groups: [group],
    };
    if (category !== null) ticket.category = category;
    if (pending !== null) ticket.pendingMinutes = pending;
    if (agent !== null) {
      ticket.agents = [agent];
      // One row per ticket shows its resolver at the resolution (or first response) only.
      const at = resolved ?? firstResponse;
      if (at !== null) ticket.activity = [{ at, agent, group }];
    }
    this.tickets.push(ticket);
  }

  finish(): HistoryTicket[] {
    return this.tickets;
  }
}
