/** Occupancy by hour of the week: a row per group, 168 hourly cells (Monday 00:00 first). */
import * as d3 from 'd3';
import { CHAR_WIDTH, addTitle, axisLabel, createFrame, emptyMessage, styleAxis, weekAxis, type ChartOptions } from './common.js';
import { formatCi, formatHourOfWeek, formatNumber, formatPercent } from './format.js';
import { CLOSED, INK } from './palette.js';

export interface OccupancyRow {
  group: string;
  /** 168 shares in [0, 1], hour 0 = Monday 00:00–01:00; NaN where nobody is on duty. */
  values: number[];
  /** Agents on duty per hour (staffedByHourOfWeek): an hour with none is 'closed' even if its value is 0. */
  staffed?: number[];
  /** 95 % CI bounds per hour, for the tooltips. */
  lo?: number[];
  hi?: number[];
}

export interface HeatmapOptions extends ChartOptions {
  /** What the colour shows (default 'Occupancy'). */
  quantity?: string;
}

/** The hatch pattern of closed cells. Every heatmap defines the same pattern under this id. */
export const CLOSED_PATTERN_ID = 'supportsim-closed-hatch';

const HOURS = 168;

/** Viridis (perceptually uniform, colour-blind safe) from 0 % (dark purple) to 100 % (yellow). */
export function occupancyColour(share: number): string {
  return d3.interpolateViridis(Math.min(1, Math.max(0, share)));
}

