import type { ClockName, ComplianceTarget, Priority, Scenario } from '../../sim/model/scenario.js';
import type { MarginalMove, PlanResult, RosterResult, TargetResult } from '../../sim/planner/search.js';
import type { ShiftPattern } from '../../sim/planner/shifts.js';
import { percent } from '../../workers/cli/kpiTable.js';
import { formatDuration, tradeoffChart, type TradeoffDatum } from '../charts/index.js';
import type { AppContext } from '../context.js';
import { h, onWidthChange, replaceChildren, uid } from '../dom.js';
import { CONFIDENCES, REPLICATION_CAPS, plannerSession, type PlanOutcome, type PlanRun } from '../planning.js';
import { CLOCK_WORDS } from '../results.js';
import { compareHash, editHash } from '../router.js';
import { CLOCKS, PRIORITIES } from '../vocabulary.js';

/**
 * `#/planner`: the capacity planner. Pick a scenario, the confidence and (optionally) other SLA
 * targets; Plan searches, in background workers, for the cheapest roster whose targets are met at
 * that confidence, starting from the Erlang answer. The result: people per team and shift against
 * the Erlang start and today, every target with its CI (or why it is out of reach), cost against
 * safety, the plan under other volumes, what one more or one fewer person buys; and a button that
 * saves the plan as a scenario to compare with today.
 */

const DEFAULT_SCENARIO = 'bundled:seed-defaults';
const FULL_CAP = 40;

type TargetKey = `${ClockName}.${Priority}`;

/** Targets edited per scenario, kept while the page lives (switching scenarios or views keeps your edits). */
const edits = new Map<string, Map<TargetKey, string>>();

