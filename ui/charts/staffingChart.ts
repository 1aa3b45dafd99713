/** Staffing against demand by hour of the week: stacked agents per group, arrivals on a second axis. */
import * as d3 from 'd3';
import {
  addTitle,
  axisLabel,
  createFrame,
  drawLegend,
  emptyMessage,
  gridLines,
  hoverColumns,
  legendHeight,
  styleAxis,
  weekAxis,
  type ChartOptions,
  type LegendItem,
} from './common.js';
import { formatHourOfWeek, formatNumber } from './format.js';
import { INK, scenarioColour } from './palette.js';

export interface StaffingDemandData {
  /** 168 values, tickets arriving an hour, hour 0 = Monday 00:00–01:00. */
  arrivals: number[];
  /** Per group, 168 values: mean agents on duty in that hour. */
  staffed: Array<{ group: string; values: number[] }>;
}

export interface StaffingChartOptions extends ChartOptions {
  /** Name of the demand line (default 'Demand'). */
  demandLabel?: string;
}

const HOURS = 168;
const num = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : 0);

/** Stacked areas of agents on duty per group, against arrivals (line, right axis, tickets/hour). */
export function staffingDemandChart(data: StaffingDemandData, options: StaffingChartOptions = {}): SVGSVGElement {
  const demandLabel = options.demandLabel ?? 'Demand';
  const groups = data.staffed.map((g, i) => ({ ...g, colour: scenarioColour(i), key: `${i}` }));
  const hours = d3.range(HOURS);
  const table = hours.map((h) => Object.fromEntries(groups.map((g) => [g.key, num(g.values[h])])) as Record<string, number>);
  const totals = table.map((row) => d3.sum(Object.values(row)));
  const arrivals = hours.map((h) => num(data.arrivals[h]));
  const peakHour = (values: number[]) => values.reduce((best, v, h) => (v > values[best] ? h : best), 0);
  const staffPeak = peakHour(totals);
  const demandPeak = peakHour(arrivals);
  const description =
    `Staffing against demand by hour of the week (Monday 00:00 first): agents on duty stacked by group ` +
    `(${groups.map((g) => `${g.group} mean ${formatNumber(d3.mean(hours, (h) => table[h][g.key]) ?? 0)}`).join(', ')}; ` +
    `total peak ${formatNumber(totals[staffPeak])} agents ${formatHourOfWeek(staffPeak)}) and ${demandLabel.toLowerCase()} in tickets per hour ` +
    `(mean ${formatNumber(d3.mean(arrivals) ?? 0)}, peak ${formatNumber(arrivals[demandPeak])} ${formatHourOfWeek(demandPeak)}) on the right axis.`;
  const frame = createFrame(options, 'staffing-chart', description);
  if (groups.length === 0 && arrivals.every((a) => a === 0)) return emptyMessage(frame, 'No staffing or demand to show');
  const { svg, width, height } = frame;

  const legendItems: LegendItem[] = [
    ...groups.map((g) => ({ label: g.group, colour: g.colour, kind: 'rect' as const, opacity: 0.8, title: `${g.group}: agents on duty (left axis)` })),
    { label: `${demandLabel} (tickets/h)`, colour: INK, kind: 'line', title: `${demandLabel}: tickets arriving per hour (right axis)` },
  ];
  const margin = { top: 10 + legendHeight(legendItems, width - 70), right: 56, bottom: 46, left: 56 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = Math.max(40, height - margin.top - margin.bottom);
  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);

  const x = d3.scaleLinear().domain([0, HOURS]).range([0, innerWidth]);
  const yStaff = d3.scaleLinear().domain([0, Math.max(1, d3.max(totals) ?? 0)]).nice().range([innerHeight, 0]);
  const yDemand = d3.scaleLinear().domain([0, Math.max(1, d3.max(arrivals) ?? 0)]).nice().range([innerHeight, 0]);
  const staffTicks = yStaff.ticks(5);
  gridLines(plot, staffTicks, yStaff, innerWidth);

  // Step areas: hour h covers [h, h + 1), so the last hour is repeated at 168.
  const stacked = d3.stack<Record<string, number>>().keys(groups.map((g) => g.key))(table);
  const area = d3
    .area<d3.SeriesPoint<Record<string, number>>>()
    .x((_, i) => x(i))
    .y0((d) => yStaff(d[0]))
    .y1((d) => yStaff(d[1]))
    .curve(d3.curveStepAfter);
  const areas = plot
    .append('g')
    .attr('class', 'areas')
    .selectAll('path')
    .data(stacked)
    .join('path')
    .attr('class', 'staff-area')
    .attr('fill', (_, i) => groups[i].colour)
    .attr('fill-opacity', 0.8)
    .attr('stroke', (_, i) => groups[i].colour)
    .attr('stroke-width', 0.75)
    .attr('d', (s) => area([...s, s[s.length - 1]]) ?? '');
  addTitle(areas, (_, i) => {
    const g = groups[i];
    const values = hours.map((h) => table[h][g.key]);
    const peak = peakHour(values);
    return `${g.group}: mean ${formatNumber(d3.mean(values) ?? 0)} agents on duty, peak ${formatNumber(values[peak])} agents ${formatHourOfWeek(peak)}`;
  });

  const demandPoints = [...arrivals, arrivals[HOURS - 1]];
  const demandLine = d3
    .line<number>()
    .x((_, i) => x(i))
    .y((v) => yDemand(v))
    .curve(d3.curveStepAfter);
  const demand = plot.append('g').attr('class', 'demand');
  demand
    .append('path')
    .attr('class', 'demand-halo')
    .attr('fill', 'none')
    .attr('stroke', '#ffffff')
    .attr('stroke-width', 4)
    .attr('stroke-opacity', 0.85)
    .attr('d', demandLine(demandPoints) ?? '');
  demand
    .append('path')
    .attr('class', 'demand-line')
    .attr('fill', 'none')
    .attr('stroke', INK)
    .attr('stroke-width', 1.75)
    .attr('d', demandLine(demandPoints) ?? '')
    .append('title')
    .text(`${demandLabel}: mean ${formatNumber(d3.mean(arrivals) ?? 0)} tickets/hour, peak ${formatNumber(arrivals[demandPeak])} tickets/hour ${formatHourOfWeek(demandPeak)}`);

  weekAxis(plot, x, innerHeight);
  const yAxis = plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(d3.axisLeft(yStaff).tickValues(staffTicks).tickFormat((v) => formatNumber(Number(v))));
  styleAxis(yAxis);
  const y2Axis = plot
    .append('g')
    .attr('class', 'axis axis-y2')
    .attr('transform', `translate(${innerWidth},0)`)
    .call(d3.axisRight(yDemand).ticks(5).tickFormat((v) => formatNumber(Number(v))));
  styleAxis(y2Axis);
  axisLabel(svg, 'Agents on duty', 'left', 15, margin.top + innerHeight / 2);
  axisLabel(svg, `${demandLabel} (tickets/hour)`, 'right', width - 12, margin.top + innerHeight / 2);
  axisLabel(svg, 'Hour of the week (days from Monday 00:00)', 'bottom', margin.left + innerWidth / 2, height - 8);

  hoverColumns(
    plot,
    hours.map((h) => [x(h), x(h + 1)]),
    innerHeight,
    (h) =>
      [
        formatHourOfWeek(h),
        `${demandLabel}: ${formatNumber(arrivals[h])} tickets/hour`,
        ...groups.map((g) => `${g.group}: ${formatNumber(table[h][g.key])} agents on duty`),
        `Total: ${formatNumber(totals[h])} agents on duty`,
      ].join('\n'),
  );

  drawLegend(svg, legendItems, margin.left, 6, width - margin.left - 20);
  return svg.node()!;
}