/** Rows = groups, columns = the 168 hours of the week, viridis colour, closed hours hatched grey. */
export function occupancyHeatmap(data: readonly OccupancyRow[], options: HeatmapOptions = {}): SVGSVGElement {
  const quantity = options.quantity ?? 'Occupancy';
  const rows = data.map((row) => {
    const cells = d3.range(HOURS).map((h) => {
      const value = row.values[h];
      const staffed = row.staffed?.[h];
      const closed = value === undefined || value === null || !Number.isFinite(value) || (staffed !== undefined && !(staffed > 0));
      return { group: row.group, h, value, staffed, lo: row.lo?.[h], hi: row.hi?.[h], closed };
    });
    const open = cells.filter((c) => !c.closed);
    const peak = open.reduce<(typeof cells)[number] | undefined>((a, b) => (!a || b.value > a.value ? b : a), undefined);
    return { group: row.group, cells, open: open.length, mean: d3.mean(open, (c) => c.value) ?? NaN, peak };
  });
  const description =
    `${quantity} heatmap by hour of the week (Monday 00:00 first) for ${rows.length} group${rows.length === 1 ? '' : 's'}: ` +
    rows
      .map((r) => `${r.group} open ${r.open} of 168 hours, mean ${formatPercent(r.mean, 0)}${r.peak ? `, peak ${formatPercent(r.peak.value, 0)} ${formatHourOfWeek(r.peak.h)}` : ''}`)
      .join('; ') +
    '. Colour from dark purple (0 %) to yellow (100 %); closed hours hatched grey.';
  const frame = createFrame(options, 'occupancy-heatmap', description);
  if (rows.length === 0) return emptyMessage(frame, 'No groups to show');
  const { svg, width, height } = frame;

  const longestName = d3.max(rows, (r) => r.group.length) ?? 0;
  const margin = { top: 34, right: 12, bottom: 46, left: Math.min(width * 0.3, Math.max(40, longestName * CHAR_WIDTH + 14)) };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = Math.max(20, height - margin.top - margin.bottom);
  const rowHeight = Math.min(56, innerHeight / rows.length);
  const plotHeight = rowHeight * rows.length;
  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);

  const defs = svg.append('defs');
  const pattern = defs
    .append('pattern')
    .attr('id', CLOSED_PATTERN_ID)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternTransform', 'rotate(45)');
  pattern.append('rect').attr('width', 6).attr('height', 6).attr('fill', CLOSED);
  pattern.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', '#a6a6a6').attr('stroke-width', 2.5);
  // A missing pattern (another chart's, hidden) falls back to plain grey.
  const closedFill = `url(#${CLOSED_PATTERN_ID}) ${CLOSED}`;

  const x = d3.scaleLinear().domain([0, HOURS]).range([0, innerWidth]);
  const y = d3
    .scaleBand<string>()
    .domain(rows.map((r, i) => `${i}`))
    .range([0, plotHeight])
    .paddingInner(0.08);

  const groups = plot
    .append('g')
    .attr('class', 'cells')
    .selectAll('g')
    .data(rows)
    .join('g')
    .attr('class', 'row')
    .attr('transform', (_, i) => `translate(0,${y(`${i}`)})`);
  const cells = groups
    .selectAll('rect')
    .data((r) => r.cells)
    .join('rect')
    .attr('class', (c) => (c.closed ? 'cell closed' : 'cell'))
    .attr('x', (c) => x(c.h))
    .attr('width', (c) => x(c.h + 1) - x(c.h) + 0.4)
    .attr('height', y.bandwidth())
    .attr('shape-rendering', 'crispEdges')
    .attr('fill', (c) => (c.closed ? closedFill : occupancyColour(c.value)));
  addTitle(cells, (c) => {
    const when = `${c.group}, ${formatHourOfWeek(c.h)}`;
    if (c.closed) return `${when}: closed (no agents on duty)`;
    const ci = c.lo !== undefined && c.hi !== undefined ? ` ${formatCi(Math.max(0, c.lo), Math.min(1, c.hi), (v) => formatPercent(v, 0))}` : '';
    const staff = c.staffed !== undefined ? `; ${formatNumber(c.staffed)} agents on duty` : '';
    return `${when}: ${quantity.toLowerCase()} ${formatPercent(c.value, 0)}${ci}${staff}`;
  });

  // Day boundaries as white separators across the rows.
  plot
    .append('g')
    .attr('class', 'day-separators')
    .attr('aria-hidden', 'true')
    .selectAll('line')
    .data(d3.range(24, HOURS, 24))
    .join('line')
    .attr('x1', (h) => x(h))
    .attr('x2', (h) => x(h))
    .attr('y1', 0)
    .attr('y2', plotHeight)
    .attr('stroke', '#ffffff')
    .attr('stroke-width', 1.5);

  const yAxis = plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(
      d3
        .axisLeft(y)
        .tickSize(0)
        .tickPadding(6)
        .tickFormat((i) => rows[Number(i)].group),
    );
  styleAxis(yAxis);
  yAxis.select('.domain').remove();
  weekAxis(plot, x, plotHeight);
  axisLabel(svg, 'Hour of the week (days from Monday 00:00)', 'bottom', margin.left + innerWidth / 2, margin.top + plotHeight + 40);

  // Legend: a colour bar from 0 to 100 % and the closed swatch.
  const legend = svg.append('g').attr('class', 'legend colour-legend').attr('transform', `translate(${margin.left},8)`);
  legend.append('title').text(`${quantity}: 0 % dark purple to 100 % yellow (viridis); hatched grey: closed, no agents on duty`);
  legend.append('text').attr('y', 9).attr('dy', '0.35em').attr('fill', INK).text(quantity);
  const barX = quantity.length * CHAR_WIDTH + 42;
  const barWidth = Math.min(180, innerWidth * 0.4);
  legend.append('text').attr('x', barX - 4).attr('y', 9).attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', INK).text('0 %');
  legend
    .append('g')
    .attr('class', 'colour-bar')
    .selectAll('rect')
    .data(d3.range(40))
    .join('rect')
    .attr('x', (i) => barX + (i * barWidth) / 40)
    .attr('y', 3)
    .attr('width', barWidth / 40 + 0.5)
    .attr('height', 12)
    .attr('shape-rendering', 'crispEdges')
    .attr('fill', (i) => occupancyColour((i + 0.5) / 40));
  legend.append('text').attr('x', barX + barWidth + 4).attr('y', 9).attr('dy', '0.35em').attr('fill', INK).text('100 %');
  const closedX = barX + barWidth + 54;
  legend.append('rect').attr('class', 'closed-swatch').attr('x', closedX).attr('y', 3).attr('width', 18).attr('height', 12).attr('fill', closedFill).attr('stroke', '#999');
  legend.append('text').attr('x', closedX + 24).attr('y', 9).attr('dy', '0.35em').attr('fill', INK).text('closed');

  return svg.node()!;
}