export function renderPlanner(root: HTMLElement, ctx: AppContext, params: URLSearchParams): () => void {
  const { store } = ctx;
  const session = plannerSession;
  const last = session.run;

  // ---- the choices, from the URL, else the last plan, else the defaults ----------------------
  const fromUrl = params.get('scenario');
  let scenarioId = [fromUrl, last?.id, DEFAULT_SCENARIO].find((id): id is string => !!id && store.get(id) !== undefined) ?? store.list()[0]?.id ?? DEFAULT_SCENARIO;
  const confidenceParam = Number(params.get('confidence'));
  let confidence: number = (CONFIDENCES as readonly number[]).includes(confidenceParam) ? confidenceParam : (last?.confidence ?? 0.95);
  const capParam = Number(params.get('replications'));
  let maxReplications: number = (REPLICATION_CAPS as readonly number[]).includes(capParam) ? capParam : (last?.maxReplications ?? FULL_CAP);
  let generated = last?.patterns === 'generated';

  // ---- controls ------------------------------------------------------------------------------
  const scenarioSelect = h('select', { id: 'plan-scenario' });
  const confidenceSelect = h('select', { id: 'plan-confidence' },
    CONFIDENCES.map((c) => h('option', { value: String(c) }, `${Math.round(c * 100)}%`)),
  );
  const capSelect = h('select', { id: 'plan-replications' },
    REPLICATION_CAPS.map((n) => h('option', { value: String(n) }, n === FULL_CAP ? `${n} (as supportsim plan)` : n === 5 ? `${n} (a rough first look)` : String(n))),
  );
  const generatedBox = h('input', { type: 'checkbox', id: 'plan-generated', checked: generated });
  const capHint = h('p', { class: 'hint-line', id: 'plan-cap-hint' });
  const planButton = h('button', { type: 'button', class: 'primary', id: 'plan-run' }, 'Plan');
  const cancelButton = h('button', { type: 'button', id: 'plan-cancel', disabled: true }, 'Cancel');
  const progress = h('progress', { id: 'plan-progress', max: 1, value: 0, 'aria-label': 'Progress of the plan' });
  const progressText = h('span', { class: 'progress-text', 'aria-live': 'polite' });
  const statusLine = h('div', { class: 'run-status', role: 'status' });
  const targetsHost = h('div', { class: 'targets-host' });
  const results = h('div', { class: 'results plan-results', id: 'plan-results' });
  const host = h('section', { class: 'planner', 'data-state': session.state });

  // ---- the targets form ----------------------------------------------------------------------
  /** The form's text per clock x priority ('' = no target), and whether it differs from the scenario's. */
  let form = new Map<TargetKey, string>();
  let original = new Map<TargetKey, string>();
  let formErrors = new Map<TargetKey, string>();

  const rawOf = (id: string): Record<string, unknown> => {
    const raw = store.get(id)?.raw;
    return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  };
  const scenarioTargets = (raw: Record<string, unknown>): Map<TargetKey, string> => {
    const out = new Map<TargetKey, string>();
    const list = Array.isArray(raw.targets) ? (raw.targets as Array<Record<string, unknown>>) : [];
    for (const t of list) {
      if (typeof t?.clock !== 'string' || typeof t?.priority !== 'string') continue;
      const compliance = typeof t.compliance === 'number' ? t.compliance : 0.95;
      out.set(`${t.clock}.${t.priority}` as TargetKey, trimNumber(compliance * 100));
    }
    return out;
  };
  /** The SLA clock target a priority's tickets get (the policy most of them take), in words: '15 min', '8 h of business hours'. */
  const clockGoal = (raw: Record<string, unknown>, clock: ClockName, priority: Priority): string | null => {
    const policies = Array.isArray(raw.slaPolicies) ? (raw.slaPolicies as Array<Record<string, unknown>>) : [];
    const matches = policies.filter((p) => {
      const prios = Array.isArray(p?.priorities) ? (p.priorities as string[]) : [];
      const clocks = (p?.clocks ?? {}) as Record<string, unknown>;
      return (prios.length === 0 || prios.includes(priority)) && clocks[clock] !== undefined;
    });
    const policy = matches.find((p) => !(Array.isArray(p.segments) && p.segments.length > 0) && !(Array.isArray(p.channels) && p.channels.length > 0)) ?? matches[0];
    const target = ((policy?.clocks ?? {}) as Record<string, { targetMinutes?: unknown; calendar?: unknown }>)[clock];
    if (!target || typeof target.targetMinutes !== 'number') return null;
    const calendar = typeof target.calendar === 'string' ? target.calendar : '24x7';
    return calendar === '24x7' ? goalDuration(target.targetMinutes) : `${goalDuration(target.targetMinutes)} of ${calendar === 'business' ? 'business' : calendar} hours`;
  };

  const loadTargets = () => {
    const raw = rawOf(scenarioId);
    original = scenarioTargets(raw);
    form = new Map(edits.get(scenarioId) ?? original);
    formErrors = new Map();
    drawTargets();
  };

  const targetsEdited = (): boolean => {
    const keys = new Set([...form.keys(), ...original.keys()]);
    for (const k of keys) if ((form.get(k) ?? '') !== (original.get(k) ?? '')) return true;
    return false;
  };

  const formTargets = (): ComplianceTarget[] => {
    const out: ComplianceTarget[] = [];
    for (const clock of CLOCKS) {
      for (const priority of PRIORITIES) {
        const text = (form.get(`${clock}.${priority}`) ?? '').trim();
        if (text !== '') out.push({ clock, priority, compliance: Number(text) / 100 });
      }
    }
    return out;
  };

  const drawTargets = () => {
    const raw = rawOf(scenarioId);
    const rows = CLOCKS.filter((clock) => PRIORITIES.some((p) => clockGoal(raw, clock, p) !== null || form.has(`${clock}.${p}`)));
    const edited = targetsEdited();
    const n = [...form.values()].filter((v) => v.trim() !== '').length;
    replaceChildren(
      targetsHost,
      h('details', { class: 'targets-form', open: edited || undefined },
        h('summary', {},
          h('strong', {}, 'SLA targets to plan for'), ' ',
          h('span', { class: 'muted' }, edited ? `${n} target${n === 1 ? '' : 's'}, changed by you: the plan (and a scenario saved from it) uses yours` : `${n} target${n === 1 ? '' : 's'}, as in the scenario. Open to try other goals.`),
        ),
        h('p', { class: 'hint-line' }, 'The share of tickets (in %) that must meet each SLA clock. Leave a box empty for no target. Boxes appear only where an SLA policy of the scenario sets that clock.'),
        rows.length === 0
          ? h('p', { class: 'muted' }, 'This scenario has no SLA policy, so there is nothing to plan for: add one in the editor.')
          : h('table', { class: 'form-table targets-grid', id: 'plan-targets-form' },
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'SLA clock'), PRIORITIES.map((p) => h('th', { scope: 'col' }, p)))),
              h('tbody', {}, rows.map((clock) =>
                h('tr', {},
                  h('th', { scope: 'row' }, CLOCK_WORDS[clock]),
                  PRIORITIES.map((priority) => {
                    const key: TargetKey = `${clock}.${priority}`;
                    const goal = clockGoal(raw, clock, priority);
                    if (goal === null && !form.has(key)) return h('td', { class: 'muted', title: `No SLA policy sets a ${clock} target for ${priority} tickets` }, '–');
                    const id = uid('target');
                    const errorId = `${id}-error`;
                    const error = formErrors.get(key);
                    const input = h('input', {
                      type: 'number', id, class: 'num', min: 0, max: 100, step: 0.1, value: form.get(key) ?? '', placeholder: 'none',
                      'data-target': key, 'aria-invalid': error ? 'true' : null, 'aria-describedby': error ? errorId : null,
                    });
                    input.addEventListener('change', () => setTarget(key, input.value));
                    return h('td', {},
                      h('span', { class: 'field' },
                        h('label', { for: id, class: 'visually-hidden' }, `${CLOCK_WORDS[clock]} ${priority}: required share within target (%)`),
                        input, h('span', { class: 'unit' }, goal ? `% within ${goal}` : '%'),
                        h('span', { class: 'field-error', id: errorId }, error ?? ''),
                      ),
                    );
                  }),
                ),
              )),
            ),
        edited ? h('button', { type: 'button', class: 'small', id: 'plan-targets-reset', onclick: () => (edits.delete(scenarioId), loadTargets(), syncButtons()) }, 'Back to the scenario’s targets') : null,
      ),
    );
  };

  const setTarget = (key: TargetKey, text: string) => {
    const value = text.trim();
    const number = Number(value);
    if (value !== '' && !(Number.isFinite(number) && number >= 0 && number <= 100)) formErrors.set(key, `expected a share from 0 to 100 %, got "${text}"`);
    else formErrors.delete(key);
    form.set(key, value === '' ? '' : Number.isFinite(number) ? trimNumber(number) : value);
    if (targetsEdited()) edits.set(scenarioId, new Map(form));
    else edits.delete(scenarioId);
    drawTargets();
    (targetsHost.querySelector(`[data-target="${key}"]`) as HTMLInputElement | null)?.focus();
    syncButtons();
  };

  // ---- choices -------------------------------------------------------------------------------
  const drawScenarios = () => {
    replaceChildren(scenarioSelect, store.list().map((s) => h('option', { value: s.id }, `${store.name(s.id)}${s.bundled ? '' : ' (yours)'}`)));
    scenarioSelect.value = scenarioId;
  };
  const drawCapHint = () => {
    capHint.textContent =
      maxReplications < FULL_CAP
        ? `At most ${maxReplications} replications per roster: quicker, but each confidence interval is wider, so the plan keeps a bigger safety margin and may staff more people than a plan with ${FULL_CAP} (as supportsim plan).`
        : `At most ${FULL_CAP} replications per roster, as supportsim plan: the same plan as the command line. Choose fewer for a quicker, more cautious first look.`;
  };
  scenarioSelect.addEventListener('change', () => {
    scenarioId = scenarioSelect.value;
    loadTargets();
    syncButtons();
  });
  confidenceSelect.addEventListener('change', () => (confidence = Number(confidenceSelect.value)));
  capSelect.addEventListener('change', () => {
    maxReplications = Number(capSelect.value);
    drawCapHint();
  });
  generatedBox.addEventListener('change', () => (generated = generatedBox.checked));

  const syncButtons = () => {
    planButton.disabled = session.running || formErrors.size > 0 || store.get(scenarioId) === undefined;
    cancelButton.disabled = !session.running;
  };

  const plan = () => {
    const stored = store.get(scenarioId);
    if (!stored || formErrors.size > 0) return;
    const run: PlanRun = {
      id: scenarioId,
      name: store.name(scenarioId),
      confidence,
      maxReplications,
      patterns: generated ? 'generated' : 'scenario',
      ...(targetsEdited() ? { targets: formTargets() } : {}),
    };
    void session.start(run, stored.raw);
  };
  planButton.addEventListener('click', plan);
  cancelButton.addEventListener('click', () => session.cancel());

  // ---- following the session -----------------------------------------------------------------
  let frame = 0;
  const showProgress = () => {
    frame = 0;
    progress.value = session.progress.fraction;
    const seconds = (performance.now() - session.startedAt) / 1000;
    progressText.textContent = `${Math.round(session.progress.fraction * 100)}% · ${session.progress.text} (${seconds.toFixed(0)} s)`;
  };
  const onProgress = () => {
    if (frame === 0) frame = requestAnimationFrame(showProgress);
  };
  let shown: PlanOutcome | null | undefined;
  let shownSaved: string | undefined;
  let redrawChart: (() => void) | null = null;
  const onChange = () => {
    host.dataset.state = session.state;
    const running = session.running;
    planButton.textContent = running ? 'Planning…' : 'Plan';
    progress.hidden = !running;
    results.classList.toggle('stale', running);
    syncButtons();
    if (running) {
      showProgress();
      statusLine.className = 'run-status';
      const r = session.run as PlanRun;
      replaceChildren(statusLine,
        `Planning ${r.name} at ${Math.round(r.confidence * 100)}% confidence, at most ${r.maxReplications} replications per roster${r.targets ? ', with your targets' : ''}, in background workers. `,
        'The page stays usable: you can leave this view and come back.',
      );
    } else {
      progressText.textContent = '';
      if (session.state === 'failed' || session.state === 'cancelled') {
        statusLine.className = `run-status ${session.state}`;
        const r = session.run;
        replaceChildren(statusLine,
          session.message ?? '',
          session.errors.length > 1 ? h('ul', { class: 'plan-errors' }, session.errors.slice(0, 8).map((e) => h('li', {}, e))) : null,
          session.errors.length > 0 && r && !store.get(r.id)?.bundled ? [' ', h('a', { href: editHash(r.id) }, `Fix "${r.name}" in the editor`), '.'] : null,
        );
      } else if (session.state === 'done' && session.outcome) {
        statusLine.className = 'run-status done';
        replaceChildren(statusLine, `Done: ${session.outcome.run.name} planned in ${(session.outcome.wallMs / 1000).toFixed(1)} s.`);
      } else replaceChildren(statusLine);
    }
    if (session.outcome !== shown || session.outcome?.savedId !== shownSaved) {
      const fresh = shown === undefined || session.outcome?.result !== shown?.result;
      shown = session.outcome;
      shownSaved = shown?.savedId;
      if (!shown) {
        redrawChart = null;
        replaceChildren(results, h('p', { class: 'muted' }, 'The plan appears here: choose a scenario and press Plan. A small desk takes seconds; the 28-day seed desk about half a minute.'));
      } else if (fresh) {
        redrawChart = renderOutcome(results, shown, ctx);
        performance.mark('supportsim:plan-rendered');
      } else {
        drawSave(results.querySelector('.save-plan') as HTMLElement | null, shown, ctx);
      }
    }
  };
  session.addEventListener('change', onChange);
  session.addEventListener('progress', onProgress);

  const stopWatchingWidth = onWidthChange(() => redrawChart?.());

  root.append(
    h('section', { class: 'view-intro' },
      h('h1', {}, 'Plan staffing'),
      h('p', {},
        'How many people does each team need on each shift to meet the SLA targets, and what does that cost? ',
        'The planner starts from the textbook Erlang answer, then simulates candidate rosters on the same weeks of tickets and keeps the cheapest one whose every target is met with the confidence you choose. ',
        'Targets no roster can meet (say, a resolution target shorter than engineering’s turnaround) are named, with the reason, and left aside.',
      ),
    ),
    host,
  );
  host.append(
    h('form', { class: 'compare-controls plan-controls', onsubmit: (e: Event) => (e.preventDefault(), plan()) },
      h('div', { class: 'run-row' },
        h('span', { class: 'field' }, h('label', { for: 'plan-scenario' }, 'Scenario'), scenarioSelect),
        h('span', { class: 'field' }, h('label', { for: 'plan-confidence' }, 'Confidence that each target is met'), confidenceSelect),
        h('span', { class: 'field' }, h('label', { for: 'plan-replications' }, 'Replications per roster, at most'), capSelect),
      ),
      h('div', { class: 'run-row' },
        h('span', { class: 'field' }, generatedBox, h('label', { for: 'plan-generated' }, 'Let the planner choose shift start times and lengths (4, 6 and 8-hour shifts inside today’s opening hours)')),
      ),
      capHint,
      targetsHost,
      h('div', { class: 'run-row' }, planButton, cancelButton, progress, progressText),
      statusLine,
    ),
    results,
  );
  drawScenarios();
  confidenceSelect.value = String(confidence);
  capSelect.value = String(maxReplications);
  drawCapHint();
  loadTargets();
  onChange();

  const onStorage = () => {
    drawScenarios();
    if (!store.get(scenarioId)) {
      scenarioId = DEFAULT_SCENARIO;
      scenarioSelect.value = scenarioId;
      loadTargets();
    }
    syncButtons();
  };
  window.addEventListener('storage', onStorage);

  return () => {
    session.removeEventListener('change', onChange);
    session.removeEventListener('progress', onProgress);
    stopWatchingWidth();
    window.removeEventListener('storage', onStorage);
    if (frame) cancelAnimationFrame(frame);
  };
}

