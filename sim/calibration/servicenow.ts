import type { HistoryChannel, HistoryPriority, HistoryTicket } from './history.js';
import { cellError, cellText, ColumnFinder, DateReader, mapColumns, type HistorySink, type SinkContext } from './readerContext.js';
import { parseBoolean, parseChannel, parseCount, parsePriority } from './values.js';

/**
 * ServiceNow's incident audit export (the UCI "Incident management process enriched event log"):
 * one row per update, each holding the whole record after that update. Rows of one incident are
 * gathered by `number` and ordered by `sys_mod_count`, then:
 * - created: opened_at; resolved / closed: the record's resolved_at / closed_at (the last update's;
 *   a missing resolved_at leaves the ticket out of resolution times rather than guess it),
 * - first response: the first update that puts the incident in a working state (Active), the
 *   closest the log has to a pickup,
 * - groups: assignment_group in update order, consecutive repeats collapsed,
 * - pending: time between an update into an "Awaiting ..." state and the next update,
 * - activity: each update with its assignee and group, for staffing by hour of week.
 */
export const SERVICENOW_FIELDS = {
  number: ['number', 'incident', 'case id'],
  state: ['incident_state', 'state'],
  updated: ['sys_updated_at', 'updated'],
  modCount: ['sys_mod_count'],
  opened: ['opened_at', 'sys_created_at', 'created'],
  resolved: ['resolved_at', 'resolved'],
  closed: ['closed_at', 'closed'],
  priority: ['priority'],
  group: ['assignment_group', 'assignment group'],
  agent: ['assigned_to', 'assigned to'],
  channel: ['contact_type', 'contact type'],
  category: ['category'],
  reassignments: ['reassignment_count'],
  reopens: ['reopen_count'],
  madeSla: ['made_sla'],
} as const;
type Field = keyof typeof SERVICENOW_FIELDS;
const REQUIRED: Field[] = ['number', 'opened'];

/** Compact per-update facts; the rest of a row is dropped as soon as it is read. */
interface Update {
  mod: number;
  row: number;
  at: number;
  state: string;
  group: string | null;
  agent: string | null;
}

interface Incident {
  id: string;
  opened: number;
  resolved: number | null;
  closed: number | null;
  priority: HistoryPriority | null;
  channel: HistoryChannel | null;
  category: string | null;
  reassignments: number;
  reopens: number;
  madeSla: boolean | null;
  lastMod: number;
  updates: Update[];
}

const WORKING = /^(active|in progress|work in progress|assigned)$/i;
const PENDING = /^(awaiting|on hold|pending)/i;

export class ServiceNowSink implements HistorySink {
  private cols = new Map<Field, number>();
  private finder!: ColumnFinder;
  private dates!: DateReader;
  private readonly incidents = new Map<string, Incident>();
  private readonly states = new Map<string, string>();

  constructor(private readonly context: SinkContext) {}

  header(fields: string[]): void {
    this.finder = new ColumnFinder(fields);
    this.cols = mapColumns(this.finder, this.context, SERVICENOW_FIELDS, REQUIRED);
    this.dates = new DateReader(this.finder, this.context.dateFormat, 'dmy', this.context.timeZone);
  }

  private col(field: Field): number {
    return this.cols.get(field) ?? -1;
  }

  private text(fields: string[], field: Field): string | null {
    return cellText(fields, this.col(field));
  }

  prepare(sample: ReadonlyArray<{ fields: string[]; row: number }>): void {
    for (const field of ['updated', 'opened', 'resolved', 'closed'] as const) this.dates.detect(this.col(field), sample);
  }

