import { parseScenario, type ParseResult } from '../../scenarios/parse.js';
import type { Scenario } from '../../sim/model/scenario.js';
import { CLOCKS, PRIORITIES, ROUTING_POLICIES } from '../vocabulary.js';
import { duration } from '../../workers/cli/kpiTable.js';
import type { AppContext } from '../context.js';
import { h, replaceChildren, uid } from '../dom.js';
import { getAt, isWithin, pathText, setAt, splitError, type Key } from '../rawPath.js';
import { CLOCK_WORDS } from '../results.js';
import { compareHash, editHash } from '../router.js';
import { nameOf } from '../summary.js';
import { profileGrid, rosteredByHour, rosterStrip, zoneShiftMinutes } from './weekGrids.js';

/**
 * `#/edit/<id>`: forms for what a manager changes most (people per shift, SLA targets, weekly
 * volume, ACK duty, routing, escalation thresholds) and the JSON for everything else. Every change
 * is validated with the scenario schema, each problem shown beside its field and listed at the
 * top, and the scenario is saved in this browser at once, valid or not, so nothing is lost.
 */

interface Field {
  path: string;
  /** What the field is, in words ('L2, day shift: people'). */
  label: string;
  /** The element to focus and mark invalid. */
  control: HTMLElement;
  error: HTMLElement;
}

interface Section {
  key: string;
  title: string;
  /** Top-level scenario fields whose errors belong to this section when no field matches. */
  owns: string[];
  element: HTMLElement;
  errors: HTMLElement;
}

const TIER_WORDS: Record<string, string> = { L0: 'triage', L1: 'first line', L2: 'second line', L3: 'third line', engineering: 'engineering' };

