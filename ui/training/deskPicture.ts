import * as d3 from 'd3';
import { TIERS } from '../../sim/model/scenario.js';
import * as R from '../../sim/training/replay.js';
import type { DeskState } from '../../sim/training/replay.js';
import * as E from '../../sim/training/trace.js';
import type { DeskTrace } from '../../sim/training/trace.js';
import { agentName, ticketName } from './eventText.js';

/**
 * The desk as a picture (SVG, D3): one lane per team and tier, its queue on the left as small
 * squares (one per ticket, by priority then age, coloured by how much of its SLA clock is used:
 * green, amber from 80% of the target, red when breached) and its people on the right as circles
 * grouped by shift (idle, busy, on a break, off duty). A ticket being worked sits on its agent; an
 * escalated ticket slides to the next tier's lane. Lanes of their own for the after-hours ACK duty
 * (tickets waiting for the on-duty engineer), engineering, and tickets waiting for the customer.
 */

export const SLA_COLOURS = { ok: '#009e73', warning: '#e69f00', breached: '#d55e00', none: '#8c8c8c' } as const;

const CELL = 11;
const MARK = 8;
const AGENT_CELL = 19;
const AGENT_R = 7.5;
const LABEL_W = 170;
const AGENTS_W = 300;
const SHIFT_LABEL_W = 124;
const PAD = 8;
const MIN_ROWS = 3;

type LaneKind = 'team' | 'duty' | 'engineering' | 'customer';

interface Lane {
  key: string;
  kind: LaneKind;
  title: string;
  subtitle: string;
  tier: number;
  /** Categories whose tickets queue here (empty: all of the tier's). */
  categories: string[];
  agents: number[];
  y: number;
  height: number;
  queueX: number;
  queueW: number;
  cols: number;
  rows: number;
}

interface AgentSpot {
  agent: number;
  x: number;
  y: number;
}

interface Mark {
  id: number;
  x: number;
  y: number;
  colour: string;
}

export interface DeskPictureHandle {
  readonly element: SVGSVGElement;
  /** Draw the desk after `state` at simulated minute `time`; `animateMs` 0 jumps. */
  update(state: DeskState, time: number, animateMs: number): void;
  /** Lay out again for a new width. */
  resize(width: number): void;
}

/** A ticket's colour at time t: its acknowledge clock until answered, then its resolution clock. */
export function slaColour(trace: DeskTrace, state: DeskState, id: number, t: number): string {
  const k = trace.tickets;
  const answered = (state.ticketFlags[id] & R.RESPONDED) !== 0 || k.ackDue[id] === Infinity;
  const due = answered ? k.resolveDue[id] : k.ackDue[id];
  const amber = answered ? k.resolveAmber[id] : k.ackAmber[id];
  if (due === Infinity) return SLA_COLOURS.none;
  return t >= due ? SLA_COLOURS.breached : t >= amber ? SLA_COLOURS.warning : SLA_COLOURS.ok;
}

