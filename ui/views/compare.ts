import type { SeriesInterval } from '../../sim/experiment.js';
import type { Scenario } from '../../sim/model/scenario.js';
import { kpiAt } from '../../workers/cli/kpiTable.js';
import {
  backlogChart,
  distributionChart,
  formatDuration,
  occupancyHeatmap,
  slaComplianceChart,
  staffingDemandChart,
  type SlaDatum,
} from '../charts/index.js';
import { MAX_REPLICATIONS, MAX_SCENARIOS, TOTAL_BACKLOG, uniqueLabels, type ComparisonResult } from '../comparison.js';
import type { AppContext, CompareSelection } from '../context.js';
import { download, fileSafe, h, onWidthChange, replaceChildren, uid } from '../dom.js';
import { downloadPng, downloadSvg } from '../exporting.js';
import { CLOCK_WORDS, kpiRows, resultsCsv, verdict, type KpiRow } from '../results.js';
import { compareHash, editHash } from '../router.js';
import { DISTRIBUTION_GRID } from '../vocabulary.js';

/**
 * `#/compare`: pick 2 to 4 scenarios and a baseline, run them in the worker pool under common
 * random numbers, and read the KPI table (each value with its 95% CI, each change vs the baseline
 * with the CI of the paired difference) and the charts. On the first visit of a page load it runs
 * the selection at once (by default: the seed desk with and without after-hours ACK duty).
 */
