/** SLA compliance: grouped bars per measure and scenario, 95 % CI whiskers, dashed targets. */
import * as d3 from 'd3';
import {
  CHAR_WIDTH,
  LINE_HEIGHT,
  addTitle,
  axisLabel,
  createFrame,
  drawLegend,
  emptyMessage,
  gridLines,
  legendHeight,
  listNames,
  styleAxis,
  uniqueInOrder,
  type ChartOptions,
  type LegendItem,
} from './common.js';
import { formatCi, formatPercent } from './format.js';
import { INK, scenarioColour } from './palette.js';

export interface SlaDatum {
  /** The measure, e.g. 'acknowledge P2'. */
  label: string;
  scenario: string;
  /** Share of tickets within the SLA target, in [0, 1] (0..100 with `percent: true`), and its 95 % CI. */
  mean: number;
  lo: number;
  hi: number;
  /** Required share, e.g. 0.95: drawn as a dashed line over the measure. */
  target?: number;
}

export interface SlaChartOptions extends ChartOptions {
  /** The values are percentages (0..100) rather than shares (0..1). */
  percent?: boolean;
  /** Title of the y axis (default 'Tickets within SLA (%)'). */
  yLabel?: string;
  /** Title of the x axis (default 'SLA clock and priority'; '' for none). */
  xLabel?: string;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Grouped bars of SLA compliance (0–100 %) per label and scenario, CI whiskers and dashed targets. */
export function slaComplianceChart(data: readonly SlaDatum[], options: SlaChartOptions = {}): SVGSVGElement {
  const k = options.percent ? 0.01 : 1;
  const rows = data.map((d) => ({
    ...d,
    mean: d.mean * k,
    lo: d.lo * k,
    hi: d.hi * k,
    target: d.target === undefined ? undefined : d.target * k,
  }));
  const labels = uniqueInOrder(rows.map((d) => d.label));
  const scenarios = uniqueInOrder(rows.map((d) => d.scenario));
  const colour = (s: string) => scenarioColour(scenarios.indexOf(s));
  const hasTarget = rows.some((d) => d.target !== undefined && Number.isFinite(d.target));
  const measured = rows.filter((d) => Number.isFinite(d.mean));
  const worst = measured.reduce<(typeof rows)[number] | undefined>((w, d) => (w === undefined || d.mean < w.mean ? d : w), undefined);
  const description =
    `SLA compliance: share of tickets within target for ${labels.length} measure${labels.length === 1 ? '' : 's'} ` +
    `(${listNames(labels.slice(0, 4))}${labels.length > 4 ? ', …' : ''}) and ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} ` +
    `(${listNames(scenarios)}), with 95 % confidence whiskers${hasTarget ? ' and dashed target lines' : ''}.` +
    (worst ? ` Lowest: ${worst.label}, ${worst.scenario}, ${formatPercent(worst.mean)}.` : '');
  const frame = createFrame(options, 'sla-chart', description);
  if (rows.length === 0) return emptyMessage(frame, 'No SLA measures');
  const { svg, width, height } = frame;

  const legendItems: LegendItem[] = [];
  if (scenarios.length > 1) for (const s of scenarios) legendItems.push({ label: s, colour: colour(s), kind: 'rect' });
  if (scenarios.length > 1 || hasTarget) {
    legendItems.push({ label: '95 % CI', colour: INK, kind: 'whisker', title: '95 % confidence interval of the mean' });
    if (hasTarget) legendItems.push({ label: 'Target', colour: INK, kind: 'dashed', title: 'Required share of tickets within SLA' });
  }
  const xLabel = options.xLabel ?? 'SLA clock and priority';
  const margin = { top: 8 + legendHeight(legendItems, width - 60), right: 14, bottom: 0, left: 58 };
  let innerWidth = width - margin.left - margin.right;

  // Tick labels: one line if they fit their band, else wrapped at spaces, else rotated (and cut).
  const band = innerWidth / labels.length;
  const longest = d3.max(labels, (l) => l.length) ?? 0;
  const longestWord = d3.max(labels, (l) => d3.max(l.split(/\s+/), (w) => w.length) ?? 0) ?? 0;
  const wrap = (label: string): string[] => {
    const lines: string[] = [];
    for (const word of label.split(/\s+/)) {
      const last = lines.length - 1;
      if (last >= 0 && (lines[last].length + 1 + word.length) * CHAR_WIDTH <= band - 4) lines[last] += ` ${word}`;
      else lines.push(word);
    }
    return lines;
  };
  const maxLines = d3.max(labels, (l) => wrap(l).length) ?? 1;
  const mode = longest * CHAR_WIDTH <= band - 4 ? 'flat' : longestWord * CHAR_WIDTH <= band - 4 && maxLines <= 3 ? 'wrap' : 'rotate';
  const angle = 40;
  const sin = Math.sin((angle * Math.PI) / 180);
  const maxRotatedChars = Math.max(4, Math.floor((height * 0.38 - 20) / (sin * CHAR_WIDTH)));
  const cut = (l: string) => (l.length > maxRotatedChars ? `${l.slice(0, maxRotatedChars - 1)}…` : l);
  const tickLabelHeight =
    mode === 'flat'
      ? LINE_HEIGHT
      : mode === 'wrap'
        ? maxLines * LINE_HEIGHT
        : sin * Math.min(longest, maxRotatedChars) * CHAR_WIDTH + 12;
  margin.bottom = 10 + tickLabelHeight + (xLabel ? 20 : 4);
  if (mode === 'rotate') {
    // Room on the left for the first rotated label.
    const extent = Math.cos((angle * Math.PI) / 180) * Math.min(labels[0].length, maxRotatedChars) * CHAR_WIDTH;
    const step = innerWidth / (labels.length - 0.25 + 2 * 0.12);
    const anchor = margin.left + 0.12 * step + (0.75 * step) / 2 - 3;
    if (extent + 4 > anchor) {
      margin.left += extent + 4 - anchor;
      innerWidth = width - margin.left - margin.right;
    }
  }
  const innerHeight = Math.max(40, height - margin.top - margin.bottom);

  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  const y = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0]);
  const x0 = d3.scaleBand<string>().domain(labels).range([0, innerWidth]).paddingInner(0.25).paddingOuter(0.12);
  const groupWidth = Math.min(x0.bandwidth(), scenarios.length * 52);
  const x1 = d3
    .scaleBand<string>()
    .domain(scenarios)
    .range([(x0.bandwidth() - groupWidth) / 2, (x0.bandwidth() + groupWidth) / 2])
    .padding(scenarios.length > 1 ? 0.12 : 0);
  const barX = (d: { label: string; scenario: string }) => (x0(d.label) ?? 0) + (x1(d.scenario) ?? 0);
  const barMid = (d: { label: string; scenario: string }) => barX(d) + x1.bandwidth() / 2;

  const yTicks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  gridLines(plot, yTicks, y, innerWidth);
  const yAxis = plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(d3.axisLeft(y).tickValues(yTicks).tickFormat((v) => formatPercent(Number(v), 0)));
  styleAxis(yAxis);
  axisLabel(svg, options.yLabel ?? 'Tickets within SLA (%)', 'left', 15, margin.top + innerHeight / 2);

  const xAxis = plot
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${innerHeight})`)
    .call(d3.axisBottom(x0).tickSizeOuter(0));
  styleAxis(xAxis);
  xAxis.selectAll<SVGTextElement, string>('.tick text').each(function (label) {
    const text = d3.select(this).text('');
    text.append('title').text(label);
    if (mode === 'rotate') {
      text.attr('text-anchor', 'end').attr('transform', `translate(-3,2) rotate(-${angle})`).attr('dy', '0.6em');
      text.append('tspan').text(cut(label));
    } else {
      wrap(label).forEach((line, i) => {
        text.append('tspan').attr('x', 0).attr('dy', i === 0 ? '0.71em' : `${LINE_HEIGHT}px`).text(line);
      });
      text.attr('dy', null);
    }
  });
  axisLabel(svg, xLabel, 'bottom', margin.left + innerWidth / 2, height - 6);

  const percentCi = (d: { lo: number; hi: number }) => formatCi(clamp01(d.lo), clamp01(d.hi), (v) => formatPercent(v));
  const bars = plot
    .append('g')
    .attr('class', 'bars')
    .selectAll('rect')
    .data(measured)
    .join('rect')
    .attr('class', 'bar')
    .attr('x', barX)
    .attr('width', x1.bandwidth())
    .attr('y', (d) => y(clamp01(d.mean)))
    .attr('height', (d) => innerHeight - y(clamp01(d.mean)))
    .attr('fill', (d) => colour(d.scenario))
    .attr('fill-opacity', 0.85);
  addTitle(bars, (d) => `${d.label} · ${d.scenario}: ${formatPercent(d.mean)} of tickets within SLA ${percentCi(d)}` + (d.target !== undefined ? `; target ${formatPercent(d.target)}` : ''));

  const withCi = measured.filter((d) => Number.isFinite(d.lo) && Number.isFinite(d.hi));
  const cap = Math.min(10, Math.max(4, x1.bandwidth() * 0.5));
  const whiskers = plot.append('g').attr('class', 'whiskers').selectAll('g').data(withCi).join('g').attr('class', 'whisker-group');
  addTitle(whiskers, (d) => `${d.label} · ${d.scenario}: 95 % CI ${formatPercent(clamp01(d.lo))}–${formatPercent(clamp01(d.hi))} (mean ${formatPercent(d.mean)})`);
  for (const [cls, y1, y2, half] of [
    ['whisker-halo', (d: SlaDatum) => y(clamp01(d.hi)), (d: SlaDatum) => y(clamp01(d.lo)), 0],
    ['whisker', (d: SlaDatum) => y(clamp01(d.hi)), (d: SlaDatum) => y(clamp01(d.lo)), 0],
    ['whisker-cap whisker-cap-hi', (d: SlaDatum) => y(clamp01(d.hi)), (d: SlaDatum) => y(clamp01(d.hi)), cap / 2],
    ['whisker-cap whisker-cap-lo', (d: SlaDatum) => y(clamp01(d.lo)), (d: SlaDatum) => y(clamp01(d.lo)), cap / 2],
  ] as const) {
    whiskers
      .append('line')
      .attr('class', cls)
      .attr('x1', (d) => barMid(d) - half)
      .attr('x2', (d) => barMid(d) + half)
      .attr('y1', y1)
      .attr('y2', y2)
      .attr('stroke', cls === 'whisker-halo' ? '#ffffff' : INK)
      .attr('stroke-width', cls === 'whisker-halo' ? 3.5 : 1.5)
      .attr('stroke-opacity', cls === 'whisker-halo' ? 0.8 : 1);
  }

  // One dashed line per label and target; across the whole group when the scenarios agree.
  const targets: Array<{ label: string; target: number; x1: number; x2: number; scenario?: string }> = [];
  for (const label of labels) {
    const own = rows.filter((d) => d.label === label && d.target !== undefined && Number.isFinite(d.target));
    const distinct = uniqueInOrder(own.map((d) => d.target as number));
    const left = x0(label) ?? 0;
    if (distinct.length === 1) {
      const inner = x1.range();
      targets.push({ label, target: distinct[0], x1: left + inner[0] - 4, x2: left + inner[1] + 4 });
    } else {
      for (const d of own) targets.push({ label, target: d.target as number, x1: barX(d) - 2, x2: barX(d) + x1.bandwidth() + 2, scenario: d.scenario });
    }
  }
  const targetLines = plot
    .append('g')
    .attr('class', 'targets')
    .selectAll('line')
    .data(targets)
    .join('line')
    .attr('class', 'target')
    .attr('x1', (d) => d.x1)
    .attr('x2', (d) => d.x2)
    .attr('y1', (d) => y(clamp01(d.target)))
    .attr('y2', (d) => y(clamp01(d.target)))
    .attr('stroke', INK)
    .attr('stroke-width', 2)
    .attr('stroke-dasharray', '5 3');
  addTitle(targetLines, (d) => `Target for ${d.label}${d.scenario ? ` (${d.scenario})` : ''}: ${formatPercent(d.target)} of tickets within SLA`);

  drawLegend(svg, legendItems, margin.left, 6, width - margin.left - margin.right);
  return svg.node()!;
}