function lanesOf(trace: DeskTrace): Lane[] {
  const p = trace.picture;
  const lanes: Lane[] = [];
  const blank = { y: 0, height: 0, queueX: 0, queueW: 0, cols: 1, rows: MIN_ROWS };
  for (let tier = 0; tier < TIERS.length; tier++) {
    if (TIERS[tier] === 'engineering') continue;
    const groups = p.groups.map((g, i) => ({ g, i })).filter(({ g, i }) => g.tier === tier && !g.engineering && i !== p.dutyGroup);
    if (groups.length === 0) continue;
    // Teams with different skills keep their own queues (a lane each); teams that share skills share one.
    const bySkills = new Map<string, typeof groups>();
    for (const entry of groups) {
      const key = [...entry.g.categories].sort().join('|');
      bySkills.set(key, [...(bySkills.get(key) ?? []), entry]);
    }
    for (const [key, members] of bySkills) {
      const agents = members.flatMap(({ g }) => d3.range(g.firstAgent, g.firstAgent + g.agents));
      lanes.push({
        key: `tier-${tier}-${key}`,
        kind: 'team',
        title: `${TIERS[tier]} queue`,
        subtitle: members.map(({ g }) => g.name).join(', ') === TIERS[tier] ? `team ${TIERS[tier]}` : `team${members.length > 1 ? 's' : ''} ${members.map(({ g }) => g.name).join(', ')}`,
        tier,
        categories: members[0].g.categories,
        agents,
        ...blank,
      });
    }
  }
  if (p.dutyGroup >= 0) {
    const g = p.groups[p.dutyGroup];
    lanes.push({ key: 'duty', kind: 'duty', title: 'After hours', subtitle: `waiting for the on-duty engineer (${g.name})`, tier: -1, categories: [], agents: d3.range(g.firstAgent, g.firstAgent + g.agents), ...blank });
  }
  if (p.groups.some((g) => g.engineering)) {
    lanes.push({ key: 'engineering', kind: 'engineering', title: 'Engineering', subtitle: 'answers escalations after a turnaround', tier: TIERS.indexOf('engineering'), categories: [], agents: [], ...blank });
  }
  // Only desks whose tickets go back and forth with the customer need the lane.
  if (trace.kind.includes(E.PENDING)) lanes.push({ key: 'customer', kind: 'customer', title: 'With the customer', subtitle: 'waiting for their answer', tier: -1, categories: [], agents: [], ...blank });
  return lanes;
}

/** Agents of a lane in blocks by group and shift: one labelled row (or more) per block. */
function agentBlocks(trace: DeskTrace, agents: number[]): Array<{ label: string; agents: number[] }> {
  const p = trace.picture;
  const blocks = new Map<string, { label: string; agents: number[] }>();
  for (const a of agents) {
    const g = p.groups[p.agentGroup[a]];
    const shift = p.agentShift[a];
    const label = shift >= 0 ? `${g.name} · ${g.shifts[shift]}` : `${g.name} · 24x7`;
    const key = `${p.agentGroup[a]}:${shift}`;
    if (!blocks.has(key)) blocks.set(key, { label, agents: [] });
    (blocks.get(key) as { agents: number[] }).agents.push(a);
  }
  return [...blocks.values()];
}