export function renderCompare(root: HTMLElement, ctx: AppContext, params: URLSearchParams): () => void {
  const { store, session } = ctx;
  applyParams(ctx, params);
  let selection: CompareSelection = ctx.selection;

  // ---- controls ---------------------------------------------------------------------------
  const choices = h('div', { class: 'choices' });
  const baselineSelect = h('select', { id: 'baseline' });
  const replicationsInput = h('input', { id: 'replications', type: 'number', min: 2, max: MAX_REPLICATIONS, step: 1, value: selection.replications, class: 'num' });
  const seedInput = h('input', { id: 'seed', type: 'number', min: 0, step: 1, value: selection.seed, class: 'num' });
  const runButton = h('button', { type: 'button', class: 'primary', id: 'run' }, 'Run comparison');
  const cancelButton = h('button', { type: 'button', id: 'cancel', disabled: true }, 'Cancel');
  const progress = h('progress', { id: 'run-progress', max: 1, value: 0, 'aria-label': 'Progress of the comparison' });
  const progressText = h('span', { class: 'progress-text', 'aria-live': 'polite' });
  const selectionError = h('p', { class: 'field-error', role: 'alert' });
  const statusLine = h('div', { class: 'run-status', role: 'status' });
  const results = h('div', { class: 'results', id: 'results' }, h('p', { class: 'muted' }, 'The results appear here when the comparison has run.'));
  const host = h('section', { class: 'compare', 'data-state': session.state });

  const drawChoices = () => {
    const all = store.list();
    const known = new Set(all.map((s) => s.id));
    selection = { ...selection, ids: selection.ids.filter((id) => known.has(id)) };
    replaceChildren(
      choices,
      all.map((s) => {
        const boxId = uid('pick');
        const box = h('input', { type: 'checkbox', id: boxId, value: s.id, checked: selection.ids.includes(s.id) });
        box.addEventListener('change', () => {
          const ids = box.checked ? [...selection.ids, s.id] : selection.ids.filter((id) => id !== s.id);
          update({ ids });
        });
        return h('span', { class: 'choice' }, box, h('label', { for: boxId }, store.name(s.id), s.bundled ? null : h('span', { class: 'badge user' }, 'yours')));
      }),
    );
    replaceChildren(baselineSelect, selection.ids.map((id) => h('option', { value: id }, store.name(id))));
    baselineSelect.value = selection.ids[0] ?? '';
    baselineSelect.disabled = selection.ids.length === 0;
    const n = selection.ids.length;
    selectionError.textContent = n < 2 ? 'Choose at least 2 scenarios.' : n > MAX_SCENARIOS ? `Choose at most ${MAX_SCENARIOS} scenarios.` : '';
    runButton.disabled = session.running || n < 2 || n > MAX_SCENARIOS;
  };

  const update = (change: Partial<CompareSelection>) => {
    selection = { ...selection, ...change };
    ctx.saveSelection(selection);
    drawChoices();
  };

  baselineSelect.addEventListener('change', () => {
    const base = baselineSelect.value;
    update({ ids: [base, ...selection.ids.filter((id) => id !== base)] });
  });
  replicationsInput.addEventListener('change', () => {
    const n = Math.round(Number(replicationsInput.value));
    if (Number.isFinite(n)) update({ replications: Math.min(MAX_REPLICATIONS, Math.max(2, n)) });
    replicationsInput.value = String(selection.replications);
  });
  seedInput.addEventListener('change', () => {
    const n = Math.round(Number(seedInput.value));
    if (Number.isFinite(n) && n >= 0) update({ seed: n });
    seedInput.value = String(selection.seed);
  });

  const run = () => {
    const ids = selection.ids;
    if (ids.length < 2 || ids.length > MAX_SCENARIOS) return;
    const labels = uniqueLabels(ids.map((id) => store.name(id)));
    const entries = ids.map((id, i) => ({ id, label: labels[i], raw: store.get(id)?.raw }));
    void session.run({ entries, replications: selection.replications, seed: selection.seed });
  };
  runButton.addEventListener('click', run);
  cancelButton.addEventListener('click', () => session.cancel());

  // ---- following the session --------------------------------------------------------------
  let frame = 0;
  const showProgress = () => {
    frame = 0;
    const { fraction, finished, total } = session.progress;
    progress.value = fraction;
    progressText.textContent = `${Math.round(fraction * 100)}% · ${finished} of ${total} replications done`;
  };
  const onProgress = () => {
    if (frame === 0) frame = requestAnimationFrame(showProgress);
  };
  let shownResult: ComparisonResult | null = null;
  const onChange = () => {
    host.dataset.state = session.state;
    const running = session.running;
    runButton.disabled = running || selection.ids.length < 2 || selection.ids.length > MAX_SCENARIOS;
    runButton.textContent = running ? 'Running…' : 'Run comparison';
    cancelButton.disabled = !running;
    progress.hidden = !running;
    if (running) {
      showProgress();
      statusLine.className = 'run-status';
      const labels = session.request?.entries.map((e) => e.label) ?? [];
      replaceChildren(statusLine, `Simulating ${labels.join(', ')}: ${session.request?.replications} replications each, in ${Math.min(8, Math.max(1, navigator.hardwareConcurrency || 2))} background workers. The page stays usable meanwhile.`);
    } else {
      progressText.textContent = '';
      if (session.state === 'failed' || session.state === 'cancelled') {
        statusLine.className = `run-status ${session.state}`;
        const invalid = session.invalid;
        replaceChildren(statusLine, session.message ?? '', invalid ? [' ', h('a', { href: editHash(invalid.id) }, `Fix "${invalid.label}" in the editor`), '.'] : null);
      } else if (session.state === 'done' && session.result) {
        statusLine.className = 'run-status done';
        const r = session.result;
        replaceChildren(statusLine, `Done: ${r.request.entries.length} scenarios × ${r.request.replications} replications in ${(r.wallMs / 1000).toFixed(1)} s.`);
      } else {
        replaceChildren(statusLine);
      }
    }
    if (session.result !== shownResult) {
      shownResult = session.result;
      if (shownResult) {
        renderResults(results, shownResult);
        performance.mark('supportsim:rendered');
      }
      else replaceChildren(results, h('p', { class: 'muted' }, 'No results yet: choose scenarios and press Run comparison.'));
    }
  };
  session.addEventListener('change', onChange);
  session.addEventListener('progress', onProgress);
  const stopWatchingWidth = onWidthChange(() => {
    if (shownResult) renderResults(results, shownResult);
  });

  root.append(
    h('section', { class: 'view-intro' },
      h('h1', {}, 'Compare scenarios'),
      h('p', {},
        'Each scenario is a support desk: its teams and shifts, the tickets that arrive, its SLA targets and policies. ',
        'The simulator plays the same weeks of tickets through every scenario several times (replications), so a difference comes from the change, not from luck. ',
        'Every number is an average with its 95% confidence interval; a change against the baseline is coloured only when its interval leaves out zero: ',
        h('span', { class: 'better' }, 'blue when better'), ', ', h('span', { class: 'worse' }, 'orange when worse'), '.',
      ),
    ),
    host,
  );
  host.append(
    h('form', { class: 'compare-controls', onsubmit: (e: Event) => (e.preventDefault(), run()) },
      h('fieldset', {}, h('legend', {}, `Scenarios to compare (2 to ${MAX_SCENARIOS})`), choices, selectionError),
      h('div', { class: 'run-row' },
        h('span', { class: 'field' }, h('label', { for: 'baseline' }, 'Baseline'), baselineSelect),
        h('span', { class: 'field' }, h('label', { for: 'replications' }, 'Replications'), replicationsInput),
        h('span', { class: 'field' }, h('label', { for: 'seed' }, 'Seed'), seedInput),
        runButton,
        cancelButton,
        progress,
        progressText,
        h('a', { href: '#/scenarios', class: 'button' }, 'Edit or add scenarios'),
      ),
      statusLine,
    ),
    results,
  );
  drawChoices();
  onChange();

  if (!ctx.autoRunDone) {
    ctx.autoRunDone = true;
    // Once the page has started up and drawn (the browser is idle), never in the same busy stretch.
    if (session.state === 'idle' && !session.result) {
      const start = () => {
        if (session.state === 'idle' && !session.result) run();
      };
      if ('requestIdleCallback' in window) requestIdleCallback(start, { timeout: 1500 });
      else setTimeout(start, 50);
    }
  }

  return () => {
    session.removeEventListener('change', onChange);
    session.removeEventListener('progress', onProgress);
    stopWatchingWidth();
    if (frame) cancelAnimationFrame(frame);
  };
}