  row(fields: string[], row: number): void {
    const id = this.text(fields, 'number');
    if (id === null) throw cellError(row, this.finder.name(this.col('number')), fields[this.col('number')] ?? '', 'is missing (expected an incident number on every row)');
    const opened = this.dates.require(fields, this.col('opened'), row);
    const updated = this.dates.read(fields, this.col('updated'), row) ?? opened;
    const modText = this.text(fields, 'modCount');
    const mod = modText === null ? row : (parseCount(modText) ?? row);
    // Strings repeat a lot (states, groups, agents): keep one copy of each.
    const intern = (s: string | null): string | null => {
      if (s === null) return null;
      const known = this.states.get(s);
      if (known !== undefined) return known;
      this.states.set(s, s);
      return s;
    };
    const update: Update = {
      mod,
      row,
      at: updated,
      state: intern(this.text(fields, 'state') ?? '') ?? '',
      group: intern(this.text(fields, 'group')),
      agent: intern(this.text(fields, 'agent')),
    };
    let incident = this.incidents.get(id);
    if (incident === undefined) {
      incident = {
        id,
        opened,
        resolved: null,
        closed: null,
        priority: null,
        channel: null,
        category: null,
        reassignments: 0,
        reopens: 0,
        madeSla: null,
        lastMod: -1,
        updates: [],
      };
      this.incidents.set(id, incident);
    }
    incident.updates.push(update);
    const count = (field: Field): number => {
      const t = this.text(fields, field);
      if (t === null) return 0;
      const v = parseCount(t);
      if (v === null) throw cellError(row, this.finder.name(this.col(field)), t, 'is not a count (expected a whole number >= 0)');
      return v;
    };
    incident.reassignments = Math.max(incident.reassignments, count('reassignments'));
    incident.reopens = Math.max(incident.reopens, count('reopens'));
    // Record-level fields: the latest update's values describe the incident as it ended.
    if (mod >= incident.lastMod) {
      incident.lastMod = mod;
      incident.opened = opened;
      incident.resolved = this.dates.read(fields, this.col('resolved'), row);
      incident.closed = this.dates.read(fields, this.col('closed'), row);
      const p = this.text(fields, 'priority');
      incident.priority = p === null ? null : parsePriority(p);
      const c = this.text(fields, 'channel');
      incident.channel = c === null ? null : parseChannel(c);
      incident.category = intern(this.text(fields, 'category'));
      const sla = this.text(fields, 'madeSla');
      incident.madeSla = sla === null ? null : parseBoolean(sla);
    }
  }

  finish(): HistoryTicket[] {
    const w = this.context.warnings;
    const tickets: HistoryTicket[] = [];
    for (const incident of this.incidents.values()) {
      const updates = incident.updates.sort((a, b) => a.mod - b.mod || a.at - b.at || a.row - b.row);
      const firstRow = updates[0].row;
      const groups: string[] = [];
      const agents: string[] = [];
      let firstResponse: number | null = null;
      let pending = 0;
      let resolvedByState: number | null = null;
      const activity: Array<{ at: number; agent: string; group: string }> = [];
      for (let k = 0; k < updates.length; k++) {
        const u = updates[k];
        if (u.group !== null && groups[groups.length - 1] !== u.group) groups.push(u.group);
        if (u.agent !== null && !agents.includes(u.agent)) agents.push(u.agent);
        if (firstResponse === null && WORKING.test(u.state) && u.at >= incident.opened) firstResponse = u.at;
        if (PENDING.test(u.state) && k + 1 < updates.length) pending += Math.max(0, updates[k + 1].at - u.at);
        if (/^resolved$/i.test(u.state)) resolvedByState ??= u.at;
        if (u.agent !== null && u.group !== null) activity.push({ at: u.at, agent: u.agent, group: u.group });
      }
      // The record's resolved_at only: closing follows resolution by an auto-close delay, and a
      // "Resolved" update without resolved_at is rare and often a mistaken click.
      let resolved = incident.resolved;
      if (resolved === null) w.add(`resolved_at missing, ticket left out of resolution times${resolvedByState !== null ? ' (it has a Resolved update)' : ''}`, firstRow, incident.id);
      if (resolved !== null && resolved < incident.opened) {
        w.add('resolved before opened, resolution ignored', firstRow, incident.id);
        resolved = null;
      }
      if (incident.priority === null) w.add('priority missing or unknown, read as P3', firstRow, incident.id);
      if (incident.channel === null && this.col('channel') >= 0) w.add('contact type missing or unknown, read as phone', firstRow, incident.id);
      const group = groups[groups.length - 1] ?? 'desk';
      if (groups.length === 0) groups.push(group);
      const ticket: HistoryTicket = {
        id: incident.id,
        created: incident.opened,
        firstResponse,
        resolved,
        closed: incident.closed,
        priority: incident.priority ?? 3,
        group,
        channel: incident.channel ?? 'phone',
        reassignments: incident.reassignments,
        reopens: incident.reopens,
        groups,
        pendingMinutes: pending,
        agents,
        activity,
      };
      if (incident.category !== null) ticket.category = incident.category;
      if (incident.madeSla !== null) ticket.madeSla = incident.madeSla;
      tickets.push(ticket);
    }
    return tickets;
  }
}
