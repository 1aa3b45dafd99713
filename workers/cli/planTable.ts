import { WEEKDAYS } from '../../sim/model/calendar.js';
import type { Scenario } from '../../sim/model/scenario.js';
import type { MarginalMove, PlanResult, TargetResult } from '../../sim/planner/search.js';
import type { ShiftPattern } from '../../sim/planner/shifts.js';
import { duration, percent } from './kpiTable.js';

/**
 * A capacity plan as a support manager reads it: people per group and shift beside the Erlang
 * baseline and today's roster, the weekly cost, every SLA target with its CI, the targets no
 * roster can meet and why, what one more or one fewer person buys, the plan under other volumes,
 * and the cost-compliance trade-off.
 */
export function planTable(result: PlanResult, scenario: Scenario, wallMs: number): string {
  const conf = `${Math.round(result.confidence * 100)}%`;
  const money = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
  const signedMoney = (x: number) => `${x >= 0 ? '+' : '-'}${money(Math.abs(x))}`;
  const out: string[] = [];
  const s = result.search;
  out.push(
    `Capacity plan for ${result.scenario}: the cheapest roster whose SLA targets are met at ${conf} confidence.`,
    `Simulated ${s.replications.toLocaleString('en-US')} replications of ${s.candidates} rosters under common random numbers (seed ${result.seed}) in ${(wallMs / 1000).toFixed(1)} s.`,
  );
  if (s.stopped) out.push(`Note: ${s.stopped}.`);
  out.push('');

  // ---- people
  const windowText = (p: Pick<ShiftPattern, 'days' | 'from' | 'to'>) => `${daysText(p.days)} ${p.from}-${p.to}`;
  const rows: string[][] = [];
  let totals = { plan: 0, erlang: 0, today: 0, hours: 0, cost: 0 };
  for (const group of scenario.groups) {
    const plan = result.groups[group.name];
    if (!plan) continue;
    const erlang = result.erlang[group.name];
    const today = result.current.groups[group.name];
    if (!plan.shifts) {
      rows.push([group.name, 'around the clock', String(plan.headcount), String(erlang?.headcount ?? '-'), String(today?.headcount ?? '-'), money(plan.paidHoursPerWeek), money(plan.costPerWeek)]);
    } else {
      const windows: ShiftPattern[] = plan.patterns ?? group.shifts;
      const names = new Set([...Object.keys(plan.shifts), ...(plan.patterns ? [] : group.shifts.map((x) => x.name))]);
      const firstRow = rows.length;
      let first = true;
      for (const name of names) {
        const w = windows.find((p) => p.name === name) ?? group.shifts.find((p) => p.name === name);
        const label = w && name !== windowText(w) ? `${name} (${windowText(w)})` : name;
        rows.push([
          first ? group.name : '',
          label,
          String(plan.shifts[name] ?? 0),
          String(erlang?.shifts?.[name] ?? (plan.patterns ? '-' : 0)),
          String(today?.shifts?.[name] ?? 0),
          '',
          '',
        ]);
        first = false;
      }
      rows[firstRow][5] = money(plan.paidHoursPerWeek);
      rows[firstRow][6] = money(plan.costPerWeek);
    }
    totals = {
      plan: totals.plan + plan.headcount,
      erlang: totals.erlang + (erlang?.headcount ?? 0),
      today: totals.today + (today?.headcount ?? 0),
      hours: totals.hours + plan.paidHoursPerWeek,
      cost: totals.cost + plan.costPerWeek,
    };
  }
  rows.push(['Total', '', String(totals.plan), String(totals.erlang), String(totals.today), money(totals.hours), money(totals.cost)]);
  out.push('People needed (Erlang: the analytic roster the search starts from; Today: the scenario as written)');
  out.push(...table(['Group', 'Shift', 'Plan', 'Erlang', 'Today', 'Paid hours/week', 'Cost/week'], rows, 'llrrrrr'));
  out.push(
    '',
    `Cost per week: ${money(result.cost.perWeek)} (today's roster: ${money(result.current.cost.perWeek)}, ${signedMoney(result.cost.perWeek - result.current.cost.perWeek)}; the Erlang roster: ${money(result.erlangRoster.cost.perWeek)}).`,
    '',
  );

  // ---- what sets the plan: the targets closest to their goal, and the one-fewer moves that miss them
  const outOfReachKeys = new Set((result.infeasible ?? []).map((t) => `${t.clock}.${t.priority}`));
  const tight = result.targets.filter((t) => t.met && !outOfReachKeys.has(`${t.clock}.${t.priority}`) && t.lo - t.required < 0.005);
  for (const t of tight) {
    const breakers: string[] = [];
    for (const [group, m] of Object.entries(result.sensitivity.marginal)) {
      const moves = m.shifts ? Object.entries(m.shifts).map(([shift, v]) => [`${group} ${shift}`, v.minusOne] as const) : [[group, m.minusOne] as const];
      for (const [label, move] of moves) {
        const after = move?.targets.find((x) => x.clock === t.clock && x.priority === t.priority);
        if (after && !after.met) breakers.push(label);
      }
    }
    out.push(
      `What sets the plan: ${t.clock} ${t.priority} is met with little room (${percent(t.mean)}, CI low end ${percent2(t.lo)} for a ${percent(t.required)} goal)${breakers.length > 0 ? `; with one fewer in ${breakers.join(' or in ')} it is no longer shown` : ''}.`,
    );
  }
  if (tight.length > 0) out.push('');

  // ---- targets
  const outOfReach = new Set((result.infeasible ?? []).map((t) => `${t.clock}.${t.priority}`));
  const ci = (t: Pick<TargetResult, 'mean' | 'lo' | 'hi'>) => (Number.isFinite(t.mean) ? `${percent(t.mean)} (${percent(t.lo)}-${percent(t.hi)})` : 'no tickets');
  const brief = (t: TargetResult | undefined) => (t && Number.isFinite(t.mean) ? `${percent(t.mean)} ${t.met ? 'met' : 'missed'}` : '-');
  const targetRows = result.targets.map((t, k) => [
    `${t.clock} ${t.priority}`,
    percent(t.required),
    ci(t),
    String(t.replications),
    t.met ? 'yes' : outOfReach.has(`${t.clock}.${t.priority}`) ? 'no: out of reach' : 'NO',
    brief(result.erlangRoster.targets[k]),
    brief(result.current.targets[k]),
  ]);
  out.push(`SLA targets with the plan (mean over replications and its ${conf} CI; met = the CI's low end reaches the goal)`);
  out.push(...table(['Target', 'Goal', 'Plan', 'Reps', 'Met', 'Erlang roster', 'Today'], targetRows, 'lrlrlll'));
  out.push('');
  if (result.infeasible && result.infeasible.length > 0) {
    out.push('Targets no roster can meet, left aside by the plan:');
    for (const t of result.infeasible) {
      out.push(`  - ${t.clock} ${t.priority} (goal ${percent(t.required)}): at best ${ci(t.best)} with ${t.atMultiple} times the Erlang roster. Why: ${t.reason}.`);
    }
    out.push('');
  }

  // ---- Erlang baseline
  out.push('Erlang C baseline (per hour of week, from the demand reaching each group):');
  for (const [name, e] of Object.entries(result.erlang)) {
    const goal = e.goal
      ? `${percent(e.goal.serviceLevel)} of ${e.goal.priority} tickets picked up within ${duration(e.goal.threshold)} (the ${e.goal.clock} target)`
      : 'no demand';
    out.push(
      `  ${name}: ${e.agents} working at the peak hour for ${goal}, ${e.scheduled} scheduled with ${percent(e.shrinkage)} shrinkage${e.binding === 'occupancy' ? ' (occupancy cap binds)' : ''}.`,
    );
  }
  out.push('');

  // ---- one more / one fewer
  const feasibleTargets = new Set(result.targets.filter((t) => !outOfReach.has(`${t.clock}.${t.priority}`)).map((t) => `${t.clock}.${t.priority}`));
  const effect = (m: MarginalMove): string => {
    const parts: string[] = [];
    const significant = m.targets
      .filter((t) => Number.isFinite(t.delta.mean) && (t.delta.lo > 0 || t.delta.hi < 0))
      .sort((a, b) => Math.abs(b.delta.mean) - Math.abs(a.delta.mean))
      .slice(0, 3);
    for (const t of significant) parts.push(`${t.clock} ${t.priority} ${t.delta.mean >= 0 ? '+' : ''}${(100 * t.delta.mean).toFixed(1)} pts`);
    const broken = m.targets.filter((t, k) => !t.met && result.targets[k].met && feasibleTargets.has(`${t.clock}.${t.priority}`));
    if (broken.length > 0) parts.push(`no longer shown to meet ${broken.map((t) => `${t.clock} ${t.priority} (${percent(t.mean)}, CI from ${percent2(t.lo)})`).join(', ')}`);
    return parts.length > 0 ? parts.join('; ') : 'no measurable change';
  };
  const marginalRows: string[][] = [];
  for (const [group, m] of Object.entries(result.sensitivity.marginal)) {
    const entries: Array<[string, MarginalMove | undefined, MarginalMove | undefined]> = m.shifts
      ? Object.entries(m.shifts).map(([shift, v]) => [`${group} ${shift}`, v.plusOne, v.minusOne])
      : [[result.groups[group]?.shifts ? `${group} ${Object.keys(result.groups[group].shifts ?? {})[0] ?? ''}`.trim() : group, m.plusOne, m.minusOne]];
    for (const [label, plus, minus] of entries) {
      if (plus) marginalRows.push([`${label}: ${plus.headcount} (one more)`, signedMoney(plus.costPerWeek), effect(plus)]);
      if (minus) marginalRows.push([`${label}: ${minus.headcount} (one fewer)`, signedMoney(minus.costPerWeek), effect(minus)]);
    }
  }
  if (marginalRows.length > 0) {
    out.push(`What one more or one fewer person buys (paired with the plan on the same ${s.reportReplications} replications; changes whose ${conf} CI excludes zero)`);
    out.push(...table(['Change', 'Cost/week', 'Effect on compliance'], marginalRows, 'lrl'));
    out.push('');
  }

  // ---- volume
  if (result.sensitivity.volume.length > 0) {
    const volumeRows = result.sensitivity.volume.map((v) => {
      const feasible = v.targets.filter((t) => feasibleTargets.has(`${t.clock}.${t.priority}`));
      const weakest = [...feasible].sort((a, b) => a.lo - a.required - (b.lo - b.required))[0];
      const pct = Math.round((v.factor - 1) * 100);
      return [
        pct === 0 ? 'as forecast' : `${pct > 0 ? '+' : ''}${pct}%`,
        `${feasible.filter((t) => t.met).length} of ${feasible.length}`,
        weakest ? `${weakest.clock} ${weakest.priority} ${ci(weakest)}, goal ${percent(weakest.required)}` : '-',
      ];
    });
    out.push(`The same plan if volume changes (${s.reportReplications} replications each)`);
    out.push(...table(['Volume', 'Targets met', 'Weakest target'], volumeRows, 'lrl'));
    out.push('');
  }

  // ---- trade-off
  if (result.tradeoff.length > 1) {
    out.push('Cost against safety: the cheapest roster simulated at each margin of the weakest target (CI low end minus goal)');
    const tradeRows = result.tradeoff.map((p) => [
      money(p.cost),
      `${p.worst.clock} ${p.worst.priority} ${percent(p.worst.mean)}, low end ${percent(p.worst.lo)}`,
      `${p.minMargin >= 0 ? '+' : ''}${(100 * p.minMargin).toFixed(1)} pts`,
      p.chosen ? 'the plan' : p.met ? 'met' : '',
      Object.entries(p.headcounts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', '),
    ]);
    out.push(...table(['Cost/week', 'Weakest target', 'Margin', '', 'Roster'], tradeRows, 'rlrll'));
    out.push('');
  }
  for (const note of s.notes) out.push(`Note: ${note}.`);
  out.push(`supportsim plan --json has every figure; the plan is verified on ${s.reportReplications} common replications.`);
  return out.join('\n');
}

/** A share with two decimals: CI ends next to a goal need them. */
function percent2(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

/** A text table: columns marked 'r' right-aligned (numbers), the others left-aligned. */
function table(header: string[], rows: string[][], align = ''): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function daysText(days: readonly string[]): string {
  const set = WEEKDAYS.filter((d) => days.includes(d));
  const key = set.join(',');
  if (key === 'Mon,Tue,Wed,Thu,Fri') return 'Mon-Fri';
  if (key === 'Sat,Sun') return 'Sat-Sun';
  if (set.length === 7) return 'daily';
  return set.join(' ');
}