export function renderEditor(root: HTMLElement, ctx: AppContext, id: string): () => void {
  const stored = ctx.store.get(id);
  if (!stored) {
    root.append(
      h('h1', {}, 'Scenario not found'),
      h('p', {}, `There is no scenario "${id}" in this browser; it may have been deleted. `, h('a', { href: '#/scenarios' }, 'Back to the scenarios'), '.'),
    );
    return () => {};
  }
  const readOnly = stored.bundled;
  let raw = structuredClone(stored.raw) as Record<string, unknown>;
  let parsed: ParseResult = parseScenario(raw);
  /** The last valid state: its defaults fill the fields the raw scenario leaves out. */
  let lastValid: Scenario | null = parsed.ok ? parsed.scenario : null;
  let fields: Field[] = [];
  let sections: Section[] = [];
  let refreshers: Array<() => void> = [];

  const summary = h('div', { class: 'error-summary', 'aria-live': 'polite', 'data-testid': 'error-summary' });
  const status = h('span', { class: 'save-status', 'aria-live': 'polite' });
  const formsHost = h('div', { class: 'editor-forms' });
  const jsonArea = h('textarea', { id: 'scenario-json', class: 'json-area', rows: 22, spellcheck: 'false', 'aria-describedby': 'json-error json-help' }) as HTMLTextAreaElement;
  const jsonError = h('p', { id: 'json-error', class: 'field-error', role: 'alert' });
  jsonArea.readOnly = readOnly;

  // ---- fields -----------------------------------------------------------------------------

  const valueAt = (path: Key[]): unknown => {
    const v = getAt(raw, path);
    return v !== undefined ? v : getAt(lastValid, path);
  };

  const register = (path: Key[], control: HTMLElement, error: HTMLElement, label: string): void => {
    const text = pathText(path);
    control.dataset.path = text;
    fields.push({ path: text, label, control, error });
  };

  /** A number field; `scale` shows e.g. a share as a percentage. Text that is not a number is kept as text, so the schema names it. */
  const numberField = (path: Key[], label: string, opts: { unit?: string; hint?: (v: number) => string; hideLabel?: boolean; width?: string } = {}): HTMLElement => {
    const inputId = uid('in');
    const errorId = `${inputId}-error`;
    const current = getAt(raw, path);
    const fallback = getAt(lastValid, path);
    const input = h('input', {
      id: inputId,
      type: 'text',
      inputmode: 'decimal',
      autocomplete: 'off',
      class: 'num',
      style: opts.width ? `width:${opts.width}` : null,
      value: current === undefined ? '' : typeof current === 'string' ? current : JSON.stringify(current),
      placeholder: fallback === undefined || current !== undefined ? null : String(fallback),
      'aria-describedby': errorId,
      readonly: readOnly,
    });
    const hint = h('span', { class: 'hint' });
    const error = h('span', { id: errorId, class: 'field-error' });
    const showHint = () => {
      const v = valueAt(path);
      hint.textContent = opts.hint && typeof v === 'number' && Number.isFinite(v) ? opts.hint(v) : '';
    };
    showHint();
    refreshers.push(showHint);
    input.addEventListener('input', () => {
      const text = input.value.trim();
      const value = text === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : input.value;
      change(path, value);
    });
    register(path, input, error, label);
    return h('span', { class: 'field' },
      h('label', { for: inputId, class: opts.hideLabel ? 'visually-hidden' : null }, label),
      input,
      opts.unit ? h('span', { class: 'unit' }, opts.unit) : null,
      hint,
      error,
    );
  };

  const selectField = (path: Key[], label: string, options: Array<[string, string]>, opts: { hideLabel?: boolean } = {}): HTMLElement => {
    const selectId = uid('sel');
    const errorId = `${selectId}-error`;
    const value = valueAt(path);
    const known = options.some(([v]) => v === value);
    const empty = value === undefined || value === '';
    const select = h('select', { id: selectId, 'aria-describedby': errorId, disabled: readOnly },
      empty ? h('option', { value: '' }, 'choose…') : known ? null : h('option', { value: String(value) }, `${String(value)} (unknown)`),
      options.map(([v, text]) => h('option', { value: v }, text)),
    );
    select.value = value === undefined ? '' : String(value);
    const error = h('span', { id: errorId, class: 'field-error' });
    select.addEventListener('change', () => change(path, select.value));
    register(path, select, error, label);
    return h('span', { class: 'field' }, h('label', { for: selectId, class: opts.hideLabel ? 'visually-hidden' : null }, label), select, error);
  };

  const checkboxField = (path: Key[], label: string): HTMLElement => {
    const boxId = uid('cb');
    const errorId = `${boxId}-error`;
    const box = h('input', { id: boxId, type: 'checkbox', checked: valueAt(path) === true, 'aria-describedby': errorId, disabled: readOnly });
    const error = h('span', { id: errorId, class: 'field-error' });
    box.addEventListener('change', () => change(path, box.checked));
    register(path, box, error, label);
    return h('span', { class: 'field checkbox' }, box, h('label', { for: boxId }, label), error);
  };

  /** Checkboxes for the members of a list (e.g. the priorities paged after hours). */
  const listField = (path: Key[], label: string, values: readonly string[]): HTMLElement => {
    const current = () => {
      const v = valueAt(path);
      return Array.isArray(v) ? (v as unknown[]) : [];
    };
    const error = h('span', { class: 'field-error' });
    const group = h('span', { class: 'field checklist', role: 'group', 'aria-label': label },
      h('span', { class: 'label' }, label),
      values.map((value) => {
        const boxId = uid('cb');
        const box = h('input', { id: boxId, type: 'checkbox', checked: current().includes(value), disabled: readOnly });
        box.addEventListener('change', () => {
          const set = new Set(current());
          if (box.checked) set.add(value);
          else set.delete(value);
          change(path, values.filter((v) => set.has(v)));
        });
        return h('span', { class: 'check' }, box, h('label', { for: boxId }, value));
      }),
      error,
    );
    register(path, group, error, label);
    return group;
  };

  // ---- sections ---------------------------------------------------------------------------

  const section = (key: string, title: string, intro: string, owns: string[], ...content: Array<Node | null>): HTMLElement => {
    const errors = h('ul', { class: 'section-errors' });
    const element = h('section', { class: 'editor-section', id: `section-${key}`, 'aria-labelledby': `section-${key}-title` },
      h('h2', { id: `section-${key}-title` }, title),
      h('p', { class: 'section-intro' }, intro),
      ...content,
      errors,
    );
    sections.push({ key, title, owns, element, errors });
    return element;
  };

  const groups = () => (Array.isArray(raw.groups) ? (raw.groups as Array<Record<string, unknown>>) : []);
  const groupNames = () => groups().map((g) => String(g?.name ?? '')).filter((n) => n !== '');
  const calendarNames = () => ['24x7', 'business', ...Object.keys((raw.calendars as Record<string, unknown> | undefined) ?? {}).filter((c) => c !== 'business')];

  const rosterSection = (): HTMLElement => {
    const rows: HTMLElement[] = [];
    groups().forEach((group, gi) => {
      const name = String(group?.name ?? `group ${gi + 1}`);
      const tier = String(valueAt(['groups', gi, 'tier']) ?? '');
      const zone = String(valueAt(['groups', gi, 'timeZone']) ?? valueAt(['timeZone']) ?? '');
      const shifts = Array.isArray(group?.shifts) ? (group.shifts as Array<Record<string, unknown>>) : [];
      const groupCell = (span: number) => h('th', { scope: 'row', rowspan: span }, name, h('span', { class: 'sub' }, `${tier}${TIER_WORDS[tier] && TIER_WORDS[tier] !== tier ? ` · ${TIER_WORDS[tier]}` : ''}`));
      if (tier === 'engineering') {
        rows.push(h('tr', {}, groupCell(1), h('td', { colspan: 3, class: 'muted' }, 'Answers escalations after its turnaround time: no roster.')));
        return;
      }
      if (shifts.length === 0) {
        rows.push(h('tr', {}, groupCell(1), h('td', {}, 'around the clock'), h('td', {}, '24x7'), h('td', {}, numberField(['groups', gi, 'headcount'], `${name}: people on duty around the clock`, { hideLabel: true, unit: 'people' }))));
        return;
      }
      shifts.forEach((shift, si) => {
        const days = Array.isArray(shift?.days) ? daysText(shift.days as string[]) : '?';
        rows.push(
          h('tr', {},
            si === 0 ? groupCell(shifts.length) : null,
            h('td', {}, String(shift?.name ?? `shift ${si + 1}`)),
            h('td', {}, `${days} ${String(shift?.from ?? '?')}–${String(shift?.to ?? '?')}`, h('span', { class: 'sub' }, zone)),
            h('td', {}, numberField(['groups', gi, 'shifts', si, 'headcount'], `${name}, ${String(shift?.name ?? `shift ${si + 1}`)} shift: people`, { hideLabel: true, unit: 'people' })),
          ),
        );
      });
    });
    const strip = h('div', { class: 'roster-strip-host' });
    const stripZone = h('span', {});
    const drawStrip = () => {
      const staffed = groups().filter((g) => g?.tier !== 'engineering');
      const zone = String(valueAt(['timeZone']) ?? 'UTC');
      const start = String(valueAt(['start']) ?? '');
      const rows = staffed.map((g, i) => ({
        name: String(g?.name ?? `group ${i + 1}`),
        values: rosteredByHour(g, zoneShiftMinutes(String(g?.timeZone ?? zone), zone, start)),
      }));
      replaceChildren(strip, rosterStrip(rows, 860));
      stripZone.textContent = zone;
    };
    drawStrip();
    refreshers.push(drawStrip);
    return section('roster', 'People and shifts', 'How many people work each shift pattern. Shift days and hours are in the group’s own time zone (change them in the JSON below). The strip shows who is rostered in each hour of the week, before breaks and absence.', ['groups'],
      h('table', { class: 'form-table roster' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Group'), h('th', { scope: 'col' }, 'Shift'), h('th', { scope: 'col' }, 'Days and hours'), h('th', { scope: 'col' }, 'Headcount'))),
        h('tbody', {}, rows),
      ),
      h('h3', {}, 'People rostered by hour of the week, in the scenario’s time zone (', stripZone, ')'),
      strip,
    );
  };

  const slaSection = (): HTMLElement => {
    const policies = Array.isArray(raw.slaPolicies) ? (raw.slaPolicies as Array<Record<string, unknown>>) : [];
    const calendars = calendarNames().map((c) => [c, c === '24x7' ? '24x7 (every minute)' : c === 'business' ? 'business hours' : c] as [string, string]);
    const policyRows = policies.map((policy, pi) => {
      const prios = Array.isArray(policy?.priorities) && policy.priorities.length > 0 ? (policy.priorities as string[]).join(', ') : 'all priorities';
      return h('tr', {},
        h('th', { scope: 'row' }, String(policy?.name ?? `policy ${pi + 1}`), h('span', { class: 'sub' }, prios)),
        CLOCKS.map((clock) => {
          const clocks = (policy?.clocks ?? {}) as Record<string, unknown>;
          if (!clocks[clock]) return h('td', { class: 'muted' }, 'not set');
          const label = `${String(policy?.name ?? `policy ${pi + 1}`)}: ${CLOCK_WORDS[clock]} target`;
          return h('td', {},
            numberField(['slaPolicies', pi, 'clocks', clock, 'targetMinutes'], `${label} (minutes)`, { hideLabel: true, unit: 'min', hint: (v) => `= ${duration(v)}`, width: '5.5em' }),
            selectField(['slaPolicies', pi, 'clocks', clock, 'calendar'], `${label}: calendar`, calendars, { hideLabel: true }),
          );
        }),
      );
    });
    const targets = Array.isArray(raw.targets) ? (raw.targets as Array<Record<string, unknown>>) : [];
    const targetRows = CLOCKS.filter((clock) => targets.some((t) => t?.clock === clock)).map((clock) =>
      h('tr', {},
        h('th', { scope: 'row' }, CLOCK_WORDS[clock]),
        PRIORITIES.map((priority) => {
          const ti = targets.findIndex((t) => t?.clock === clock && t?.priority === priority);
          if (ti < 0) return h('td', { class: 'muted' }, '—');
          return h('td', {}, numberField(['targets', ti, 'compliance'], `${CLOCK_WORDS[clock]} ${priority}: required share within target`, { hideLabel: true, hint: (v) => `= ${(v * 100).toFixed(1).replace(/\.0$/, '')}%`, width: '4.5em' }));
        }),
      ),
    );
    return section('sla', 'SLA targets', 'Each policy’s targets in minutes, counted on a calendar: 24x7 counts every minute, business hours only the open ones. Acknowledge is the first response (an agent, or the on-call engineer after hours), actionable response the first diagnosis, update the longest silence while the ball is in our court, resolution the solve. Below: the share of tickets that must meet each target (0.95 = 95%).', ['slaPolicies', 'targets'],
      policies.length === 0 ? h('p', { class: 'muted' }, 'No SLA policy: add one in the JSON below.') : h('table', { class: 'form-table sla' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Policy'), CLOCKS.map((c) => h('th', { scope: 'col' }, CLOCK_WORDS[c])))),
        h('tbody', {}, policyRows),
      ),
      targetRows.length === 0 ? null : h('table', { class: 'form-table targets' },
        h('caption', {}, 'Required compliance (share of tickets within target)'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Clock'), PRIORITIES.map((p) => h('th', { scope: 'col' }, p)))),
        h('tbody', {}, targetRows),
      ),
    );
  };

  const volumeSection = (): HTMLElement => {
    const streams = Array.isArray(raw.demand) ? (raw.demand as Array<Record<string, unknown>>) : [];
    const total = h('span', { class: 'total' });
    const showTotal = () => {
      let perWeek = 0;
      streams.forEach((_, i) => {
        const a = valueAt(['demand', i, 'arrivals']) as { type?: string; perWeek?: unknown; perHour?: unknown } | undefined;
        if (a?.type === 'weekly' && typeof a.perWeek === 'number') perWeek += a.perWeek;
        if (a?.type === 'poisson' && typeof a.perHour === 'number') perWeek += a.perHour * 168;
      });
      total.textContent = `${Math.round(perWeek).toLocaleString('en-US')} tickets a week in all.`;
    };
    showTotal();
    refreshers.push(showTotal);
    const rows = streams.map((stream, i) => {
      const arrivals = (stream?.arrivals ?? {}) as Record<string, unknown>;
      const name = String(stream?.name ?? `stream ${i + 1}`);
      let volume: Node;
      if (arrivals.type === 'weekly') volume = numberField(['demand', i, 'arrivals', 'perWeek'], `${name}: tickets a week`, { hideLabel: true, unit: 'a week', width: '6em' });
      else if (arrivals.type === 'poisson') volume = numberField(['demand', i, 'arrivals', 'perHour'], `${name}: tickets an hour`, { hideLabel: true, unit: 'an hour', width: '6em' });
      else volume = h('span', { class: 'muted' }, arrivals.type === 'trace' ? 'replayed from a trace' : 'set in the JSON');
      const profile = arrivals.type === 'weekly' ? profileGrid(arrivals.hourOfWeek, `${name} weekly profile`) : h('span', { class: 'muted' }, arrivals.type === 'poisson' ? 'flat' : '');
      if (arrivals.type === 'weekly') {
        // Errors in the 168 weights land here.
        const error = h('span', { class: 'field-error' });
        register(['demand', i, 'arrivals', 'hourOfWeek'], profile as unknown as HTMLElement, error, `${name}: weekly profile`);
        return h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, String(valueAt(['demand', i, 'channel']) ?? '')), h('td', {}, String(valueAt(['demand', i, 'priority']) ?? '')), h('td', {}, volume), h('td', {}, profile, error));
      }
      return h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, String(valueAt(['demand', i, 'channel']) ?? '')), h('td', {}, String(valueAt(['demand', i, 'priority']) ?? '')), h('td', {}, volume), h('td', {}, profile));
    });
    return section('volume', 'Ticket volume', 'Tickets arriving each week per stream (channel and priority). The grid shows each stream’s hour-of-week profile (rows Monday to Sunday, columns midnight to 23:00; darker is busier); change its 168 weights in the JSON.', ['demand', 'demandModifiers', 'incidents', 'deflection'],
      h('table', { class: 'form-table volume' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Stream'), h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col' }, 'Priority'), h('th', { scope: 'col' }, 'Volume'), h('th', { scope: 'col' }, 'Weekly profile'))),
        h('tbody', {}, rows),
      ),
      h('p', {}, total),
    );
  };

  const ackSection = (): HTMLElement =>
    section('ack', 'After-hours ACK duty', 'Outside business hours the on-call engineer acknowledges each new ticket with an ETA (a time into the next business day), and the owning team gives the actionable response when it comes on shift. Without ACK duty, after-hours tickets wait for the morning. Paged priorities are worked fully after hours, not just acknowledged.', ['ackDuty'],
      h('div', { class: 'field-row' },
        checkboxField(['ackDuty', 'enabled'], 'ACK duty on'),
        selectField(['ackDuty', 'group'], 'On-call group', groupNames().map((n) => [n, n])),
        selectField(['ackDuty', 'calendar'], 'Business hours calendar', calendarNames().filter((c) => c !== '24x7').map((c) => [c, c])),
        numberField(['ackDuty', 'etaBusinessMinutes'], 'ETA promised', { unit: 'business minutes after the next opening', hint: (v) => `= ${duration(v)}`, width: '5em' }),
      ),
      h('div', { class: 'field-row' }, listField(['ackDuty', 'pagedPriorities'], 'Paged and worked after hours:', PRIORITIES)),
    );

  const routingSection = (): HTMLElement =>
    section('routing', 'Routing', 'The order in which a free agent takes tickets: by priority (P1 first, oldest first within a priority), first come first served, or the earliest SLA deadline first. Preemption lets a P1 interrupt an agent working an email-type P3/P4 ticket.', ['routing'],
      h('div', { class: 'field-row' },
        selectField(['routing', 'policy'], 'Ticket order', ROUTING_POLICIES.map((p) => [p, p === 'priority' ? 'priority, then oldest' : p === 'fifo' ? 'first come, first served' : 'earliest SLA deadline'])),
        checkboxField(['routing', 'preemptByP1'], 'P1 interrupts P3/P4 work'),
      ),
    );

  const escalationSection = (): HTMLElement => {
    const hierarchical = (getAt(raw, ['escalation', 'hierarchical']) as Array<Record<string, unknown>> | undefined) ?? [];
    const automatic = (getAt(raw, ['escalation', 'automatic']) as Array<Record<string, unknown>> | undefined) ?? [];
    const rules = Array.isArray(hierarchical) ? hierarchical : [];
    const autos = Array.isArray(automatic) ? automatic : [];
    return section('escalation', 'Escalation thresholds', 'Hierarchical escalation raises a ticket to the next tier (or bumps its priority) once its SLA clock has used this share of its target (0.8 = 80%). Automatic escalation acts on a ticket nobody has picked up within the given minutes.', ['escalation'],
      rules.length === 0 && autos.length === 0 ? h('p', { class: 'muted' }, 'No escalation rules: add them in the JSON below.') : null,
      rules.length === 0 ? null : h('table', { class: 'form-table escalation' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Priority'), h('th', { scope: 'col' }, 'Clock'), h('th', { scope: 'col' }, 'Raise at'), h('th', { scope: 'col' }, 'Action'))),
        h('tbody', {}, rules.map((rule, i) =>
          h('tr', {},
            h('th', { scope: 'row' }, String(rule?.priority ?? '?')),
            h('td', {}, CLOCK_WORDS[String(rule?.clock)] ?? String(rule?.clock ?? '?')),
            h('td', {}, numberField(['escalation', 'hierarchical', i, 'atShare'], `${String(rule?.priority)} ${String(rule?.clock)}: raise at share of target`, { hideLabel: true, hint: (v) => `= ${Math.round(v * 100)}% of the target`, width: '4.5em' })),
            h('td', {}, selectField(['escalation', 'hierarchical', i, 'action'], `${String(rule?.priority)} ${String(rule?.clock)}: action`, [['raise-tier', 'raise to the next tier'], ['bump-priority', 'bump the priority']], { hideLabel: true })),
          ),
        )),
      ),
      autos.length === 0 ? null : h('table', { class: 'form-table escalation' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Priority'), h('th', { scope: 'col' }, 'No pickup within'), h('th', { scope: 'col' }, 'Action'))),
        h('tbody', {}, autos.map((rule, i) =>
          h('tr', {},
            h('th', { scope: 'row' }, String(rule?.priority ?? '?')),
            h('td', {}, numberField(['escalation', 'automatic', i, 'afterMinutes'], `${String(rule?.priority)}: no pickup within (minutes)`, { hideLabel: true, unit: 'min', hint: (v) => `= ${duration(v)}`, width: '5em' })),
            h('td', {}, selectField(['escalation', 'automatic', i, 'action'], `${String(rule?.priority)}: action`, [['raise-tier', 'raise to the next tier'], ['bump-priority', 'bump the priority']], { hideLabel: true })),
          ),
        )),
      ),
    );
  };

  const runSection = (): HTMLElement =>
    section('run', 'Name and run length', 'The simulated period is measured after a warm-up that fills the desk with a realistic backlog; the warm-up is left out of every number.', ['name', 'description', 'horizonDays', 'warmupDays', 'replications', 'seed', 'start', 'timeZone', 'version'],
      h('div', { class: 'field-row' },
        textField(['name'], 'Name'),
        numberField(['horizonDays'], 'Days measured', { unit: 'days', width: '4em' }),
        numberField(['warmupDays'], 'Warm-up', { unit: 'days', width: '4em' }),
      ),
    );

  const textField = (path: Key[], label: string): HTMLElement => {
    const inputId = uid('txt');
    const errorId = `${inputId}-error`;
    const input = h('input', { id: inputId, type: 'text', value: String(getAt(raw, path) ?? ''), 'aria-describedby': errorId, readonly: readOnly, maxlength: 80, class: 'name-input' });
    const error = h('span', { id: errorId, class: 'field-error' });
    input.addEventListener('input', () => change(path, input.value));
    register(path, input, error, label);
    return h('span', { class: 'field' }, h('label', { for: inputId }, label), input, error);
  };

  const buildForms = () => {
    fields = [];
    sections = [];
    refreshers = [];
    const isObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
    if (!isObject) {
      replaceChildren(formsHost, h('p', { class: 'error' }, 'This scenario is not a JSON object, so there are no forms to show: fix it in the JSON below.'));
      return;
    }
    replaceChildren(formsHost, runSection(), rosterSection(), slaSection(), volumeSection(), ackSection(), routingSection(), escalationSection());
    const jsonSection: Section = { key: 'json', title: 'Everything else (JSON)', owns: [], element: jsonBlock, errors: jsonSectionErrors };
    sections.push(jsonSection);
  };

  // ---- validation, saving -----------------------------------------------------------------

  const showErrors = () => {
    for (const f of fields) {
      f.error.textContent = '';
      f.control.removeAttribute('aria-invalid');
      f.control.classList.remove('invalid');
    }
    for (const s of sections) s.errors.replaceChildren();
    if (parsed.ok) {
      replaceChildren(summary, h('p', { class: 'ok' }, readOnly ? 'A valid scenario (bundled, read-only).' : 'No problems: this scenario is ready to compare.'));
      summary.className = 'error-summary ok';
      return;
    }
    const items: HTMLElement[] = [];
    for (const text of parsed.errors) {
      const { path, message } = splitError(text);
      const target = fieldFor(path);
      let focus: HTMLElement;
      let where: string;
      if (target) {
        target.error.append(h('span', { class: 'message' }, message));
        target.control.setAttribute('aria-invalid', 'true');
        target.control.classList.add('invalid');
        focus = target.control;
        where = sectionOf(target.control)?.title ?? '';
      } else {
        const s = sections.find((sec) => sec.owns.some((top) => isWithin(path, top))) ?? sections.find((sec) => sec.key === 'json')!;
        s.errors.append(h('li', { class: 'field-error' }, text));
        focus = s.key === 'json' ? jsonArea : s.element;
        where = s.title;
      }
      items.push(
        h('li', {},
          h('button', { type: 'button', class: 'link', onclick: () => { focus.scrollIntoView({ block: 'center' }); focus.focus({ preventScroll: true }); } }, target ? `${target.label}: ${message}` : text),
          h('span', { class: 'where' }, ` ${[where, target ? path : null].filter(Boolean).join(' · ')}`),
        ),
      );
    }
    summary.className = 'error-summary invalid';
    const n = parsed.errors.length;
    replaceChildren(summary,
      h('p', {}, h('strong', {}, `${n} problem${n === 1 ? '' : 's'} to fix`), ' before this scenario can run. Your changes are saved meanwhile.'),
      h('ul', {}, items),
    );
  };

  /** The field an error belongs to: its own, else the first field under the error's path, else the nearest one above it. */
  const fieldFor = (path: string): Field | undefined => {
    if (path === '') return undefined;
    const exact = fields.find((f) => f.path === path);
    if (exact) return exact;
    const under = fields.find((f) => isWithin(f.path, path) && path !== '(top level)');
    if (under) return under;
    let best: Field | undefined;
    for (const f of fields) if (isWithin(path, f.path) && (!best || f.path.length > best.path.length)) best = f;
    return best;
  };

  const sectionOf = (el: HTMLElement): Section | undefined => sections.find((s) => s.element.contains(el));

  const save = () => {
    if (readOnly) return;
    try {
      const saved = ctx.store.save(raw, id);
      const time = new Date(saved.savedAt).toLocaleTimeString();
      status.textContent = parsed.ok ? `Saved in this browser at ${time}.` : `Saved at ${time}, with problems: it cannot run until they are fixed.`;
      status.className = 'save-status';
    } catch (e) {
      status.textContent = (e as Error).message;
      status.className = 'save-status error';
    }
  };

  const validate = () => {
    parsed = parseScenario(raw);
    if (parsed.ok) lastValid = parsed.scenario;
    showErrors();
  };

  const change = (path: Key[], value: unknown) => {
    if (readOnly) return;
    setAt(raw, path, value);
    validate();
    save();
    if (document.activeElement !== jsonArea) jsonArea.value = JSON.stringify(raw, null, 2);
    jsonError.textContent = '';
    for (const refresh of refreshers) refresh();
    if (path[0] === 'name') title.textContent = nameOf(raw) ?? 'Untitled';
  };

  jsonArea.value = JSON.stringify(raw, null, 2);
  jsonArea.addEventListener('input', () => {
    let value: unknown;
    try {
      value = JSON.parse(jsonArea.value);
    } catch (e) {
      jsonError.textContent = `Not valid JSON, so not saved yet: ${(e as Error).message}`;
      jsonArea.setAttribute('aria-invalid', 'true');
      return;
    }
    jsonError.textContent = '';
    jsonArea.removeAttribute('aria-invalid');
    raw = value as Record<string, unknown>;
    validate();
    buildForms();
    showErrors();
    save();
    title.textContent = nameOf(raw) ?? 'Untitled';
  });
  jsonArea.addEventListener('blur', () => {
    if (!jsonError.textContent) jsonArea.value = JSON.stringify(raw, null, 2);
  });

  const jsonSectionErrors = h('ul', { class: 'section-errors' });
  const jsonBlock = h('section', { class: 'editor-section', id: 'section-json', 'aria-labelledby': 'section-json-title' },
    h('h2', { id: 'section-json-title' }, 'Everything else (JSON)'),
    h('p', { id: 'json-help', class: 'section-intro' }, 'The whole scenario as JSON: calendars and holidays, shift hours, skills, handle times, touches, escalation matrix, demand modifiers, incidents… Changes here are validated and saved as you type; the forms above follow. The README explains every field.'),
    h('label', { for: 'scenario-json', class: 'visually-hidden' }, 'Scenario JSON'),
    jsonArea,
    jsonError,
    jsonSectionErrors,
  );

  // ---- page -------------------------------------------------------------------------------

  const title = h('span', { 'data-testid': 'scenario-title' }, nameOf(raw) ?? 'Untitled');
  const others = ctx.store.list().filter((s) => s.id !== id);
  const base = guessBaseline(ctx, raw, id);
  const compareWith = h('select', { id: 'compare-with' }, others.map((s) => h('option', { value: s.id }, ctx.store.name(s.id))));
  compareWith.value = base;

  const duplicate = () => {
    try {
      const copy = ctx.store.duplicate(id);
      ctx.notify(`Created "${ctx.store.name(copy.id)}": you can edit it now.`);
      location.hash = editHash(copy.id);
    } catch (e) {
      ctx.notify((e as Error).message, 'error');
    }
  };

  root.append(
    h('section', { class: 'view-intro' },
      h('h1', {}, readOnly ? 'Scenario: ' : 'Edit: ', title),
      h('p', {},
        readOnly
          ? 'A bundled example, read-only. Duplicate it to make your own version, then change headcounts, targets or volume and compare the two.'
          : 'Change what you want to test; every change is checked and saved in this browser at once. Problems are listed here and shown beside their fields. Then compare this scenario with another to see what the change does.',
      ),
      h('div', { class: 'toolbar' },
        readOnly ? h('button', { type: 'button', class: 'primary', onclick: duplicate }, 'Duplicate to edit') : null,
        h('label', { for: 'compare-with' }, 'Compare with'),
        compareWith,
        h('button', { type: 'button', class: readOnly ? '' : 'primary', onclick: () => {
          if (!readOnly) save();
          location.hash = compareHash([compareWith.value, id]);
        } }, 'Compare'),
        h('a', { href: '#/scenarios', class: 'button' }, 'All scenarios'),
        status,
      ),
      summary,
    ),
    h('nav', { class: 'section-nav', 'aria-label': 'Editor sections' },
      [['run', 'Name'], ['roster', 'People'], ['sla', 'SLA'], ['volume', 'Volume'], ['ack', 'ACK duty'], ['routing', 'Routing'], ['escalation', 'Escalation'], ['json', 'JSON']].map(([key, label]) =>
        h('button', { type: 'button', class: 'link', onclick: () => document.getElementById(`section-${key}`)?.scrollIntoView({ block: 'start' }) }, label),
      ),
    ),
    formsHost,
    jsonBlock,
  );
  buildForms();
  showErrors();
  if (!readOnly) status.textContent = `Saved in this browser${stored.savedAt ? ` at ${new Date(stored.savedAt).toLocaleTimeString()}` : ''}.`;
  return () => {};
}

function daysText(days: string[]): string {
  const order = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const idx = days.map((d) => order.indexOf(d)).filter((i) => i >= 0).sort((a, b) => a - b);
  if (idx.length === 7) return 'every day';
  const contiguous = idx.length > 2 && idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
  return contiguous ? `${order[idx[0]]}–${order[idx[idx.length - 1]]}` : idx.map((i) => order[i]).join(', ');
}

/** What a copy is most likely compared with: the bundled scenario it was copied from, else seed-defaults. */
function guessBaseline(ctx: AppContext, raw: unknown, id: string): string {
  const name = (nameOf(raw) ?? '').replace(/ \((copy|imported|shared)(?: \d+)?\)$/, '');
  const match = ctx.store.list().find((s) => s.id !== id && nameOf(s.raw) === name);
  if (match) return match.id;
  return id === 'bundled:seed-defaults' ? 'bundled:no-ack-duty' : 'bundled:seed-defaults';
}