// ---- the plan ----------------------------------------------------------------------------------

const money = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const signedMoney = (x: number) => (Math.round(x) === 0 ? '±0' : `${x > 0 ? '+' : '−'}${money(Math.abs(x))}`);
const signed = (n: number) => (n === 0 ? '±0' : `${n > 0 ? '+' : '−'}${Math.abs(n)}`);
const percent2 = (x: number) => `${(x * 100).toFixed(2)}%`;
const ci = (t: Pick<TargetResult, 'mean' | 'lo' | 'hi'>) => (Number.isFinite(t.mean) ? `${percent(t.mean)}` : 'no tickets');
const ciRange = (t: Pick<TargetResult, 'lo' | 'hi'>) => (Number.isFinite(t.lo) && Number.isFinite(t.hi) ? `${percent(Math.max(0, t.lo))} – ${percent(Math.min(1, t.hi))}` : '');
const targetName = (t: { clock: string; priority: string }) => `${CLOCK_WORDS[t.clock] ?? t.clock} ${t.priority}`;
const keyOf = (t: { clock: string; priority: string }) => `${t.clock}.${t.priority}`;

/** The plan's sections; returns a function that redraws the chart (on resize). */
function renderOutcome(host: HTMLElement, outcome: PlanOutcome, ctx: AppContext): () => void {
  const { result, scenario, run } = outcome;
  const conf = `${Math.round(result.confidence * 1000) / 10}%`;
  const outOfReach = new Set((result.infeasible ?? []).map(keyOf));
  const feasible = result.targets.filter((t) => !outOfReach.has(keyOf(t)));
  const people = (groups: RosterResult['groups']) => Object.values(groups).reduce((n, g) => n + g.headcount, 0);
  const planPeople = people(result.groups);
  const todayPeople = people(result.current.groups);
  const metCount = result.targets.filter((t) => t.met).length;
  const s = result.search;

  const headline = h('div', { class: 'headline', 'data-testid': 'plan-headline' },
    h('p', {},
      h('strong', {}, `${result.scenario}: `),
      `the plan needs ${planPeople} ${planPeople === 1 ? 'person' : 'people'} costing ${money(result.cost.perWeek)} a week; today’s roster has ${todayPeople} costing ${money(result.current.cost.perWeek)} (${signedMoney(result.cost.perWeek - result.current.cost.perWeek)} a week).`,
    ),
    h('p', {},
      `${metCount} of ${result.targets.length} SLA targets are met at ${conf} confidence`,
      outOfReach.size > 0 ? [', ', h('span', { class: 'worse' }, `${outOfReach.size} ${outOfReach.size === 1 ? 'is' : 'are'} out of reach with any roster`), ' (why: in the targets table)'] : null,
      '.',
      !result.feasible && outOfReach.size === 0 ? h('span', { class: 'worse' }, ' Some target is not shown to be met: see the note below.') : null,
    ),
    s.stopped ? h('p', { class: 'worse' }, `Note: ${s.stopped}.`) : null,
  );
  const about = h('p', { class: 'plan-about' },
    `Simulated ${s.replications.toLocaleString('en-US')} replications of ${s.candidates} rosters in ${(outcome.wallMs / 1000).toFixed(1)} s on ${outcome.workers} background worker${outcome.workers === 1 ? '' : 's'}, every roster on the same tickets (seed ${result.seed}); `,
    `at most ${s.maxReplications} replications per roster${s.maxReplications < FULL_CAP ? ` (a quick plan: wider intervals, so a more cautious roster than with ${FULL_CAP})` : ''}, the plan checked on ${s.reportReplications}. `,
    s.patterns === 'generated' ? 'Shift start times and lengths chosen by the planner. ' : Object.values(result.groups).some((g) => g.shifts) ? 'Shift times as today; the planner sets how many people work each. ' : '',
    run.targets ? 'Planned for your targets, not the scenario’s. ' : '',
    `Finished ${outcome.finishedAt.toLocaleTimeString()}.`,
  );

  const figure = h('figure', { class: 'chart wide', 'data-chart': 'tradeoff' });
  const plot = h('div', { class: 'chart-plot', style: 'min-height:340px' });
  const drawChart = () => {
    const width = Math.max(360, Math.floor(plot.clientWidth || 1180));
    replaceChildren(plot, tradeoffChart(tradeoffData(result), { width, height: 340 }));
  };
  figure.append(
    h('div', { class: 'chart-head' }, h('h3', {}, 'Cost against safety')),
    h('figcaption', { class: 'caption' },
      'Each dot is a roster the planner simulated: the cheapest found at each level of safety. Across: what it costs a week; up: the room its weakest target has (the low end of its confidence interval minus the required share). ',
      'Below the dashed line some target is not shown to be met. The plan is the cheapest roster above it; hover a dot for its roster.',
    ),
    plot,
  );

  const save = h('section', { class: 'save-plan' });
  replaceChildren(
    host,
    h('div', { class: 'results-head' }, h('h2', {}, `The plan for ${result.scenario}`), about),
    headline,
    section('People needed, by team and shift', 'How many people each team needs on each shift. Erlang start: the textbook queueing answer the search starts from; today: the roster as the scenario has it. Paid hours and cost are the plan’s.', rosterGrid(result, scenario)),
    section('SLA targets with the plan', `Each target’s compliance with the plan: the average over replications and its ${conf} confidence interval. Met: the interval’s low end reaches the required share. Out of reach: no roster the planner tried could show it; the reason follows.`, targetsTable(result, scenario)),
    figure,
    section('If volume changes', `The same plan with fewer or more tickets than forecast (every stream and incident scaled), on ${s.reportReplications} replications each: how many of the ${feasible.length} targets it was planned for stay met.`, volumeTable(result)),
    section('What one more or one fewer person buys', `The plan with one person more or fewer on each team or shift, on the same simulated tickets: the change in cost, and the compliance changes that are clear at ${conf} confidence.`, marginalTable(result)),
    section('The Erlang starting point', 'The analytic answer per team, from the demand reaching it in each hour of the week (queueing theory, no simulation): where the search starts.', erlangList(result)),
    s.notes.length > 0 ? h('ul', { class: 'plan-notes muted' }, s.notes.map((n) => h('li', {}, `Note: ${n}.`))) : null,
    save,
  );
  drawSave(save, outcome, ctx);
  host.dataset.charts = 'pending';
  setTimeout(() => {
    drawChart();
    host.dataset.charts = 'drawn';
    performance.mark('supportsim:plan-chart-drawn');
  }, 0);
  return drawChart;
}

