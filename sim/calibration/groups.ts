import type { HistoryTicket } from './history.js';

/**
 * From a history's groups to the scenario's: the `maxGroups` groups with the most visits are
 * kept, the rest merged into "other". A kept group works L1 when most of its visits are tickets
 * entering the desk there, else L2 (it mostly receives reassignments). Tickets take their entry
 * group's name as their category, L1 groups serve their own category, and L2 groups serve the
 * categories whose tickets reach them, so the routing matrix survives as skills.
 *
 * Limits: the model moves tickets up and down tiers, not sideways, so a handoff between two L1
 * groups (or two L2 groups) is reported but not simulated; and a group is one tier for all of
 * its tickets.
 */
export const OTHER_GROUP = 'other';

export interface GroupPlan {
  /** History group -> scenario group. */
  mapping: Map<string, string>;
  /** Scenario groups, largest first ("other" last). */
  groups: Array<{ name: string; tier: 'L1' | 'L2'; visits: number; entries: number; skills: string[] }>;
  /** Per category (entry scenario group): tickets, and the share that went on to an L2 group. */
  categories: Map<string, { tickets: number; escalated: number }>;
  routing: Array<{ from: string; to: string; count: number; share: number }>;
  /** Per history group: its tickets (visits) and where it went. */
  historyGroups: Array<{ group: string; tickets: number; scenarioGroup: string }>;
  /** Scenario group sequence per ticket, in the order of the tickets given. */
  sequences: string[][];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _+\-/()]*$/;

/** A history group's name made valid for a scenario (letters, digits, space, _ + - / ( )). */
export function scenarioName(name: string, taken: Set<string>): string {
  let n = name.replace(/[^A-Za-z0-9 _+\-/()]/g, '-').trim().slice(0, 60);
  if (!NAME.test(n)) n = `g ${n}`.replace(/^g\s*$/, 'group');
  if (!NAME.test(n)) n = 'group';
  let candidate = n;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${n} ${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

function byCountThenName(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

export function planGroups(tickets: readonly HistoryTicket[], maxGroups: number): GroupPlan {
  const visits = new Map<string, number>();
  const entries = new Map<string, number>();
  for (const t of tickets) {
    const seq = t.groups.length > 0 ? t.groups : [t.group];
    for (const g of new Set(seq)) visits.set(g, (visits.get(g) ?? 0) + 1);
    entries.set(seq[0], (entries.get(seq[0]) ?? 0) + 1);
  }
  const ranked = [...visits].sort(byCountThenName);
  const keepCount = ranked.length <= maxGroups + 1 ? ranked.length : maxGroups;
  const taken = new Set<string>([OTHER_GROUP]);
  const mapping = new Map<string, string>();
  ranked.forEach(([g], i) => mapping.set(g, i < keepCount ? scenarioName(g, taken) : OTHER_GROUP));

  const sequences = tickets.map((t) => {
    const seq: string[] = [];
    for (const g of t.groups.length > 0 ? t.groups : [t.group]) {
      const s = mapping.get(g) ?? OTHER_GROUP;
      if (seq[seq.length - 1] !== s) seq.push(s);
    }
    return seq;
  });

  const sVisits = new Map<string, number>();
  const sEntries = new Map<string, number>();
  for (const seq of sequences) {
    for (const g of new Set(seq)) sVisits.set(g, (sVisits.get(g) ?? 0) + 1);
    sEntries.set(seq[0], (sEntries.get(seq[0]) ?? 0) + 1);
  }
  const names = [...sVisits].sort(byCountThenName).map(([g]) => g);
  // "other" last, whatever its size: it is a remainder, not a team.
  names.sort((a, b) => (a === OTHER_GROUP ? 1 : 0) - (b === OTHER_GROUP ? 1 : 0));
  const tier = new Map<string, 'L1' | 'L2'>();
  for (const g of names) tier.set(g, (sEntries.get(g) ?? 0) >= 0.5 * (sVisits.get(g) ?? 0) ? 'L1' : 'L2');
  if (![...tier.values()].includes('L1')) {
    const top = [...sEntries].sort(byCountThenName)[0][0];
    tier.set(top, 'L1');
  }

  // Handoffs between scenario groups, and which categories reach each L2 group.
  const handoffs = new Map<string, Map<string, number>>();
  const reach = new Map<string, Map<string, number>>();
  const categories = new Map<string, { tickets: number; escalated: number }>();
  for (const seq of sequences) {
    const category = seq[0];
    const c = categories.get(category) ?? { tickets: 0, escalated: 0 };
    c.tickets++;
    categories.set(category, c);
    for (let k = 1; k < seq.length; k++) {
      const row = handoffs.get(seq[k - 1]) ?? new Map<string, number>();
      row.set(seq[k], (row.get(seq[k]) ?? 0) + 1);
      handoffs.set(seq[k - 1], row);
    }
    if (tier.get(category) === 'L1') {
      const l2 = seq.slice(1).filter((g) => tier.get(g) === 'L2');
      if (l2.length > 0) c.escalated++;
      for (const g of new Set(l2)) {
        const r = reach.get(g) ?? new Map<string, number>();
        r.set(category, (r.get(category) ?? 0) + 1);
        reach.set(g, r);
      }
    }
  }
  const routing: GroupPlan['routing'] = [];
  for (const from of names) {
    const row = handoffs.get(from);
    if (row === undefined) continue;
    let total = 0;
    for (const v of row.values()) total += v;
    for (const [to, count] of [...row].sort(byCountThenName)) routing.push({ from, to, count, share: count / total });
  }
  const groups = names.map((name) => {
    const t = tier.get(name) ?? 'L1';
    let skills: string[];
    if (t === 'L1') skills = [name];
    else {
      const r = reach.get(name) ?? new Map<string, number>();
      // Categories that send it at least 5% of what their escalations bring to L2 as a whole.
      skills = [...r]
        .filter(([category, n]) => n >= 0.05 * (categories.get(category)?.escalated ?? 0))
        .sort(byCountThenName)
        .map(([category]) => category);
      if ((sEntries.get(name) ?? 0) > 0 && !skills.includes(name)) skills.push(name);
    }
    return { name, tier: t, visits: sVisits.get(name) ?? 0, entries: sEntries.get(name) ?? 0, skills };
  });
  const historyGroups = ranked.map(([group, n]) => ({ group, tickets: n, scenarioGroup: mapping.get(group) ?? OTHER_GROUP }));
  return { mapping, groups, categories, routing, historyGroups, sequences };
}