/** `?scenarios=a,b&baseline=a&replications=10&seed=1` replaces the selection (and is remembered). */
function applyParams(ctx: AppContext, params: URLSearchParams): void {
  const list = params.get('scenarios');
  const base = params.get('baseline');
  const reps = Number(params.get('replications'));
  const seed = Number(params.get('seed'));
  if (!list && !base && !params.has('replications') && !params.has('seed')) return;
  let ids = list ? list.split(',').filter((id) => id !== '') : ctx.selection.ids;
  ids = ids.filter((id, i) => ids.indexOf(id) === i && ctx.store.get(id) !== undefined);
  if (base && ids.includes(base)) ids = [base, ...ids.filter((id) => id !== base)];
  ctx.saveSelection({
    ids: ids.slice(0, MAX_SCENARIOS),
    replications: Number.isInteger(reps) && reps >= 2 ? Math.min(MAX_REPLICATIONS, reps) : ctx.selection.replications,
    seed: params.has('seed') && Number.isInteger(seed) && seed >= 0 ? seed : ctx.selection.seed,
  });
}

// ---- results ----------------------------------------------------------------------------------

function renderResults(host: HTMLElement, result: ComparisonResult): void {
  const { output, request, scenarios } = result;
  const labels = request.entries.map((e) => e.label);
  const base = labels[0];
  const baseName = (text: string) => `${fileSafe(labels.join('-vs-'))}-${text}`;
  const n = request.replications;
  host.dataset.charts = 'pending';

  replaceChildren(
    host,
    h('div', { class: 'results-head' },
      h('h2', {}, 'Results'),
      h('p', {},
        `${labels.join(' vs ')}, baseline ${base}. ${n} replications each (seed ${request.seed}), ${scenarios[0].horizonDays} days measured after ${scenarios[0].warmupDays} days of warm-up, finished ${result.finishedAt.toLocaleTimeString()}.`,
      ),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', onclick: () => download(new Blob([resultsCsv(output)], { type: 'text/csv' }), baseName('results.csv')) }, 'Download results (CSV)'),
        h('button', { type: 'button', onclick: () => download(new Blob([`${JSON.stringify(output, null, 2)}\n`], { type: 'application/json' }), baseName('results.json')) }, 'Download results (JSON)'),
        h('a', { class: 'button', href: compareHash(request.entries.map((e) => e.id), undefined, n) }, 'Link to this comparison'),
      ),
    ),
    headline(result),
    kpiTable(result),
    h('div', { class: 'charts' }, charts(result, baseName)),
  );
  // Each chart is drawn in a task of its own once the figures are laid out (they need their
  // widths), so the page never freezes for the whole set.
  const generation = ++renderGeneration;
  const draws = pendingDraws.splice(0);
  const next = () => {
    if (generation !== renderGeneration) return;
    const draw = draws.shift();
    if (!draw) {
      performance.mark('supportsim:charts-drawn');
      host.dataset.charts = 'drawn';
      return;
    }
    draw();
    performance.mark('supportsim:chart-drawn');
    setTimeout(next, 0);
  };
  setTimeout(next, 0);
}