function section(title: string, intro: string, body: HTMLElement): HTMLElement {
  return h('section', { class: 'plan-section' }, h('h2', {}, title), h('p', { class: 'section-intro' }, intro), body);
}

function drawSave(host: HTMLElement | null, outcome: PlanOutcome, ctx: AppContext): void {
  if (!host) return;
  const { store } = ctx;
  const savedId = outcome.savedId && store.get(outcome.savedId) ? outcome.savedId : undefined;
  const saveIt = () => {
    try {
      const names = new Set(store.list().map((s) => store.name(s.id)));
      let name = outcome.planned.name;
      for (let k = 2; names.has(name); k++) name = `${outcome.planned.name.slice(0, 75)} ${k}`;
      const saved = store.save({ ...outcome.planned, name });
      plannerSession.markSaved(saved.id);
      ctx.notify(`Saved the plan as "${name}".`);
    } catch (e) {
      ctx.notify((e as Error).message, 'error');
    }
  };
  replaceChildren(
    host,
    h('h2', {}, 'Use the plan'),
    h('p', { class: 'section-intro' },
      'Save the plan as a scenario of your own: the same desk with the planned roster',
      outcome.run.targets ? ' and the targets you planned for' : '',
      '. Then compare it with today’s roster, change it in the editor or share it.',
    ),
    outcome.plannedErrors.length > 0
      ? h('p', { class: 'error' }, `The plan cannot be saved as a scenario: ${outcome.plannedErrors[0]}`)
      : savedId
      ? h('div', { class: 'toolbar' },
          h('span', { class: 'saved-as' }, `Saved as “${store.name(savedId)}”.`),
          h('a', { class: 'button primary-link', id: 'plan-compare', href: compareHash(store.get(outcome.run.id) ? [outcome.run.id, savedId] : [savedId]) }, 'Compare with today'),
          h('a', { class: 'button', href: editHash(savedId) }, 'Open it in the editor'),
        )
      : h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', id: 'plan-save', onclick: saveIt }, 'Save the plan as a new scenario')),
  );
}

