/**
 * Cost against safety: one dot per roster (cost per week across, the safety margin of its weakest
 * SLA target up: that target's CI low end minus its required share), the plan highlighted, today's
 * roster and the Erlang start as reference marks, and the goal (a margin of zero) as a dashed line.
 */
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
  styleAxis,
  type ChartOptions,
  type LegendItem,
} from './common.js';
import { formatNumber } from './format.js';
import { INK, MUTED, OKABE_ITO } from './palette.js';

export interface TradeoffDatum {
  /** Cost of the roster per week. */
  cost: number;
  /** The weakest target's CI low end minus its required share (0.012 = 1.2 points); >= 0 when every target is met. */
  margin: number;
  /** Every target met at the stated confidence. */
  met: boolean;
  /** 'plan' is highlighted and labelled; 'today' and 'erlang' are labelled reference rosters. */
  kind: 'roster' | 'plan' | 'today' | 'erlang';
  /** The dot's tooltip. */
  title?: string;
}

export interface TradeoffChartOptions extends ChartOptions {
  /** Title of the x axis (default 'Cost per week'). */
  xLabel?: string;
  /** Title of the y axis (default 'Weakest target: CI low end − goal'). */
  yLabel?: string;
  /** Format of a cost (default: whole numbers with thousands separators). */
  formatCost?: (cost: number) => string;
}

const COLOURS = {
  met: OKABE_ITO.blue,
  unmet: OKABE_ITO.vermillion,
  plan: OKABE_ITO.orange,
  today: INK,
  erlang: OKABE_ITO.reddishPurple,
} as const;

const LABELS: Record<Exclude<TradeoffDatum['kind'], 'roster'>, string> = { plan: 'the plan', today: 'today', erlang: 'Erlang start' };

/** Points, signed: '+1.2 pts', '−30 pts'. */
function points(margin: number, digits = 1): string {
  const v = margin * 100;
  const text = Math.abs(v) >= 10 || digits === 0 ? Math.abs(v).toFixed(0) : Math.abs(v).toFixed(digits);
  const zero = Number(text) === 0;
  return `${zero ? '' : v > 0 ? '+' : '−'}${text} pts`;
}