let renderGeneration = 0;
const pendingDraws: Array<() => void> = [];

/**
 * The comparison in a few sentences: per scenario, how many KPIs are clearly better or worse than
 * the baseline, and the largest clear changes (by relative size) in plain words.
 */
function headline(result: ComparisonResult): HTMLElement {
  const { output } = result;
  const [baseline, ...others] = output.results;
  const rows = tableRows(result);
  return h('div', { class: 'headline', 'data-testid': 'headline' },
    others.map((o) => {
      const changes = rows.flatMap((row) => {
        const d = kpiAt(output.deltas[o.scenario]?.kpis, row.path);
        const b = kpiAt(baseline.kpis, row.path);
        const v = kpiAt(o.kpis, row.path);
        const word = d ? verdict(d, row.better) : null;
        if (!d || !b || !v || (word !== 'better' && word !== 'worse')) return [];
        const size = Math.abs(d.mean) / Math.max(Math.abs(b.mean), 1e-9);
        return [{ row, word, size, text: `${row.label}: ${row.format(b.mean)} → ${row.format(v.mean)} (${row.delta(d.mean)})` }];
      });
      const worse = changes.filter((c) => c.word === 'worse').sort((a, b) => b.size - a.size);
      const better = changes.filter((c) => c.word === 'better').sort((a, b) => b.size - a.size);
      const unclear = rows.length - changes.length;
      return h('div', {},
        h('p', {},
          h('strong', {}, o.scenario), ` against ${baseline.scenario}: `,
          h('span', { class: 'worse' }, `${worse.length} clearly worse`), ', ',
          h('span', { class: 'better' }, `${better.length} clearly better`), `, ${unclear} with no clear difference or no preferred direction.`,
        ),
        worse.length + better.length === 0 ? null : h('ul', {},
          worse.slice(0, 3).map((c) => h('li', {}, h('span', { class: 'worse' }, 'Worse: '), c.text)),
          better.slice(0, 3).map((c) => h('li', {}, h('span', { class: 'better' }, 'Better: '), c.text)),
        ),
      );
    }),
  );
}

/** The table's rows: SLA rows only for clocks with a compliance target (the rest are in the CSV), unless none has one. */
function tableRows(result: ComparisonResult): KpiRow[] {
  const rows = kpiRows(result.output);
  const hasTarget = (row: KpiRow) => {
    const [, clock, priority] = row.path.split('.');
    return result.scenarios.some((s) => s.targets.some((t) => t.clock === clock && t.priority === priority));
  };
  const withTarget = rows.filter((r) => r.path.startsWith('sla.') && hasTarget(r));
  return withTarget.length > 0 ? rows.filter((r) => !r.path.startsWith('sla.') || withTarget.includes(r)) : rows;
}