// ---- tables ------------------------------------------------------------------------------------

function daysText(days: readonly string[]): string {
  const order = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const set = order.filter((d) => days.includes(d));
  const key = set.join(',');
  if (key === 'Mon,Tue,Wed,Thu,Fri') return 'Mon–Fri';
  if (key === 'Sat,Sun') return 'Sat–Sun';
  if (set.length === 7) return 'daily';
  return set.join(' ');
}

function tierNote(group: Scenario['groups'][number]): HTMLElement | null {
  return group.tier === group.name ? null : h('span', { class: 'sub' }, group.tier);
}

function rosterGrid(result: PlanResult, scenario: Scenario): HTMLElement {
  const body: HTMLElement[] = [];
  const totals = { plan: 0, erlang: 0, today: 0, hours: 0, cost: 0 };
  const num = (n: number | undefined, cls = '') => h('td', { class: `num ${cls}`.trim() }, n === undefined ? '–' : String(n));
  const change = (plan: number, today: number | undefined) =>
    h('td', { class: `num change${today === undefined || plan === today ? ' same' : ''}` }, today === undefined ? '–' : signed(plan - today));
  for (const group of scenario.groups) {
    const plan = result.groups[group.name];
    if (!plan) continue;
    const erlang = result.erlang[group.name];
    const today = result.current.groups[group.name];
    const money2 = [h('td', { class: 'num' }, money(plan.paidHoursPerWeek)), h('td', { class: 'num' }, money(plan.costPerWeek))];
    if (!plan.shifts) {
      body.push(
        h('tr', { 'data-group': group.name },
          h('th', { scope: 'row' }, group.name, tierNote(group)),
          h('td', {}, 'around the clock'),
          num(plan.headcount, 'plan'), num(erlang?.headcount), num(today?.headcount), change(plan.headcount, today?.headcount),
          money2,
        ),
      );
    } else {
      const windows: ShiftPattern[] = plan.patterns ?? group.shifts;
      const names = [...new Set([...Object.keys(plan.shifts), ...(plan.patterns ? [] : group.shifts.map((x) => x.name)), ...Object.keys(today?.shifts ?? {})])];
      names.forEach((name, i) => {
        const w = windows.find((p) => p.name === name) ?? group.shifts.find((p) => p.name === name);
        const windowText = w ? `${daysText(w.days)} ${w.from}–${w.to}` : '';
        const planned = plan.shifts?.[name] ?? 0;
        const todayN = today?.shifts?.[name] ?? 0;
        const erlangN = erlang?.shifts?.[name] ?? (plan.patterns ? undefined : 0);
        const cells: HTMLElement[] = [];
        if (i === 0) cells.push(h('th', { scope: 'rowgroup', rowspan: names.length }, group.name, tierNote(group)));
        cells.push(
          h('td', {}, w && name.replace(/-/g, '–') !== windowText ? [name, h('span', { class: 'sub' }, windowText)] : windowText || name),
          num(planned, 'plan'), num(erlangN), num(todayN), change(planned, todayN),
        );
        if (i === 0) cells.push(h('td', { class: 'num', rowspan: names.length }, money(plan.paidHoursPerWeek)), h('td', { class: 'num', rowspan: names.length }, money(plan.costPerWeek)));
        body.push(h('tr', { 'data-group': group.name, 'data-shift': name, class: i === 0 ? 'first' : 'more' }, cells));
      });
    }
    totals.plan += plan.headcount;
    totals.erlang += erlang?.headcount ?? 0;
    totals.today += today?.headcount ?? 0;
    totals.hours += plan.paidHoursPerWeek;
    totals.cost += plan.costPerWeek;
  }
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'plan-table roster-grid', id: 'roster-grid' },
      h('caption', { class: 'visually-hidden' }, 'People per team and shift: the plan, the Erlang start and today'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Team'), h('th', { scope: 'col' }, 'Shift'),
        h('th', { scope: 'col', class: 'num plan' }, 'Plan'), h('th', { scope: 'col', class: 'num' }, 'Erlang start'), h('th', { scope: 'col', class: 'num' }, 'Today'),
        h('th', { scope: 'col', class: 'num' }, 'Plan vs today'),
        h('th', { scope: 'col', class: 'num' }, 'Paid hours a week'), h('th', { scope: 'col', class: 'num' }, 'Cost a week'),
      )),
      h('tbody', {}, body),
      h('tfoot', {},
        h('tr', { class: 'total' },
          h('th', { scope: 'row', colspan: 2 }, 'All teams'),
          num(totals.plan, 'plan'), num(totals.erlang), num(totals.today), change(totals.plan, totals.today),
          h('td', { class: 'num' }, money(totals.hours)), h('td', { class: 'num' }, money(totals.cost)),
        ),
        h('tr', { class: 'cost-compare' },
          h('td', { colspan: 8 },
            `Cost a week: the plan ${money(result.cost.perWeek)}; the Erlang start ${money(result.erlangRoster.cost.perWeek)}; today ${money(result.current.cost.perWeek)} (the plan ${signedMoney(result.cost.perWeek - result.current.cost.perWeek)}). Engineering is not planned: it works its own queue.`,
          ),
        ),
      ),
    ),
  );
}