export function createDeskPicture(host: HTMLElement, trace: DeskTrace, initialWidth: number): DeskPictureHandle {
  const lanes = lanesOf(trace);
  const laneOfTicket = new Map<string, Lane>();
  const spots: AgentSpot[] = [];
  const spotOf = new Map<number, AgentSpot>();
  const svg = d3.create('svg').attr('class', 'desk-picture').attr('role', 'img');
  const title = svg.append('title');
  const laneLayer = svg.append('g').attr('class', 'lanes');
  const agentLayer = svg.append('g').attr('class', 'agents');
  const markLayer = svg.append('g').attr('class', 'tickets');
  let width = initialWidth;

  const streams = trace.picture.streams;
  /** The lane a queued ticket of tier `tier` and stream `stream` belongs to. */
  const teamLane = (tier: number, stream: number): Lane | undefined => {
    const category = streams[stream]?.category ?? '';
    const key = `${tier}:${category}`;
    let lane = laneOfTicket.get(key);
    if (!lane) {
      const team = lanes.filter((l) => l.kind === 'team' && l.tier === tier);
      lane = team.find((l) => l.categories.includes(category)) ?? team.find((l) => l.categories.length === 0) ?? team[0];
      if (lane) laneOfTicket.set(key, lane);
    }
    return lane;
  };

  function layout(): void {
    width = Math.max(640, width);
    spots.length = 0;
    spotOf.clear();
    let y = 0;
    for (const lane of lanes) {
      const agentsW = lane.agents.length > 0 ? AGENTS_W : 0;
      lane.queueX = LABEL_W;
      lane.queueW = width - LABEL_W - agentsW - PAD * 2;
      lane.cols = Math.max(4, Math.floor(lane.queueW / CELL));
      let agentRows = 0;
      const perRow = Math.max(1, Math.floor((AGENTS_W - SHIFT_LABEL_W - PAD) / AGENT_CELL));
      const top = y + PAD;
      for (const block of agentBlocks(trace, lane.agents)) {
        block.agents.forEach((agent, k) => {
          const spot = { agent, x: width - AGENTS_W + SHIFT_LABEL_W + (k % perRow) * AGENT_CELL + AGENT_CELL / 2, y: top + (agentRows + Math.floor(k / perRow)) * AGENT_CELL + AGENT_CELL / 2 };
          spots.push(spot);
          spotOf.set(agent, spot);
        });
        agentRows += Math.ceil(block.agents.length / perRow);
      }
      lane.rows = Math.max(lane.kind === 'customer' || lane.kind === 'engineering' ? 2 : MIN_ROWS, Math.floor((agentRows * AGENT_CELL) / CELL));
      lane.y = y;
      lane.height = Math.max(lane.rows * CELL, agentRows * AGENT_CELL, 34) + PAD * 2;
      y += lane.height + 4;
    }
    svg.attr('width', width).attr('height', y).attr('viewBox', `0 0 ${width} ${y}`);
    drawLanes();
  }

  function drawLanes(): void {
    laneLayer.selectAll('*').remove();
    for (const lane of lanes) {
      const g = laneLayer.append('g').attr('class', `lane lane-${lane.kind}`).attr('data-lane', lane.key);
      g.append('rect').attr('class', 'lane-bg').attr('x', 0).attr('y', lane.y).attr('width', width).attr('height', lane.height).attr('rx', 6);
      g.append('text').attr('class', 'lane-title').attr('x', PAD).attr('y', lane.y + 18).text(lane.title);
      g.append('text').attr('class', 'lane-subtitle').attr('x', PAD).attr('y', lane.y + 32).text(truncate(lane.subtitle, 28));
      g.append('text').attr('class', 'lane-count').attr('x', PAD).attr('y', lane.y + 47);
      g.append('text').attr('class', 'lane-more').attr('x', lane.queueX + lane.queueW).attr('y', lane.y + lane.height - 4).attr('text-anchor', 'end');
      const blocks = agentBlocks(trace, lane.agents);
      let row = 0;
      const perRow = Math.max(1, Math.floor((AGENTS_W - SHIFT_LABEL_W - PAD) / AGENT_CELL));
      for (const block of blocks) {
        g.append('text')
          .attr('class', 'shift-label')
          .attr('x', width - AGENTS_W + SHIFT_LABEL_W - 6)
          .attr('y', lane.y + PAD + row * AGENT_CELL + AGENT_CELL / 2 + 4)
          .attr('text-anchor', 'end')
          .text(truncate(block.label, 21));
        row += Math.ceil(block.agents.length / perRow);
      }
    }
    agentLayer
      .selectAll<SVGCircleElement, AgentSpot>('circle.agent')
      .data(spots, (d) => d.agent)
      .join((enter) => enter.append('circle').attr('class', 'agent').attr('r', AGENT_R).call((c) => c.append('title').text((d) => agentName(trace, d.agent))))
      .attr('cx', (d) => d.x)
      .attr('cy', (d) => d.y)
      .attr('data-agent', (d) => d.agent);
  }

  function update(state: DeskState, time: number, animateMs: number): void {
    const marks: Mark[] = [];
    const perLane = new Map<Lane, number[]>();
    const push = (lane: Lane | undefined, id: number) => {
      if (!lane) return;
      let list = perLane.get(lane);
      if (!list) perLane.set(lane, (list = []));
      list.push(id);
    };
    const duty = lanes.find((l) => l.kind === 'duty');
    const engineering = lanes.find((l) => l.kind === 'engineering');
    const customer = lanes.find((l) => l.kind === 'customer');
    // A ticket whose ACK (or follow-up) the on-duty engineer is writing sits on that engineer.
    const taskOn = new Map<number, AgentSpot>();
    for (const spot of spots) {
      const id = state.agentTicket[spot.agent];
      if (id >= 0 && state.agentTask[spot.agent] !== 0 && state.agentLoad[spot.agent] > 0) taskOn.set(id, spot);
    }
    for (let id = 0; id < state.arrivals; id++) {
      const st = state.ticketState[id];
      if (taskOn.has(id) && st !== R.IN_PROGRESS) continue;
      const flags = state.ticketFlags[id];
      if (st === R.QUEUED) {
        if (duty && (flags & R.ACK_WAITING || (flags & R.PAGED && !(flags & R.PICKED_UP)))) push(duty, id);
        else push(teamLane(state.ticketTier[id], trace.tickets.stream[id]), id);
      } else if (st === R.PENDING_CUSTOMER) push(customer, id);
      else if (st === R.AT_ENGINEERING) push(engineering, id);
    }
    for (const lane of lanes) {
      const ids = perLane.get(lane) ?? [];
      // The order a priority desk takes them in: priority, then oldest first.
      ids.sort((a, b) => state.ticketPriority[a] - state.ticketPriority[b] || a - b);
      const room = lane.cols * lane.rows;
      ids.slice(0, room).forEach((id, k) => {
        marks.push({ id, x: lane.queueX + (k % lane.cols) * CELL, y: lane.y + PAD + Math.floor(k / lane.cols) * CELL, colour: slaColour(trace, state, id, time) });
      });
      const g = laneLayer.select(`g[data-lane="${lane.key}"]`);
      g.attr('data-count', ids.length);
      g.select('text.lane-more').text(ids.length > room ? `+${ids.length - room} more` : '');
      const working = lane.agents.filter((a) => state.agentLoad[a] > 0).length;
      const onDuty = lane.agents.filter((a) => state.agentDuty[a] === R.ON).length;
      const count = lane.kind === 'customer' ? `${ids.length} tickets` : lane.kind === 'engineering' ? `${ids.length} at engineering` : `${ids.length} waiting · ${working}/${onDuty} busy`;
      g.select('text.lane-count').text(count);
    }
    // Tickets being worked sit on their agent.
    for (const spot of spots) {
      const id = state.agentTicket[spot.agent];
      if (id < 0 || state.agentLoad[spot.agent] === 0) continue;
      const onIt = state.agentTask[spot.agent] !== 0 ? taskOn.get(id) === spot && state.ticketState[id] !== R.IN_PROGRESS : state.ticketState[id] === R.IN_PROGRESS;
      if (onIt) marks.push({ id, x: spot.x - MARK / 2, y: spot.y - MARK / 2, colour: slaColour(trace, state, id, time) });
    }
    agentLayer
      .selectAll<SVGCircleElement, AgentSpot>('circle.agent')
      .attr('data-state', (d) => {
        const duty = state.agentDuty[d.agent];
        if (duty === R.OFF) return 'off';
        if (duty === R.BREAK) return 'break';
        if (state.agentLoad[d.agent] === 0) return 'idle';
        return state.agentTask[d.agent] !== 0 ? 'task' : 'busy';
      });

    const t = animateMs > 0 ? d3.transition().duration(animateMs).ease(d3.easeCubicOut) : null;
    const sel = markLayer
      .selectAll<SVGRectElement, Mark>('rect.ticket')
      .data(marks, (d) => d.id)
      .join(
        (enter) =>
          enter
            .append('rect')
            .attr('class', 'ticket')
            .attr('width', MARK)
            .attr('height', MARK)
            .attr('rx', 1.5)
            .attr('x', (d) => d.x)
            .attr('y', (d) => d.y)
            .attr('data-ticket', (d) => d.id)
            .call((r) => r.append('title').text((d) => ticketName(trace, d.id))),
        (update) => update,
        (exit) => exit.remove(),
      )
      .attr('fill', (d) => d.colour);
    if (t) sel.transition(t).attr('x', (d) => d.x).attr('y', (d) => d.y);
    else sel.interrupt().attr('x', (d) => d.x).attr('y', (d) => d.y);
    svg.attr('data-marks', marks.length).attr('data-applied', state.applied);
    title.text(`The desk after ${state.applied} events: ${marks.length} open tickets shown`);
  }

  layout();
  host.append(svg.node() as SVGSVGElement);
  return {
    element: svg.node() as SVGSVGElement,
    update,
    resize(w: number) {
      width = w;
      layout();
    },
  };
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