function kpiTable(result: ComparisonResult): HTMLElement {
  const { output, scenarios } = result;
  const [baseline, ...others] = output.results;
  const targetOf = (clock: string, priority: string, scenario: Scenario) => scenario.targets.find((t) => t.clock === clock && t.priority === priority);
  const rows = tableRows(result);
  const valueCell = (row: KpiRow, tree: typeof baseline.kpis | undefined) => {
    const v = kpiAt(tree, row.path);
    if (!v) return h('td', { class: 'num muted' }, '–');
    return h('td', { class: 'num' }, h('span', { class: 'v' }, row.format(v.mean)), h('span', { class: 'ci' }, `${row.format(v.lo)} – ${row.format(v.hi)}`));
  };
  const deltaCell = (row: KpiRow, name: string) => {
    const d = kpiAt(output.deltas[name]?.kpis, row.path);
    if (!d) return h('td', { class: 'num delta muted' }, '–');
    const v = verdict(d, row.better);
    const words = { better: 'better', worse: 'worse', changed: 'changed' } as const;
    return h('td', { class: `num delta ${v ?? 'same'}`, title: v ? `The 95% interval of the change leaves out zero: ${words[v]}.` : 'The 95% interval of the change includes zero: no clear difference.' },
      h('span', { class: 'v' }, row.delta(d.mean), v && v !== 'changed' ? h('span', { class: 'verdict' }, ` ${v === 'better' ? '▲' : '▼'}`, h('span', { class: 'verdict-word' }, ` ${words[v]}`)) : null),
      h('span', { class: 'ci' }, `${row.delta(d.lo)} to ${row.delta(d.hi)}`),
    );
  };
  const head = h('tr', {},
    h('th', { scope: 'col' }, 'KPI'),
    h('th', { scope: 'col', class: 'num' }, output.results[0].scenario, h('span', { class: 'sub' }, 'baseline · mean, 95% CI')),
    others.flatMap((o) => [
      h('th', { scope: 'col', class: 'num' }, o.scenario, h('span', { class: 'sub' }, 'mean, 95% CI')),
      others.length > 1
        ? h('th', { scope: 'col', class: 'num delta-head' }, 'Change', h('span', { class: 'sub' }, `vs ${baseline.scenario}`))
        : h('th', { scope: 'col', class: 'num delta-head' }, `Change vs ${baseline.scenario}`, h('span', { class: 'sub' }, 'paired, 95% CI')),
    ]),
  );
  const body: HTMLElement[] = [];
  let section = '';
  const columns = 2 + others.length * 2;
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      body.push(h('tr', { class: 'section' }, h('th', { scope: 'colgroup', colspan: columns }, section)));
    }
    let sub: string | null = null;
    if (row.path.startsWith('sla.')) {
      const [, clock, priority] = row.path.split('.');
      const t = targetOf(clock, priority, scenarios[0]);
      const goal = slaGoal(scenarios[0], clock, priority);
      sub = [goal ? `target ${goal}` : null, t ? `${Math.round(t.compliance * 100)}% required` : null].filter(Boolean).join(', ') || null;
    }
    body.push(
      h('tr', { 'data-kpi': row.path },
        h('th', { scope: 'row', title: row.hint }, row.label, sub ? h('span', { class: 'sub' }, sub) : null),
        valueCell(row, baseline.kpis),
        others.flatMap((o) => [valueCell(row, o.kpis), deltaCell(row, o.scenario)]),
      ),
    );
  }
  return h('div', { class: 'kpi-table-wrap' },
    h('table', { class: `kpi-table${others.length > 1 ? ' many' : ''}`, id: 'kpi-table' },
      h('caption', {}, 'Key figures. Hover a KPI for what it means. Changes are the mean paired difference (scenario minus baseline, replication by replication).'),
      h('thead', {}, head),
      h('tbody', {}, body),
    ),
  );
}

/** The clock's target for the priority in the policy most of its tickets get ('15 min', '4 business h'). */
function slaGoal(scenario: Scenario, clock: string, priority: string): string | null {
  const matches = scenario.slaPolicies.filter((p) => (p.priorities.length === 0 || p.priorities.includes(priority as never)) && p.clocks[clock as keyof typeof p.clocks]);
  const policy = matches.find((p) => p.segments.length === 0 && p.channels.length === 0) ?? matches[0];
  const target = policy?.clocks[clock as keyof typeof policy.clocks];
  if (!target) return null;
  return target.calendar === '24x7' ? formatDuration(target.targetMinutes) : `${formatDuration(target.targetMinutes)} of ${target.calendar} hours`;
}

// ---- charts -----------------------------------------------------------------------------------

interface ChartSpec {
  key: string;
  title: string;
  caption: string;
  wide: boolean;
  height: number;
  /** Extra controls (a select) shown above the chart. */
  control?: HTMLElement;
  draw: (width: number) => SVGSVGElement;
}