function targetsTable(result: PlanResult, scenario: Scenario): HTMLElement {
  const conf = `${Math.round(result.confidence * 1000) / 10}%`;
  const infeasible = new Map((result.infeasible ?? []).map((t) => [keyOf(t), t]));
  const brief = (t: TargetResult | undefined) => {
    if (!t || !Number.isFinite(t.mean)) return h('td', { class: 'num muted' }, '–');
    return h('td', { class: 'num' }, percent(t.mean), h('span', { class: `tag ${t.met ? 'met' : 'missed'}` }, t.met ? 'met' : 'missed'));
  };
  const rows: HTMLElement[] = [];
  result.targets.forEach((t, k) => {
    const out = infeasible.get(keyOf(t));
    const goal = slaGoal(scenario, t.clock, t.priority);
    const verdict = t.met ? h('td', { class: 'verdict met' }, '✓ Met') : out ? h('td', { class: 'verdict out' }, '✗ Out of reach') : h('td', { class: 'verdict missed' }, '✗ Not shown');
    rows.push(
      h('tr', { 'data-target': keyOf(t), class: out ? 'has-reason' : '' },
        h('th', { scope: 'row' }, targetName(t), goal ? h('span', { class: 'sub' }, `within ${goal}`) : null),
        h('td', { class: 'num' }, percent(t.required)),
        h('td', { class: 'num' }, h('span', { class: 'v' }, ci(t)), h('span', { class: 'ci' }, ciRange(t)), h('span', { class: 'reps' }, `${t.replications} reps`)),
        verdict,
        brief(result.erlangRoster.targets[k]),
        brief(result.current.targets[k]),
      ),
    );
    if (out) {
      rows.push(
        h('tr', { class: 'reason', 'data-reason-for': keyOf(t) },
          h('td', { colspan: 6 },
            h('strong', {}, 'Why: '), `${out.reason}. `,
            out.reason.includes('times the Erlang roster') ? '' : `The best the planner saw: ${percent(out.best.mean)} (${ciRange(out.best)}) with ${out.atMultiple} times the Erlang roster. `,
            'The plan leaves this target aside and meets the others.',
          ),
        ),
      );
    } else if (!t.met) {
      rows.push(h('tr', { class: 'reason' }, h('td', { colspan: 6 }, `Not shown at ${conf} confidence: the interval’s low end (${percent2(t.lo)}) stays below ${percent(t.required)}.`)));
    }
  });
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'plan-table targets-table', id: 'plan-targets' },
      h('caption', { class: 'visually-hidden' }, 'SLA targets with the plan, the Erlang start and today'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Target'), h('th', { scope: 'col', class: 'num' }, 'Required'),
        h('th', { scope: 'col', class: 'num' }, 'With the plan', h('span', { class: 'sub' }, `mean, ${conf} CI`)),
        h('th', { scope: 'col' }, 'Verdict'),
        h('th', { scope: 'col', class: 'num' }, 'Erlang start'), h('th', { scope: 'col', class: 'num' }, 'Today'),
      )),
      h('tbody', {}, rows),
    ),
  );
}

