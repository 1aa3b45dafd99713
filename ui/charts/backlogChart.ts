/** Backlog over time: mean line with a 95 % CI band per scenario, x in days since the measured start. */
import * as d3 from 'd3';
import {
  addTitle,
  axisLabel,
  createFrame,
  drawLegend,
  emptyMessage,
  finiteMax,
  gridLines,
  hoverColumns,
  legendHeight,
  styleAxis,
  type ChartOptions,
  type LegendItem,
} from './common.js';
import { formatCi, formatElapsedDays, formatNumber } from './format.js';
import { scenarioColour } from './palette.js';

export interface BacklogSeries {
  scenario: string;
  /** Minutes between points; point i is the level at i × stepMinutes after the measured start. */
  stepMinutes: number;
  mean: number[];
  lo: number[];
  hi: number[];
}

export interface BacklogChartOptions extends ChartOptions {
  /** What day 0 is, for the x axis title: 'Days since <startLabel>' (default 'the measured start'). */
  startLabel?: string;
  /** Title of the y axis (default 'Open tickets'). */
  yLabel?: string;
  /** Unit of the values in tooltips (default 'open tickets'). */
  unit?: string;
}

/** Most hover columns drawn; longer series share a column between several points. */
const MAX_COLUMNS = 700;

/** Lines of the mean backlog with their 95 % CI band (area), one per scenario. */
export function backlogChart(data: readonly BacklogSeries[], options: BacklogChartOptions = {}): SVGSVGElement {
  const unit = options.unit ?? 'open tickets';
  const series = data.map((d, i) => {
    const n = d.mean.length;
    const step = d.stepMinutes > 0 ? d.stepMinutes : 60;
    const points = d3.range(n).map((j) => ({ day: (j * step) / 1440, mean: d.mean[j], lo: d.lo[j] ?? NaN, hi: d.hi[j] ?? NaN }));
    const peak = points.reduce<(typeof points)[number] | undefined>((a, b) => (Number.isFinite(b.mean) && (!a || b.mean > a.mean) ? b : a), undefined);
    return { ...d, step, colour: scenarioColour(i), points, peak, average: d3.mean(points, (p) => (Number.isFinite(p.mean) ? p.mean : undefined)) ?? NaN };
  });
  const lastDay = d3.max(series, (s) => (s.points.length * s.step) / 1440) ?? 0;
  const description =
    `Backlog (${unit}) over ${formatNumber(lastDay)} days since ${options.startLabel ?? 'the measured start'}, mean with 95 % confidence band, for ` +
    `${series.length} scenario${series.length === 1 ? '' : 's'}: ` +
    series
      .map((s) => `${s.scenario} (average ${formatNumber(s.average)}${s.peak ? `, peak ${formatNumber(s.peak.mean)} at ${formatElapsedDays(s.peak.day)}` : ''})`)
      .join('; ') +
    '.';
  const frame = createFrame(options, 'backlog-chart', description);
  if (series.every((s) => s.points.length === 0)) return emptyMessage(frame, 'No backlog series');
  const { svg, width, height } = frame;

  const legendItems: LegendItem[] =
    series.length > 1
      ? series.map((s) => ({ label: s.scenario, colour: s.colour, kind: 'line' as const, title: `${s.scenario}: mean and 95 % CI band` }))
      : [];
  const margin = { top: 10 + legendHeight(legendItems, width - 70), right: 18, bottom: 44, left: 58 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = Math.max(40, height - margin.top - margin.bottom);
  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);

  const x = d3.scaleLinear().domain([0, Math.max(lastDay, 1 / 24)]).range([0, innerWidth]);
  const yMax = finiteMax(series.flatMap((s) => s.points.flatMap((p) => [p.mean, p.hi])), 1);
  const y = d3.scaleLinear().domain([0, Math.max(yMax, 1)]).nice().range([innerHeight, 0]);
  const yTicks = y.ticks(5);
  gridLines(plot, yTicks, y, innerWidth);
  const dayTicks = lastDay <= 21 ? d3.range(0, Math.floor(lastDay) + 1, lastDay <= 10 ? 1 : 2) : x.ticks(Math.max(2, Math.floor(innerWidth / 60)));
  const xAxis = plot
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${innerHeight})`)
    .call(d3.axisBottom(x).tickValues(dayTicks).tickFormat((v) => formatNumber(Number(v))));
  styleAxis(xAxis);
  const yAxis = plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(d3.axisLeft(y).tickValues(yTicks).tickFormat((v) => formatNumber(Number(v))));
  styleAxis(yAxis);
  axisLabel(svg, `Days since ${options.startLabel ?? 'the measured start'}`, 'bottom', margin.left + innerWidth / 2, height - 8);
  axisLabel(svg, options.yLabel ?? 'Open tickets', 'left', 15, margin.top + innerHeight / 2);

  type Point = (typeof series)[number]['points'][number];
  const area = d3
    .area<Point>()
    .defined((p) => Number.isFinite(p.lo) && Number.isFinite(p.hi))
    .x((p) => x(p.day))
    .y0((p) => y(Math.max(0, p.lo)))
    .y1((p) => y(p.hi));
  const line = d3
    .line<Point>()
    .defined((p) => Number.isFinite(p.mean))
    .x((p) => x(p.day))
    .y((p) => y(p.mean));

  const bands = plot
    .append('g')
    .attr('class', 'bands')
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('class', 'band')
    .attr('fill', (s) => s.colour)
    .attr('fill-opacity', 0.22)
    .attr('stroke', 'none')
    .attr('d', (s) => area(s.points) ?? '');
  addTitle(bands, (s) => `${s.scenario}: 95 % confidence band of the backlog (${unit})`);
  const lines = plot
    .append('g')
    .attr('class', 'lines')
    .selectAll('path')
    .data(series)
    .join('path')
    .attr('class', 'line')
    .attr('fill', 'none')
    .attr('stroke', (s) => s.colour)
    .attr('stroke-width', 1.75)
    .attr('stroke-linejoin', 'round')
    .attr('d', (s) => line(s.points) ?? '');
  addTitle(
    lines,
    (s) => `${s.scenario}: mean backlog ${formatNumber(s.average)} ${unit}` + (s.peak ? `, peak ${formatNumber(s.peak.mean)} ${formatCi(s.peak.lo, s.peak.hi, formatNumber)} at ${formatElapsedDays(s.peak.day)}` : ''),
  );

  // Hover columns on the longest series' steps: every scenario's value (with CI) at that time.
  const longest = series.reduce((a, b) => (b.points.length * b.step > a.points.length * a.step ? b : a));
  const stride = Math.max(1, Math.ceil(longest.points.length / MAX_COLUMNS));
  const columnDays = d3.range(0, longest.points.length, stride).map((j) => longest.points[j].day);
  const stepDays = (longest.step * stride) / 1440;
  const valueAt = (s: (typeof series)[number], day: number) => s.points[Math.round((day * 1440) / s.step)];
  hoverColumns(
    plot,
    columnDays.map((d) => [x(d - stepDays / 2 < 0 ? 0 : d - stepDays / 2), x(Math.min(lastDay, d + stepDays / 2))]),
    innerHeight,
    (i) => {
      const day = columnDays[i];
      const lines = series.map((s) => {
        const p = valueAt(s, day);
        return p && Number.isFinite(p.mean) ? `${s.scenario}: ${formatNumber(p.mean)} ${unit} ${formatCi(p.lo, p.hi, formatNumber)}` : `${s.scenario}: –`;
      });
      return [`${formatElapsedDays(day)} after ${options.startLabel ?? 'the measured start'}`, ...lines].join('\n');
    },
  );

  drawLegend(svg, legendItems, margin.left, 6, width - margin.left - 20);
  return svg.node()!;
}