function charts(result: ComparisonResult, baseName: (text: string) => string): HTMLElement[] {
  const { output, scenarios } = result;
  const labels = output.results.map((r) => r.scenario);
  const series = (i: number, name: string) => output.results[i].series[name] as SeriesInterval | undefined;
  const specs: ChartSpec[] = [];

  // SLA compliance per clock x priority, against each scenario's target.
  const slaKeys: Array<[string, string]> = [];
  for (const clock of ['acknowledge', 'actionable', 'update', 'resolution']) {
    for (const priority of ['P1', 'P2', 'P3', 'P4']) {
      const hasTarget = scenarios.some((s) => s.targets.some((t) => t.clock === clock && t.priority === priority));
      if (hasTarget && output.results.some((r) => kpiAt(r.kpis, `sla.${clock}.${priority}`))) slaKeys.push([clock, priority]);
    }
  }
  if (slaKeys.length === 0) {
    for (const r of output.results) for (const clock of Object.keys(r.kpis.sla ?? {})) for (const p of Object.keys((r.kpis.sla as Record<string, object>)[clock])) if (!slaKeys.some(([c, q]) => c === clock && q === p)) slaKeys.push([clock, p]);
  }
  const slaData: SlaDatum[] = [];
  for (const [clock, priority] of slaKeys) {
    output.results.forEach((r, i) => {
      const v = kpiAt(r.kpis, `sla.${clock}.${priority}`);
      if (!v) return;
      const target = scenarios[i].targets.find((t) => t.clock === clock && t.priority === priority)?.compliance;
      slaData.push({ label: `${CLOCK_WORDS[clock]} ${priority}`, scenario: labels[i], mean: v.mean, lo: v.lo, hi: v.hi, target });
    });
  }
  specs.push({
    key: 'sla',
    title: 'SLA compliance by clock and priority',
    caption: 'Share of tickets that met each SLA target. Whiskers are 95% confidence intervals; the dashed line is the share required. A whisker entirely below its line is a missed target.',
    wide: true,
    height: 330,
    draw: (width) => slaComplianceChart(slaData, { width, height: 330 }),
  });

  // Resolution (or response, or wait) time distribution.
  const quantities: Array<[string, string]> = [
    ['resolutionMinutes', 'Resolution time'],
    ['firstResponseMinutes', 'First response (acknowledge) time'],
    ['waitMinutes', 'Wait for an agent'],
  ];
  const quantitySelect = h('select', { 'aria-label': 'Which time to show' }, quantities.map(([v, t]) => h('option', { value: v }, t)));
  specs.push({
    key: 'distribution',
    title: 'How long tickets take',
    caption: 'Share of tickets done within a given time (read across from 90% to find the time 9 tickets in 10 beat). P50, P90 and P95 are marked; a curve further left is faster.',
    wide: false,
    height: 320,
    control: quantitySelect,
    draw: (width) => {
      const [name, quantity] = quantities.find(([v]) => v === quantitySelect.value) ?? quantities[0];
      const data = output.results
        .map((_, i) => ({ scenario: labels[i], probabilities: [...DISTRIBUTION_GRID], values: series(i, `distribution.${name}`)?.mean ?? [] }))
        .filter((d) => d.values.length > 0);
      return distributionChart(data, { width, height: 320, quantity });
    },
  });

  // Backlog over time.
  const backlogs: Array<[string, string]> = [
    [TOTAL_BACKLOG, 'All open tickets'],
    ...['P1', 'P2', 'P3', 'P4'].map((p) => [`backlogByPriority.${p}`, `Open ${p} tickets`] as [string, string]),
    ...Object.keys(output.results[0].series).filter((k) => k.startsWith('backlogAged.')).map((k) => [k, `Aged backlog: ${k.slice('backlogAged.'.length).replace('>', ' older than ').replace(/d$/, ' days')}`] as [string, string]),
    ...Object.keys(output.results[0].series).filter((k) => k.startsWith('backlogByTier.')).map((k) => [k, `Open at ${k.slice('backlogByTier.'.length)}`] as [string, string]),
  ];
  const backlogSelect = h('select', { 'aria-label': 'Which backlog to show' }, backlogs.map(([v, t]) => h('option', { value: v }, t)));
  specs.push({
    key: 'backlog',
    title: 'Backlog over time',
    caption: 'Open tickets hour by hour over the measured weeks: the line is the average across replications, the band its 95% confidence interval. Nights and weekends show as rising backlog.',
    wide: false,
    height: 320,
    control: backlogSelect,
    draw: (width) => {
      const [name, label] = backlogs.find(([v]) => v === backlogSelect.value) ?? backlogs[0];
      const data = output.results
        .map((r, i) => thin({ scenario: labels[i], stepMinutes: r.series.stepMinutes, ...(series(i, name) ?? { mean: [], lo: [], hi: [] }) }))
        .filter((d) => d.mean.length > 0);
      return backlogChart(data, { width, height: 320, yLabel: label, startLabel: `the start of the measured period` });
    },
  });

  // Occupancy heatmap and staffing vs demand: one scenario at a time.
  const scenarioSelect = () => {
    const select = h('select', { 'aria-label': 'Scenario to show' }, labels.map((l, i) => h('option', { value: String(i) }, l)));
    select.value = String(labels.length > 1 ? 1 : 0);
    return select;
  };
  const staffedGroups = (i: number) => scenarios[i].groups.filter((g) => g.tier !== 'engineering').map((g) => g.name);
  const occupancySelect = scenarioSelect();
  specs.push({
    key: 'occupancy',
    title: 'How busy each team is, by hour of the week',
    caption: 'Share of on-duty time each team spends working tickets (occupancy), Monday to Sunday. Yellow is saturated, dark purple idle; hatched hours nobody is on duty. Hover a cell for its value.',
    wide: true,
    height: 70 + 40 * Math.max(...scenarios.map((_, i) => staffedGroups(i).length)),
    control: occupancySelect,
    draw: (width) => {
      const i = Number(occupancySelect.value);
      const rows = staffedGroups(i).map((group) => {
        const occupancy = series(i, `occupancyByHourOfWeek.${group}`);
        const staffed = series(i, `staffedByHourOfWeek.${group}`);
        return { group, values: occupancy?.mean ?? [], lo: occupancy?.lo, hi: occupancy?.hi, staffed: staffed?.mean };
      });
      return occupancyHeatmap(rows, { width, height: 70 + 40 * Math.max(1, rows.length), ariaLabel: undefined });
    },
  });

  const staffingSelect = scenarioSelect();
  specs.push({
    key: 'staffing',
    title: 'People on duty against tickets arriving, by hour of the week',
    caption: 'Agents on duty per team (stacked areas, left axis) against the tickets arriving each hour (line, right axis). Hours where the line towers over the areas build the backlog.',
    wide: true,
    height: 320,
    control: staffingSelect,
    draw: (width) => {
      const i = Number(staffingSelect.value);
      return staffingDemandChart(
        {
          arrivals: series(i, 'arrivalsByHourOfWeek')?.mean ?? [],
          staffed: staffedGroups(i).map((group) => ({ group, values: series(i, `staffedByHourOfWeek.${group}`)?.mean ?? [] })),
        },
        { width, height: 320, demandLabel: 'Tickets arriving' },
      );
    },
  });

  return specs.map((spec) => {
    const plot = h('div', { class: 'chart-plot', style: `min-height:${spec.height}px` });
    let svg: SVGSVGElement | null = null;
    const figure = h('figure', { class: `chart ${spec.wide ? 'wide' : 'half'}`, 'data-chart': spec.key });
    const draw = () => {
      const width = Math.max(320, Math.floor(plot.clientWidth || (spec.wide ? 1180 : 580)));
      svg = spec.draw(width);
      replaceChildren(plot, svg);
    };
    spec.control?.addEventListener('change', draw);
    figure.append(
      h('div', { class: 'chart-head' },
        h('h3', { id: `chart-${spec.key}-title` }, spec.title),
        h('div', { class: 'chart-tools' },
          spec.control ? h('label', {}, h('span', { class: 'visually-hidden' }, spec.control.getAttribute('aria-label') ?? ''), spec.control) : null,
          h('button', { type: 'button', class: 'small', 'aria-label': `Download "${spec.title}" as SVG`, onclick: () => svg && downloadSvg(svg, baseName(`${spec.key}.svg`)) }, 'SVG'),
          h('button', { type: 'button', class: 'small', 'aria-label': `Download "${spec.title}" as PNG`, onclick: () => svg && void downloadPng(svg, baseName(`${spec.key}.png`)) }, 'PNG'),
        ),
      ),
      h('figcaption', { class: 'caption' }, spec.caption),
      plot,
    );
    pendingDraws.push(draw);
    return figure;
  });
}

/**
 * A long series thinned to at most MAX_POINTS points (every k-th level), which is still more
 * than one point per pixel of a half-width chart and keeps drawing it well under 50 ms.
 */
function thin<T extends { stepMinutes: number; mean: number[]; lo: number[]; hi: number[] }>(series: T): T {
  const MAX_POINTS = 360;
  const k = Math.ceil(series.mean.length / MAX_POINTS);
  if (k <= 1) return series;
  const pick = (values: number[]) => values.filter((_, i) => i % k === 0);
  return { ...series, stepMinutes: series.stepMinutes * k, mean: pick(series.mean), lo: pick(series.lo), hi: pick(series.hi) };
}