function slaGoal(scenario: Scenario, clock: string, priority: string): string | null {
  const matches = scenario.slaPolicies.filter((p) => (p.priorities.length === 0 || p.priorities.includes(priority as Priority)) && p.clocks[clock as ClockName]);
  const policy = matches.find((p) => p.segments.length === 0 && p.channels.length === 0) ?? matches[0];
  const target = policy?.clocks[clock as ClockName];
  if (!target) return null;
  return target.calendar === '24x7' ? goalDuration(target.targetMinutes) : `${goalDuration(target.targetMinutes)} of ${target.calendar === 'business' ? 'business' : target.calendar} hours`;
}

function volumeTable(result: PlanResult): HTMLElement {
  const outOfReach = new Set((result.infeasible ?? []).map(keyOf));
  if (result.sensitivity.volume.length === 0) return h('p', { class: 'muted' }, 'Not computed for this plan.');
  const rows = result.sensitivity.volume.map((v) => {
    const feasible = v.targets.filter((t) => !outOfReach.has(keyOf(t)));
    const met = feasible.filter((t) => t.met).length;
    const weakest = [...feasible].sort((a, b) => a.lo - a.required - (b.lo - b.required))[0];
    const pct = Math.round((v.factor - 1) * 100);
    return h('tr', { class: pct === 0 ? 'as-forecast' : '', 'data-factor': String(v.factor) },
      h('th', { scope: 'row' }, pct === 0 ? 'as forecast' : `${pct > 0 ? '+' : '−'}${Math.abs(pct)}% tickets`),
      h('td', { class: `num ${met === feasible.length ? 'better' : 'worse'}` }, `${met} of ${feasible.length}`),
      h('td', {}, weakest ? [`${targetName(weakest)}: ${ci(weakest)} `, h('span', { class: 'ci' }, `(${ciRange(weakest)}), required ${percent(weakest.required)}`)] : '–'),
    );
  });
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'plan-table volume-table', id: 'plan-volume' },
      h('caption', { class: 'visually-hidden' }, 'The plan under other volumes'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Volume'), h('th', { scope: 'col', class: 'num' }, 'Targets met'), h('th', { scope: 'col' }, 'Weakest target'))),
      h('tbody', {}, rows),
    ),
  );
}

function marginalTable(result: PlanResult): HTMLElement {
  const outOfReach = new Set((result.infeasible ?? []).map(keyOf));
  const effect = (m: MarginalMove): string => {
    const parts: string[] = [];
    const clear = m.targets
      .filter((t) => Number.isFinite(t.delta.mean) && (t.delta.lo > 0 || t.delta.hi < 0))
      .sort((a, b) => Math.abs(b.delta.mean) - Math.abs(a.delta.mean))
      .slice(0, 3);
    for (const t of clear) parts.push(`${targetName(t)} ${t.delta.mean >= 0 ? '+' : '−'}${Math.abs(100 * t.delta.mean).toFixed(1)} pts`);
    const broken = m.targets.filter((t, k) => !t.met && result.targets[k]?.met && !outOfReach.has(keyOf(t)));
    if (broken.length > 0) parts.push(`no longer shows ${broken.map((t) => `${targetName(t)} (${percent(t.mean)}, low end ${percent2(t.lo)})`).join(', ')}`);
    return parts.length > 0 ? parts.join('; ') : 'no clear change';
  };
  const rows: HTMLElement[] = [];
  for (const [group, m] of Object.entries(result.sensitivity.marginal)) {
    const entries: Array<[string, MarginalMove | undefined, MarginalMove | undefined]> = m.shifts
      ? Object.entries(m.shifts).map(([shift, v]) => [`${group}, ${shift}`, v.plusOne, v.minusOne])
      : [[result.groups[group]?.shifts ? `${group}, ${Object.keys(result.groups[group].shifts ?? {})[0] ?? ''}` : group, m.plusOne, m.minusOne]];
    for (const [label, plus, minus] of entries) {
      for (const [move, word] of [[plus, 'one more'], [minus, 'one fewer']] as const) {
        if (!move) continue;
        rows.push(
          h('tr', {},
            h('th', { scope: 'row' }, `${label}: ${word}`, h('span', { class: 'sub' }, `${move.headcount} ${move.headcount === 1 ? 'person' : 'people'}`)),
            h('td', { class: 'num' }, signedMoney(move.costPerWeek)),
            h('td', {}, effect(move)),
            h('td', { class: move.met ? 'better' : 'worse' }, move.met ? 'yes' : 'no'),
          ),
        );
      }
    }
  }
  if (rows.length === 0) return h('p', { class: 'muted' }, 'Not computed for this plan.');
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'plan-table marginal-table', id: 'plan-marginal' },
      h('caption', { class: 'visually-hidden' }, 'What one more or one fewer person buys'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Change'), h('th', { scope: 'col', class: 'num' }, 'Cost a week'),
        h('th', { scope: 'col' }, 'Effect on compliance (paired with the plan)'), h('th', { scope: 'col' }, 'Still met?'),
      )),
      h('tbody', {}, rows),
    ),
  );
}

