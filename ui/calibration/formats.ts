import type { HistoryFormat } from '../../sim/calibration/index.js';

/**
 * What the import page says about each export format: a name, where the export comes from, and the
 * columns the reader looks for (the presets of sim/calibration; the reader matches names ignoring
 * case, spaces, dashes and underscores). Words for people; the reader is the authority, and a
 * missing column is reported by it with the header it found.
 */
export interface FormatInfo {
  format: HistoryFormat;
  label: string;
  /** Where the export comes from. */
  source: string;
  /** Columns the reader needs. */
  required: string[];
  /** Columns it reads when present. */
  optional: string[];
}

export const FORMAT_INFO: readonly FormatInfo[] = [
  {
    format: 'generic',
    label: 'Generic ticket table',
    source: 'One row per ticket, from any tool or spreadsheet. Dates like 2026-01-05 08:10 or 5/1/2026 08:10; rename columns below if yours differ.',
    required: ['id', 'created'],
    optional: ['first response', 'resolved', 'closed', 'priority', 'group', 'channel', 'category', 'reassignment count', 'reopen count', 'agent', 'pending minutes'],
  },
  {
    format: 'servicenow',
    label: 'ServiceNow incident audit log',
    source: 'One row per update of an incident (the UCI "incident management process enriched event log" layout).',
    required: ['number', 'opened_at'],
    optional: ['incident_state', 'sys_updated_at', 'sys_mod_count', 'resolved_at', 'closed_at', 'priority', 'assignment_group', 'assigned_to', 'contact_type', 'category', 'reassignment_count', 'reopen_count', 'made_sla'],
  },
  {
    format: 'zendesk',
    label: 'Zendesk ticket export',
    source: 'Zendesk Support’s CSV ticket export (Admin Center › Reports › Export).',
    required: ['Id', 'Created at'],
    optional: ['Solved at', 'First reply time in minutes', 'Full resolution time in minutes', 'Priority', 'Group', 'Via', 'Ticket type', 'Group stations', 'Reopens', 'Assignee', 'Requester wait time in minutes'],
  },
  {
    format: 'jsm',
    label: 'Jira Service Management issues',
    source: 'Jira’s issue CSV export (Filters › Export › CSV); dates like 05/Jan/26 9:12 AM.',
    required: ['Issue key', 'Created'],
    optional: ['Resolved', 'Priority', 'Custom field (Team)', 'Custom field (Request channel type)', 'Custom field (Request Type)', 'Custom field (First response date)', 'Assignee'],
  },
  {
    format: 'eventlog',
    label: 'Process-mining event log',
    source: 'One row per activity of a case (Disco/ProM CSV, the Helpdesk log). Milestones by activity name: “Take in charge ticket”, “Resolve ticket”, “Closed”, “Wait”.',
    required: ['Case ID', 'Activity', 'Complete Timestamp'],
    optional: ['Resource', 'priority / seriousness_2', 'workgroup', 'channel', 'product'],
  },
];

export function formatInfo(format: HistoryFormat): FormatInfo {
  return FORMAT_INFO.find((f) => f.format === format) ?? FORMAT_INFO[0];
}

/**
 * The generic mapping's fields a user may point at another column (the reader's field names, as
 * `--map field=column` takes them), with the column names it tries by default.
 */
export const GENERIC_OVERRIDES: ReadonlyArray<{ field: string; label: string; defaults: string }> = [
  { field: 'id', label: 'Ticket id', defaults: 'id, ticket id, number, key' },
  { field: 'created', label: 'Created', defaults: 'created, created at, opened at' },
  { field: 'firstResponse', label: 'First response', defaults: 'first response, first reply at' },
  { field: 'resolved', label: 'Resolved', defaults: 'resolved, resolved at, solved at' },
  { field: 'closed', label: 'Closed', defaults: 'closed, closed at' },
  { field: 'priority', label: 'Priority', defaults: 'priority, severity, urgency' },
  { field: 'group', label: 'Group', defaults: 'group, assignment group, team, queue' },
  { field: 'channel', label: 'Channel', defaults: 'channel, via, source, contact type' },
  { field: 'category', label: 'Category', defaults: 'category, type, ticket type' },
  { field: 'reassignments', label: 'Reassignment count', defaults: 'reassignments, reassignment count' },
  { field: 'reopens', label: 'Reopen count', defaults: 'reopens, reopen count' },
  { field: 'agent', label: 'Agent', defaults: 'agent, assignee, assigned to' },
];
