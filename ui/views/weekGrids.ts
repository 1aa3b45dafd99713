import * as d3 from 'd3';
import { DAY_NAMES, formatHourOfWeek } from '../charts/format.js';
import { INK, MUTED } from '../charts/palette.js';

/**
 * Small hour-of-week pictures for the editor: who is rostered when (a row per group, 168 hours)
 * and a stream's weekly profile (a 7 x 24 grid). They are read while editing, not exported.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const DAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

function minutesOf(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

/**
 * People rostered in each hour of the week (Monday 00:00 first), from a raw group: a shift's
 * headcount counts for the share of the hour it covers; a shift whose `to` is at or before its
 * `from` runs past midnight. Shift times are the group's local times, moved by `shiftMinutes`
 * (e.g. to the scenario's zone: see `zoneShiftMinutes`). Breaks and absence are not taken off.
 * Unreadable shifts are skipped (the editor shows their errors).
 */
export function rosteredByHour(group: unknown, shiftMinutes = 0): number[] {
  const out = new Array<number>(168).fill(0);
  const g = (group ?? {}) as { shifts?: unknown; headcount?: unknown; tier?: unknown };
  const shifts = Array.isArray(g.shifts) ? g.shifts : [];
  if (shifts.length === 0) {
    const n = typeof g.headcount === 'number' && Number.isFinite(g.headcount) ? Math.max(0, g.headcount) : 0;
    return out.fill(n);
  }
  for (const s of shifts as Array<Record<string, unknown>>) {
    const from = minutesOf(s?.from);
    const to = minutesOf(s?.to);
    const n = typeof s?.headcount === 'number' && Number.isFinite(s.headcount) ? Math.max(0, s.headcount) : 0;
    if (from === null || to === null || n === 0 || !Array.isArray(s.days)) continue;
    for (const day of s.days) {
      const d = DAY_INDEX[day as string];
      if (d === undefined) continue;
      const start = d * 1440 + from + shiftMinutes;
      const end = d * 1440 + (to > from ? to : to + 1440) + shiftMinutes;
      for (let t = Math.floor(start / 60) * 60; t < end; t += 60) {
        const covered = Math.min(end, t + 60) - Math.max(start, t);
        if (covered > 0) out[(((t / 60) % 168) + 168) % 168] += (n * covered) / 60;
      }
    }
  }
  return out;
}

/** Minutes of the UTC offset of `zone` at `at` (null for a zone the browser does not know). */
function utcOffsetMinutes(zone: string, at: Date): number | null {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
    return Number.isFinite(local) ? Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000) : null;
  } catch {
    return null;
  }
}

/**
 * The minutes to add to a local time in `groupZone` to get the same instant in `scenarioZone`, at
 * the local date-time `start` of the scenario (so a Singapore 07:00 shift shows at 18:00 the day
 * before in New York). 0 when either zone is unknown.
 */
export function zoneShiftMinutes(groupZone: string, scenarioZone: string, start: string): number {
  const at = new Date(`${/^\d{4}-\d{2}-\d{2}/.test(start) ? start.slice(0, 10) : '2026-01-05'}T12:00:00Z`);
  const group = utcOffsetMinutes(groupZone, at);
  const scenario = utcOffsetMinutes(scenarioZone, at);
  return group === null || scenario === null ? 0 : scenario - group;
}

/** One row per group, 168 hourly cells shaded by people rostered, with day labels. */
export function rosterStrip(rows: Array<{ name: string; values: number[] }>, width: number): SVGSVGElement {
  const labelWidth = Math.min(140, 16 + 7 * (d3.max(rows, (r) => r.name.length) ?? 4));
  const rowHeight = 18;
  const top = 4;
  const height = top + rows.length * rowHeight + 22;
  const cell = (width - labelWidth - 8) / 168;
  const max = d3.max(rows, (r) => d3.max(r.values) ?? 0) ?? 0;
  const colour = (v: number) => (v <= 0 ? '#f2f2f2' : d3.interpolateBlues(0.2 + 0.8 * Math.min(1, v / Math.max(1, max))));
  const svg = d3
    .select(document.createElementNS(SVG_NS, 'svg') as SVGSVGElement)
    .attr('class', 'roster-strip')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', `People rostered by hour of the week: ${rows.map((r) => `${r.name} up to ${Math.round(d3.max(r.values) ?? 0)}`).join(', ')}`);
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    svg.append('text').attr('x', labelWidth - 6).attr('y', y + rowHeight / 2).attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', INK).attr('font-size', 12).text(row.name);
    svg
      .append('g')
      .selectAll('rect')
      .data(row.values)
      .join('rect')
      .attr('x', (_, h) => labelWidth + h * cell)
      .attr('y', y + 1)
      .attr('width', Math.max(0.5, cell - 0.3))
      .attr('height', rowHeight - 3)
      .attr('fill', (v) => colour(v))
      .append('title')
      .text((v, h) => `${row.name}, ${formatHourOfWeek(h)}: ${v === 0 ? 'nobody rostered' : `${Number(v.toFixed(1))} rostered`}`);
  });
  const axisY = top + rows.length * rowHeight + 2;
  DAY_NAMES.forEach((day, d) => {
    svg.append('line').attr('x1', labelWidth + d * 24 * cell).attr('x2', labelWidth + d * 24 * cell).attr('y1', top).attr('y2', axisY + 4).attr('stroke', MUTED).attr('stroke-width', 0.6);
    svg.append('text').attr('x', labelWidth + (d * 24 + 12) * cell).attr('y', axisY + 13).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', INK).text(day);
  });
  return svg.node()!;
}

/** A stream's hour-of-week weights as a 7 x 24 grid (rows Mon..Sun), darker = busier; flat when absent. */
export function profileGrid(weights: unknown, label: string): SVGSVGElement {
  const values = Array.isArray(weights) && weights.length === 168 && weights.every((w) => typeof w === 'number' && Number.isFinite(w)) ? (weights as number[]) : new Array<number>(168).fill(1);
  const flat = values.every((v) => v === values[0]);
  const size = 4;
  const left = 24;
  const svg = d3
    .select(document.createElementNS(SVG_NS, 'svg') as SVGSVGElement)
    .attr('class', 'profile-grid')
    .attr('width', left + 24 * size + 2)
    .attr('height', 7 * size + 2)
    .attr('role', 'img');
  const max = d3.max(values) ?? 1;
  const peak = values.indexOf(max);
  const total = d3.sum(values);
  svg.attr('aria-label', flat ? `${label}: the same volume every hour` : `${label}: busiest ${formatHourOfWeek(peak)} (${((100 * max) / (total || 1)).toFixed(1)}% of the week)`);
  svg.append('title').text(flat ? 'Weekly profile: flat (every hour the same)' : `Weekly profile (rows Mon to Sun, columns 00 to 23 h): busiest ${formatHourOfWeek(peak)}`);
  svg.append('text').attr('x', 0).attr('y', 7 * size).attr('font-size', 9).attr('fill', MUTED).text(flat ? 'flat' : 'week');
  svg
    .append('g')
    .selectAll('rect')
    .data(values)
    .join('rect')
    .attr('x', (_, h) => left + (h % 24) * size)
    .attr('y', (_, h) => 1 + Math.floor(h / 24) * size)
    .attr('width', size - 0.4)
    .attr('height', size - 0.4)
    .attr('fill', (v) => d3.interpolateBlues(max > 0 ? 0.1 + 0.9 * (v / max) : 0.1));
  return svg.node()!;
}