function erlangList(result: PlanResult): HTMLElement {
  return h('ul', { class: 'erlang-list' },
    Object.entries(result.erlang).map(([name, e]) => {
      const goal = e.goal ? `${percent(e.goal.serviceLevel)} of ${e.goal.priority} tickets picked up within ${goalDuration(e.goal.threshold)} (the ${e.goal.clock} target)` : 'no demand reaches it';
      return h('li', {},
        h('strong', {}, `${name}: `),
        `${e.agents} working at the busiest hour for ${goal}; ${e.scheduled} scheduled with ${percent(e.shrinkage)} shrinkage${e.binding === 'occupancy' ? ' (the occupancy cap decides)' : ''}`,
        e.shifts ? `; spread over the shifts: ${Object.entries(e.shifts).map(([s, n]) => `${s} ${n}`).join(', ')}` : '',
        '.',
      );
    }),
  );
}

// ---- the chart's data --------------------------------------------------------------------------

function rosterMargin(roster: RosterResult, outOfReach: Set<string>): { margin: number; worst: TargetResult | null } {
  let margin = Infinity;
  let worst: TargetResult | null = null;
  const considered = roster.targets.filter((t) => !outOfReach.has(keyOf(t)));
  for (const t of considered.length > 0 ? considered : roster.targets) {
    const m = Number.isFinite(t.lo) ? t.lo - t.required : -t.required;
    if (m < margin) {
      margin = m;
      worst = t;
    }
  }
  return { margin: worst ? margin : 0, worst };
}

function tradeoffData(result: PlanResult): TradeoffDatum[] {
  const outOfReach = new Set((result.infeasible ?? []).map(keyOf));
  const rosterText = (headcounts: Record<string, number>) =>
    Object.entries(headcounts)
      .map(([k, n]) => `${k.replace('/', ' ')} ${n}`)
      .join(', ');
  const data: TradeoffDatum[] = result.tradeoff.map((p) => ({
    cost: p.cost,
    margin: p.minMargin,
    met: p.met,
    kind: p.chosen ? 'plan' : 'roster',
    title:
      `${p.chosen ? 'The plan: ' : ''}${money(p.cost)} a week (${rosterText(p.headcounts)}). ` +
      `Weakest target ${targetName(p.worst)}: ${percent(p.worst.mean)}, CI low end ${percent2(p.worst.lo)} for ${percent(p.worst.required)} required` +
      `${p.met ? '; every target met' : '; not every target met'}.`,
  }));
  if (!data.some((d) => d.kind === 'plan')) {
    const m = rosterMargin({ groups: result.groups, cost: result.cost, targets: result.targets, met: result.feasible }, outOfReach);
    data.push({ cost: result.cost.perWeek, margin: m.margin, met: result.targets.every((t) => t.met || outOfReach.has(keyOf(t))), kind: 'plan', title: `The plan: ${money(result.cost.perWeek)} a week.` });
  }
  for (const [kind, roster, words] of [['today', result.current, 'Today’s roster'], ['erlang', result.erlangRoster, 'The Erlang start']] as const) {
    const m = rosterMargin(roster, outOfReach);
    const met = roster.targets.every((t) => t.met || outOfReach.has(keyOf(t)));
    data.push({
      cost: roster.cost.perWeek,
      margin: m.margin,
      met,
      kind,
      title: `${words}: ${money(roster.cost.perWeek)} a week. ` + (m.worst ? `Weakest target ${targetName(m.worst)}: ${percent(m.worst.mean)}, CI low end ${percent2(m.worst.lo)} for ${percent(m.worst.required)} required.` : ''),
    });
  }
  return data;
}

/** An SLA clock's target as a manager says it: '20 s', '15 min', '4 h', '24 h', '3 d'. */
function goalDuration(minutes: number): string {
  if (minutes < 60 || minutes > 48 * 60 || minutes % 60 !== 0) return minutes > 48 * 60 && minutes % 1440 === 0 ? `${minutes / 1440} d` : formatDuration(minutes);
  return `${minutes / 60} h`;
}

/** A number without trailing zeros: 95 -> '95', 92.5 -> '92.5'. */
function trimNumber(x: number): string {
  return String(Number(x.toFixed(4)));
}
