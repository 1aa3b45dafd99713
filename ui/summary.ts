import { parseScenario } from '../scenarios/parse.js';
import type { Scenario } from '../sim/model/scenario.js';

/** One line about a desk for lists: its people, its weekly volume, its horizon. */
export function summarizeScenario(scenario: Scenario): string {
  const staffed = scenario.groups.filter((g) => g.tier !== 'engineering');
  const people = staffed.reduce((n, g) => n + (g.shifts.length > 0 ? Math.max(...g.shifts.map((s) => s.headcount)) : g.headcount), 0);
  let perWeek = 0;
  let replayed = 0;
  for (const s of scenario.demand) {
    if (s.arrivals.type === 'weekly') perWeek += s.arrivals.perWeek;
    else if (s.arrivals.type === 'poisson') perWeek += s.arrivals.perHour * 168;
    else replayed += s.arrivals.minutes.length;
  }
  const parts = [
    `${staffed.length} team${staffed.length === 1 ? '' : 's'}, about ${people} ${people === 1 ? 'person' : 'people'}`,
    perWeek > 0 ? `${Math.round(perWeek).toLocaleString('en-US')} tickets a week` : null,
    replayed > 0 ? `${replayed.toLocaleString('en-US')} replayed tickets` : null,
    `${scenario.horizonDays} days simulated`,
    scenario.ackDuty.enabled ? 'after-hours ACK duty' : null,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}

/** The summary of a raw scenario, or what is wrong with it. */
export function summarizeRaw(raw: unknown): { ok: boolean; text: string } {
  const parsed = parseScenario(raw);
  if (parsed.ok) return { ok: true, text: summarizeScenario(parsed.scenario) };
  const n = parsed.errors.length;
  return { ok: false, text: `${n} problem${n === 1 ? '' : 's'} to fix in the editor: ${parsed.errors[0]}` };
}

export function descriptionOf(raw: unknown): string {
  const d = (raw as { description?: unknown } | null)?.description;
  return typeof d === 'string' ? d : '';
}

export function nameOf(raw: unknown): string | undefined {
  const n = (raw as { name?: unknown } | null)?.name;
  return typeof n === 'string' && n.trim() !== '' ? n : undefined;
}