export function tradeoffChart(data: readonly TradeoffDatum[], options: TradeoffChartOptions = {}): SVGSVGElement {
  const money = options.formatCost ?? ((x: number) => Math.round(x).toLocaleString('en-US'));
  const rows = data.filter((d) => Number.isFinite(d.cost) && Number.isFinite(d.margin));
  const plan = rows.find((d) => d.kind === 'plan');
  const description =
    `Cost against safety: ${rows.filter((d) => d.kind === 'roster' || d.kind === 'plan').length} rosters, cost per week against the margin of the weakest SLA target (its confidence interval's low end minus its goal).` +
    (plan ? ` The plan costs ${money(plan.cost)} a week with a margin of ${points(plan.margin)}.` : '');
  const frame = createFrame(options, 'tradeoff-chart', options.ariaLabel ?? description);
  if (rows.length === 0) return emptyMessage(frame, 'No rosters to show');
  const { svg, width, height } = frame;

  const kinds = new Set(rows.map((d) => d.kind));
  const legendItems: LegendItem[] = [];
  if (rows.some((d) => d.kind === 'roster' && d.met)) legendItems.push({ label: 'every target met', colour: COLOURS.met, kind: 'dot' });
  if (rows.some((d) => d.kind === 'roster' && !d.met)) legendItems.push({ label: 'some target missed', colour: COLOURS.unmet, kind: 'dot', title: 'A roster with some target not shown to be met' });
  if (kinds.has('plan')) legendItems.push({ label: 'the plan', colour: COLOURS.plan, kind: 'dot' });
  legendItems.push({ label: 'goal (margin 0)', colour: INK, kind: 'dashed', title: 'Above the line, the weakest target’s CI low end reaches its required share' });

  const yLabel = options.yLabel ?? 'Weakest target: CI low end − goal';
  const xLabel = options.xLabel ?? 'Cost per week';
  const margin = { top: 10 + legendHeight(legendItems, width - 80), right: 24, bottom: 46, left: 82 };
  const innerWidth = Math.max(60, width - margin.left - margin.right);
  const innerHeight = Math.max(40, height - margin.top - margin.bottom);

  const costs = rows.map((d) => d.cost);
  const [c0, c1] = [d3.min(costs) as number, d3.max(costs) as number];
  const padX = Math.max((c1 - c0) * 0.06, c1 * 0.02, 1);
  const x = d3.scaleLinear().domain([Math.max(0, c0 - padX), c1 + padX]).range([0, innerWidth]).nice();
  const margins = rows.map((d) => d.margin);
  const m0 = Math.min(0, d3.min(margins) as number);
  const m1 = Math.max(0, d3.max(margins) as number);
  const padY = Math.max((m1 - m0) * 0.08, 0.005);
  const y = d3.scaleLinear().domain([m0 - padY, m1 + padY]).range([innerHeight, 0]).nice();

  const plot = svg.append('g').attr('class', 'plot').attr('transform', `translate(${margin.left},${margin.top})`);
  // Below the goal: rosters that do not show every target met.
  const zero = y(0);
  plot
    .append('rect')
    .attr('class', 'below-goal')
    .attr('x', 0)
    .attr('y', zero)
    .attr('width', innerWidth)
    .attr('height', Math.max(0, innerHeight - zero))
    .attr('fill', '#fbe9dc')
    .attr('fill-opacity', 0.55)
    .attr('aria-hidden', 'true');
  const yTicks = y.ticks(6);
  gridLines(plot, yTicks, y, innerWidth);
  const yAxis = plot
    .append('g')
    .attr('class', 'axis axis-y')
    .call(d3.axisLeft(y).tickValues(yTicks).tickFormat((v) => points(Number(v), 1)));
  styleAxis(yAxis);
  const xTicks = x.ticks(Math.max(2, Math.min(8, Math.floor(innerWidth / 90))));
  const xAxis = plot
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${innerHeight})`)
    .call(d3.axisBottom(x).tickValues(xTicks).tickFormat((v) => (Math.abs(Number(v)) >= 1000 ? money(Number(v)) : formatNumber(Number(v)))));
  styleAxis(xAxis);
  axisLabel(svg, yLabel, 'left', 15, margin.top + innerHeight / 2);
  axisLabel(svg, xLabel, 'bottom', margin.left + innerWidth / 2, height - 8);

  // The goal line, labelled inside the plot at its right end.
  plot
    .append('line')
    .attr('class', 'goal')
    .attr('x1', 0)
    .attr('x2', innerWidth)
    .attr('y1', zero)
    .attr('y2', zero)
    .attr('stroke', INK)
    .attr('stroke-width', 1.5)
    .attr('stroke-dasharray', '5 3');
  plot
    .append('text')
    .attr('class', 'goal-label')
    .attr('x', innerWidth - 6)
    .attr('y', Math.max(zero + 14, innerHeight - 6))
    .attr('text-anchor', 'end')
    .attr('fill', MUTED)
    .text('below: some target not shown to be met');

  // The frontier: the rosters the planner reports, cheapest first.
  const frontier = rows.filter((d) => d.kind === 'roster' || d.kind === 'plan').sort((a, b) => a.cost - b.cost);
  if (frontier.length > 1) {
    plot
      .append('path')
      .attr('class', 'frontier')
      .attr('d', d3.line<TradeoffDatum>().x((d) => x(d.cost)).y((d) => y(d.margin))(frontier) ?? '')
      .attr('fill', 'none')
      .attr('stroke', MUTED)
      .attr('stroke-width', 1.2)
      .attr('stroke-opacity', 0.7);
  }

  const marks = plot.append('g').attr('class', 'marks');
  const ordered = [...rows].sort((a, b) => order(a.kind) - order(b.kind));
  const mark = marks
    .selectAll('path')
    .data(ordered)
    .join('path')
    .attr('class', (d) => `mark ${d.kind}${d.met ? ' met' : ' unmet'}`)
    .attr('transform', (d) => `translate(${x(d.cost)},${y(d.margin)})`)
    .attr('d', (d) => {
      const shape = d.kind === 'today' ? d3.symbolDiamond : d.kind === 'erlang' ? d3.symbolSquare : d3.symbolCircle;
      const size = d.kind === 'plan' ? 190 : d.kind === 'roster' ? 64 : 90;
      return d3.symbol(shape, size)() ?? '';
    })
    .attr('fill', (d) => (d.kind === 'plan' ? COLOURS.plan : d.kind === 'today' ? COLOURS.today : d.kind === 'erlang' ? COLOURS.erlang : d.met ? COLOURS.met : COLOURS.unmet))
    .attr('stroke', (d) => (d.kind === 'plan' ? INK : '#ffffff'))
    .attr('stroke-width', 1.5);
  addTitle(mark, (d) => d.title ?? `${money(d.cost)} a week, weakest target ${points(d.margin)}`);

  // Labels for the plan and the reference rosters ('the plan = today' where they coincide), nudged
  // apart when they would overlap.
  const labelled: Array<{ d: TradeoffDatum; text: string }> = [];
  for (const d of rows.filter((r) => r.kind !== 'roster').sort((a, b) => order(b.kind) - order(a.kind))) {
    const same = labelled.find((l) => Math.abs(x(l.d.cost) - x(d.cost)) < 3 && Math.abs(y(l.d.margin) - y(d.margin)) < 3);
    const text = LABELS[d.kind as keyof typeof LABELS];
    if (same) same.text += ` = ${text}`;
    else labelled.push({ d, text });
  }
  labelled.sort((a, b) => x(a.d.cost) - x(b.d.cost));
  const placed: Array<{ x0: number; x1: number; y: number }> = [];
  const labels = plot.append('g').attr('class', 'mark-labels');
  for (const { d, text } of labelled) {
    const px = x(d.cost);
    const py = y(d.margin);
    const w = text.length * CHAR_WIDTH;
    const right = px + 10 + w <= innerWidth;
    const x0 = right ? px + 10 : px - 10 - w;
    let ty = py - 8;
    for (let k = 0; k < 6 && placed.some((p) => p.x0 < x0 + w && x0 < p.x1 && Math.abs(p.y - ty) < LINE_HEIGHT); k++) ty += LINE_HEIGHT;
    ty = Math.max(10, Math.min(innerHeight - 4, ty));
    placed.push({ x0, x1: x0 + w, y: ty });
    labels
      .append('text')
      .attr('class', `mark-label ${d.kind}`)
      .attr('x', right ? px + 10 : px - 10)
      .attr('y', ty)
      .attr('text-anchor', right ? 'start' : 'end')
      .attr('fill', INK)
      .attr('font-weight', d.kind === 'plan' ? 700 : 400)
      .attr('paint-order', 'stroke')
      .attr('stroke', '#ffffff')
      .attr('stroke-width', 3)
      .text(text);
  }

  drawLegend(svg, legendItems, margin.left, 6, width - margin.left - margin.right);
  return svg.node()!;
}

function order(kind: TradeoffDatum['kind']): number {
  return kind === 'roster' ? 0 : kind === 'plan' ? 3 : 1;
}
