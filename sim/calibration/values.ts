import type { HistoryChannel, HistoryPriority } from './history.js';

/** What exports write for "no value". */
const MISSING = new Set(['', '?', '-', 'null', 'NULL', 'None', 'none', 'N/A', 'n/a', 'NA', '#N/A', 'undefined']);

export function isMissing(text: string | undefined): boolean {
  return text === undefined || MISSING.has(text.trim());
}

const PRIORITY_WORDS: Array<[RegExp, HistoryPriority]> = [
  [/^(critical|urgent|highest|blocker|emergency|sev(erity)?\s*1|p1)\b/i, 1],
  [/^(high|major|sev(erity)?\s*2|p2)\b/i, 2],
  [/^(moderate|medium|normal|sev(erity)?\s*3|p3)\b/i, 3],
  [/^(low|lowest|minor|trivial|planning|sev(erity)?\s*[45]|p[45])\b/i, 4],
];

/**
 * Priority 1 (business stops) .. 4 (routine) from a tool's label: "1 - Critical" (ServiceNow),
 * "Urgent/High/Normal/Low" (Zendesk), "Highest..Lowest" (Jira), "P2", "Value 3" (anonymised
 * levels keep their number), a bare number (5 and above fold into 4). Null when unreadable.
 */
export function parsePriority(text: string): HistoryPriority | null {
  const t = text.trim();
  const leading = /^(?:value\s*|p|sev\s*|severity\s*)?(\d+)\b/i.exec(t);
  if (leading !== null) {
    const n = +leading[1];
    if (n >= 1) return Math.min(4, n) as HistoryPriority;
    return null;
  }
  for (const [pattern, priority] of PRIORITY_WORDS) if (pattern.test(t)) return priority;
  return null;
}

const CHANNEL_WORDS: Array<[RegExp, HistoryChannel]> = [
  [/mail/i, 'email'],
  [/phone|call|ivr|voice|tele/i, 'phone'],
  [/chat|messag|whatsapp|sms/i, 'chat'],
  [/twitter|facebook|social|instagram|linkedin/i, 'social'],
  [/portal|web|self.?service|form|direct|api|widget|help.?center|jira|agent|monitor|event|walk/i, 'portal'],
];

/** The simulator's channel for a tool's label ("Phone call (inbound)", "Self service", "Mail", "chat"...). Null when unknown. */
export function parseChannel(text: string): HistoryChannel | null {
  for (const [pattern, channel] of CHANNEL_WORDS) if (pattern.test(text)) return channel;
  return null;
}

/** A non-negative count ("3", "3.0"); null when unreadable. */
export function parseCount(text: string): number | null {
  const t = text.trim();
  if (!/^\d+(\.0*)?$/.test(t)) return null;
  return Math.round(+t);
}

/** Minutes as a number ("95", "95.5"); null when unreadable. */
export function parseMinutes(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const v = +t;
  return v >= 0 ? v : null;
}

export function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === 'yes' || t === '1' || t === 'y') return true;
  if (t === 'false' || t === 'no' || t === '0' || t === 'n') return false;
  return null;
}
