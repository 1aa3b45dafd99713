import { TIERS } from '../../sim/model/scenario.js';
import { BREACHED, MET } from '../../sim/training/recorder.js';
import * as E from '../../sim/training/trace.js';
import type { DeskTrace } from '../../sim/training/trace.js';
import { timeOfDay } from './clock.js';

/**
 * One recorded event in words, for the line under the picture ("09:14 Ticket #42 (P2, email)
 * picked up by L1 agent 3, day shift"), so a step can be read aloud.
 */
export function tierName(tier: number): string {
  return TIERS[tier] === 'engineering' ? 'engineering' : (TIERS[tier] ?? `tier ${tier}`);
}

export function agentName(trace: DeskTrace, agent: number): string {
  const p = trace.picture;
  const g = p.groups[p.agentGroup[agent]];
  if (!g) return `agent ${agent + 1}`;
  const shift = p.agentShift[agent];
  const shiftName = shift >= 0 ? `, ${g.shifts[shift]} shift` : '';
  return `${g.name} agent ${agent - g.firstAgent + 1}${shiftName}`;
}

export function ticketName(trace: DeskTrace, id: number): string {
  const stream = trace.picture.streams[trace.tickets.stream[id]];
  return `ticket #${id + 1} (P${trace.tickets.priority[id] + 1}${stream ? `, ${stream.channel}` : ''})`;
}

export function describeEvent(trace: DeskTrace, i: number): string {
  const id = trace.ticket[i];
  const agent = trace.agent[i];
  const a = trace.a[i];
  const b = trace.b[i];
  const when = timeOfDay(trace.picture, trace.time[i]);
  const ticket = id >= 0 ? ticketName(trace, id) : '';
  const Ticket = ticket.charAt(0).toUpperCase() + ticket.slice(1);
  const task = a === E.ACK_TASK ? 'the after-hours acknowledgement of' : 'a follow-up (missed ETA) on';
  const verdict = b === MET ? ': first response in time' : b === BREACHED ? ': first response late' : '';
  let text: string;
  switch (trace.kind[i]) {
    case E.ARRIVE:
      text = `${Ticket} arrives for ${tierName(a)}`;
      break;
    case E.QUEUE:
      text = `${Ticket} waits in the ${tierName(a)} queue as P${b + 1}`;
      break;
    case E.START:
      text = `${agentName(trace, agent)} picks up ${ticket}${verdict}`;
      break;
    case E.END:
      text = `${agentName(trace, agent)} ends a touch on ${ticket}`;
      break;
    case E.PENDING:
      text = `${Ticket} waits for the customer's answer`;
      break;
    case E.ANSWER:
      text = `The customer answers on ${ticket}`;
      break;
    case E.MOVE:
      text = b > a ? `${Ticket} is escalated from ${tierName(a)} to ${tierName(b)}` : `${Ticket} goes back from ${tierName(a)} to ${tierName(b)}`;
      break;
    case E.SOLVE:
      text = `${Ticket} is solved${b === MET ? ' within its resolution target' : b === BREACHED ? ', past its resolution target' : ''}`;
      break;
    case E.REOPEN:
      text = `The customer reopens ${ticket}`;
      break;
    case E.ABANDON:
      text = `The caller of ${ticket} hangs up before anyone answered`;
      break;
    case E.AFTER_HOURS:
      text = b === 1 ? `${Ticket} arrives after hours: the on-duty engineer is paged` : `${Ticket} arrives after hours: it waits for the on-duty engineer's acknowledgement`;
      break;
    case E.TASK_QUEUE:
      text = `${a === E.ACK_TASK ? 'The acknowledgement' : 'A follow-up'} of ${ticket} waits for the on-duty engineer`;
      break;
    case E.TASK_START:
      text = `${agentName(trace, agent)} starts ${task} ${ticket}`;
      break;
    case E.TASK_END:
      text = `${agentName(trace, agent)} finishes ${task} ${ticket}${verdict}`;
      break;
    case E.ON_DUTY:
      text = `${agentName(trace, agent)} comes on duty`;
      break;
    case E.OFF_DUTY:
      text = `${agentName(trace, agent)} goes off duty`;
      break;
    case E.ON_BREAK:
      text = `${agentName(trace, agent)} takes a break`;
      break;
    case E.INTERRUPT:
      text = `${agentName(trace, agent)} stops work on ${ticket}; it goes back to the queue`;
      break;
    default:
      text = `event of kind ${trace.kind[i]}`;
  }
  return `${when} ${text}`;
}
