import type { HistoryFormat } from '../../sim/calibration/readHistory.js';
import { FORMAT_INFO, formatInfo, GENERIC_OVERRIDES } from '../calibration/formats.js';
import { isScenarioName, planImport, scenarioNameFor, uniqueName, type FieldErrors, type ImportForm } from '../calibration/importOptions.js';
import { renderReport } from '../calibration/reportView.js';
import { importSession, type ImportOutcome } from '../calibration/session.js';
import type { AppContext } from '../context.js';
import { h, onWidthChange, replaceChildren } from '../dom.js';
import { compareHash, editHash } from '../router.js';

/**
 * `#/import`: build a scenario from a ticketing tool's export. Choose or drop a file, say which
 * tool wrote it (and, for the generic layout, which columns hold what), the time zone and the
 * period; the file is read and fitted in a worker (ui/calibration.worker.ts) with progress and
 * Cancel. A file that cannot be read gets the reader's message with its row, column and value, and
 * the page stays as it was. The fit report follows, and "Save as scenario" stores the calibrated
 * desk with the user's scenarios, ready to compare, edit or plan.
 */

/** The form and the chosen file, kept while the page lives (leaving the view keeps them). */
const form: ImportForm = { format: 'generic', timeZone: '', from: '', to: '', overrides: {} };
let chosen: File | null = null;

const mb = (bytes: number) => (bytes < 1e6 ? `${Math.max(1, Math.round(bytes / 1e3))} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

export function renderImport(root: HTMLElement, ctx: AppContext): () => void {
  const { store } = ctx;
  const session = importSession;
  let errors: FieldErrors = {};

  // ---- controls ------------------------------------------------------------------------------
  const fileInput = h('input', { type: 'file', id: 'import-file', accept: '.csv,.zip,.txt,text/csv,application/zip', class: 'file-input' });
  const fileName = h('span', { class: 'file-chosen', id: 'import-file-chosen' });
  const fileError = h('span', { class: 'field-error', id: 'import-file-error' });
  const dropZone = h('div', { class: 'drop-zone', id: 'import-drop' },
    h('p', { class: 'drop-title' }, 'Drop a ticket export here'),
    h('p', { class: 'drop-or' },
      h('label', { for: 'import-file' }, 'or choose a file: a CSV, or a .zip holding one CSV'),
      ' ', fileInput,
    ),
    fileName,
    fileError,
  );
  const formatSelect = h('select', { id: 'import-format', 'aria-describedby': 'import-format-hint' },
    FORMAT_INFO.map((f) => h('option', { value: f.format }, f.label)),
  );
  const formatHint = h('div', { class: 'format-hint', id: 'import-format-hint' });
  const mapping = h('details', { class: 'targets-form import-mapping', id: 'import-mapping' });
  const zoneInput = h('input', { type: 'text', id: 'import-timezone', list: 'import-timezones', placeholder: 'UTC', maxlength: 64, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'import-timezone-error' });
  const zoneList = h('datalist', { id: 'import-timezones' }, timeZones().map((z) => h('option', { value: z })));
  const zoneError = h('span', { class: 'field-error', id: 'import-timezone-error' });
  const fromInput = h('input', { type: 'date', id: 'import-from', 'aria-describedby': 'import-from-error' });
  const toInput = h('input', { type: 'date', id: 'import-to', 'aria-describedby': 'import-to-error' });
  const fromError = h('span', { class: 'field-error', id: 'import-from-error' });
  const toError = h('span', { class: 'field-error', id: 'import-to-error' });
  const runButton = h('button', { type: 'submit', class: 'primary', id: 'import-run' }, 'Import and fit');
  const cancelButton = h('button', { type: 'button', id: 'import-cancel', disabled: true }, 'Cancel');
  const progress = h('progress', { id: 'import-progress', max: 1, value: 0, 'aria-label': 'Share of the file read' });
  const progressText = h('span', { class: 'progress-text', id: 'import-progress-text', 'aria-live': 'polite' });
  const statusLine = h('div', { class: 'run-status', id: 'import-status', role: 'status' });
  const problemBox = h('div', { class: 'import-problem', id: 'import-problem', role: 'alert' });
  const results = h('div', { class: 'results import-results', id: 'import-results' });
  const host = h('section', { class: 'import', 'data-state': session.state });

  const drawFormat = () => {
    const info = formatInfo(form.format as HistoryFormat);
    replaceChildren(formatHint,
      h('p', {}, info.source),
      h('p', {}, h('strong', {}, 'Needs: '), info.required.flatMap((c, i) => [i > 0 ? ', ' : '', h('code', {}, c)])),
      h('p', {}, h('strong', {}, 'Reads when present: '), info.optional.flatMap((c, i) => [i > 0 ? ', ' : '', h('code', {}, c)])),
    );
    mapping.hidden = form.format !== 'generic';
    const overridden = Object.values(form.overrides).filter((v) => v.trim() !== '').length;
    replaceChildren(mapping,
      h('summary', {},
        h('strong', {}, 'Columns of your file'), ' ',
        h('span', { class: 'muted' }, overridden > 0 ? `${overridden} renamed by you` : 'optional: only if your file names a column differently'),
      ),
      h('p', { class: 'hint-line' }, 'Type the header of the column that holds each field; leave a box empty to use the names listed under it. Names match ignoring case, spaces, dashes and underscores.'),
      h('div', { class: 'mapping-grid' },
        GENERIC_OVERRIDES.map((o) => {
          const id = `import-map-${o.field}`;
          const error = errors[`map.${o.field}`];
          const input = h('input', {
            type: 'text', id, value: form.overrides[o.field] ?? '', maxlength: 200, placeholder: o.defaults.split(',')[0], autocomplete: 'off',
            'data-field': o.field, 'aria-describedby': `${id}-hint`, 'aria-invalid': error ? 'true' : null,
          });
          input.addEventListener('change', () => {
            form.overrides = { ...form.overrides, [o.field]: input.value };
            const summary = mapping.querySelector('summary .muted');
            const n = Object.values(form.overrides).filter((v) => v.trim() !== '').length;
            if (summary) summary.textContent = n > 0 ? `${n} renamed by you` : 'optional: only if your file names a column differently';
          });
          return h('span', { class: 'field mapping-field' },
            h('label', { for: id }, o.label),
            input,
            h('span', { class: 'hint', id: `${id}-hint` }, `default: ${o.defaults}`),
            h('span', { class: 'field-error' }, error ?? ''),
          );
        }),
      ),
    );
    if (Object.keys(errors).some((k) => k.startsWith('map.'))) mapping.open = true;
  };

  const drawFile = () => {
    fileName.textContent = chosen ? `Chosen: ${chosen.name} (${mb(chosen.size)})` : 'No file chosen yet.';
    dropZone.classList.toggle('has-file', chosen !== null);
  };

  const drawErrors = () => {
    fileError.textContent = errors.file ?? '';
    zoneError.textContent = errors.timeZone ?? '';
    fromError.textContent = errors.from ?? '';
    toError.textContent = errors.to ?? '';
    const invalid = (el: HTMLElement, bad: boolean) => (bad ? el.setAttribute('aria-invalid', 'true') : el.removeAttribute('aria-invalid'));
    invalid(zoneInput, errors.timeZone !== undefined);
    invalid(fromInput, errors.from !== undefined);
    invalid(toInput, errors.to !== undefined);
    invalid(fileInput, errors.file !== undefined);
    drawFormat();
  };

  const choose = (file: File | undefined | null) => {
    if (!file) return;
    chosen = file;
    errors = { ...errors };
    delete errors.file;
    drawFile();
    drawErrors();
  };

  fileInput.addEventListener('change', () => choose(fileInput.files?.[0]));
  formatSelect.addEventListener('change', () => {
    form.format = formatSelect.value;
    drawFormat();
  });
  zoneInput.addEventListener('change', () => (form.timeZone = zoneInput.value));
  fromInput.addEventListener('change', () => (form.from = fromInput.value));
  toInput.addEventListener('change', () => (form.to = toInput.value));

  // Drag and drop anywhere on the view; outside the zone the browser would open the file instead.
  let dragDepth = 0;
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = session.running ? 'none' : 'copy';
  };
  const onDragEnter = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    dragDepth++;
    dropZone.classList.add('dragging');
  };
  const onDragLeave = () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) dropZone.classList.remove('dragging');
  };
  const onDrop = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    dragDepth = 0;
    dropZone.classList.remove('dragging');
    if (session.running || e.dataTransfer.files.length === 0) return;
    // The chooser shows the dropped file too, so the two never disagree.
    try {
      fileInput.files = e.dataTransfer.files;
    } catch {
      // Some browsers refuse to set files: the line under the chooser still names the file.
    }
    choose(e.dataTransfer.files[0]);
  };
  root.addEventListener('dragover', onDragOver);
  root.addEventListener('dragenter', onDragEnter);
  root.addEventListener('dragleave', onDragLeave);
  root.addEventListener('drop', onDrop);

  const start = () => {
    if (session.running) return;
    form.format = formatSelect.value;
    form.timeZone = zoneInput.value;
    form.from = fromInput.value;
    form.to = toInput.value;
    const checked = planImport(form, chosen);
    errors = checked.ok ? {} : checked.errors;
    drawErrors();
    if (!checked.ok) {
      root.querySelector<HTMLElement>('.import-controls [aria-invalid="true"]')?.focus();
      return;
    }
    void session.start(chosen as File, checked.plan);
  };
  cancelButton.addEventListener('click', () => session.cancel());

  // ---- following the session -----------------------------------------------------------------
  let frame = 0;
  const showProgress = () => {
    frame = 0;
    if (!session.running) return;
    const p = session.progress;
    const secs = ((performance.now() - session.startedAt) / 1000).toFixed(0);
    if (p.phase === 'reading') {
      progress.value = p.fraction;
      progressText.textContent = `Reading: ${Math.round(p.fraction * 100)}% · ${p.rows.toLocaleString('en-US')} rows (${secs} s)`;
    } else {
      progress.removeAttribute('value');
      progressText.textContent = `Fitting ${p.rows.toLocaleString('en-US')} rows: arrivals, times, routing, staffing… (${secs} s)`;
    }
  };
  const onProgress = () => {
    if (frame === 0) frame = requestAnimationFrame(showProgress);
  };

  let shown: ImportOutcome | null | undefined;
  let shownSaved: string | undefined;
  let redrawChart: (() => void) | null = null;
  const onChange = () => {
    host.dataset.state = session.state;
    const running = session.running;
    runButton.disabled = running;
    runButton.textContent = running ? 'Importing…' : 'Import and fit';
    cancelButton.disabled = !running;
    progress.hidden = !running;
    results.classList.toggle('stale', running);
    fileInput.disabled = running;
    if (running) {
      progress.value = 0;
      showProgress();
      statusLine.className = 'run-status';
      const run = session.run!;
      replaceChildren(statusLine, `Reading ${run.fileName} (${mb(run.fileSize)}) as ${formatInfo(run.plan.format).label.toLowerCase()}, in a background worker: the page stays usable, and you can leave it and come back.`);
      replaceChildren(problemBox);
    } else {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      progressText.textContent = '';
      const run = session.run;
      if (session.state === 'cancelled') {
        statusLine.className = 'run-status cancelled';
        replaceChildren(statusLine, `Cancelled: ${run?.fileName ?? 'the file'} was not imported.${session.outcome ? ` The report below is the previous one (${session.outcome.run.fileName}).` : ''}`);
        replaceChildren(problemBox);
      } else if (session.state === 'failed' && session.problem) {
        statusLine.className = 'run-status';
        replaceChildren(statusLine);
        drawProblem(problemBox, run?.fileName ?? 'the file', session.problem, session.outcome);
      } else if (session.state === 'done' && session.outcome) {
        statusLine.className = 'run-status done';
        const o = session.outcome;
        replaceChildren(statusLine, `Done: ${o.run.fileName} read and fitted in ${((o.reply.readMs + o.reply.fitMs) / 1000).toFixed(1)} s.`);
        replaceChildren(problemBox);
      } else {
        replaceChildren(statusLine);
      }
    }
    if (session.outcome !== shown || session.outcome?.savedId !== shownSaved) {
      const fresh = shown === undefined || session.outcome?.reply !== shown?.reply;
      shown = session.outcome;
      shownSaved = shown?.savedId;
      if (!shown) {
        redrawChart = null;
        replaceChildren(results, h('p', { class: 'muted' }, 'The fit report appears here: choose an export, its format, and press Import and fit. A few thousand tickets take a second; the 46 MB UCI ServiceNow log under a minute.'));
      } else {
        if (fresh) {
          const report = h('div', { class: 'import-report', id: 'import-report' });
          const save = h('section', { class: 'save-plan import-save', id: 'import-save-section' });
          replaceChildren(results, report, save);
          redrawChart = renderReport(report, shown);
          performance.mark('supportsim:import-rendered');
        }
        drawSave(results.querySelector('#import-save-section'), shown, ctx);
      }
    }
  };
  session.addEventListener('change', onChange);
  session.addEventListener('progress', onProgress);
  const stopWatchingWidth = onWidthChange(() => redrawChart?.());

  root.append(
    h('section', { class: 'view-intro' },
      h('h1', {}, 'Import ticket history'),
      h('p', {},
        'Start from your own desk: read an export of your ticketing tool (ServiceNow, Zendesk, Jira Service Management, a process-mining event log or any ticket table), ',
        'fit when tickets arrive, their priorities, how long first response and resolution take, how they move between groups and who was on duty, and save the result as a scenario to compare, plan and edit. ',
        'The file is read in this browser only; nothing is uploaded.',
      ),
    ),
    host,
  );
  host.append(
    h('form', { class: 'compare-controls import-controls', novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), start()) },
      dropZone,
      h('div', { class: 'run-row' },
        h('span', { class: 'field' }, h('label', { for: 'import-format' }, 'Exported by'), formatSelect),
      ),
      formatHint,
      mapping,
      h('div', { class: 'run-row' },
        h('span', { class: 'field' }, h('label', { for: 'import-timezone' }, 'Time zone of the export’s times'), zoneInput, zoneList, h('span', { class: 'hint' }, 'IANA name; empty: UTC'), zoneError),
        h('span', { class: 'field' }, h('label', { for: 'import-from' }, 'Tickets created from'), fromInput, fromError),
        h('span', { class: 'field' }, h('label', { for: 'import-to' }, 'to (not including)'), toInput, toError),
      ),
      h('p', { class: 'hint-line' }, 'Leave the period empty to use every ticket; the fit uses complete weeks only and says which it left out.'),
      h('div', { class: 'run-row' }, runButton, cancelButton, progress, progressText),
      statusLine,
    ),
    problemBox,
    results,
  );
  formatSelect.value = form.format;
  zoneInput.value = form.timeZone;
  fromInput.value = form.from;
  toInput.value = form.to;
  drawFile();
  drawFormat();
  onChange();
  if (session.state === 'failed' && session.problem) drawProblem(problemBox, session.run?.fileName ?? 'the file', session.problem, session.outcome);

  const onStorage = () => {
    if (session.outcome) drawSave(results.querySelector('#import-save-section'), session.outcome, ctx);
  };
  window.addEventListener('storage', onStorage);

  return () => {
    session.removeEventListener('change', onChange);
    session.removeEventListener('progress', onProgress);
    root.removeEventListener('dragover', onDragOver);
    root.removeEventListener('dragenter', onDragEnter);
    root.removeEventListener('dragleave', onDragLeave);
    root.removeEventListener('drop', onDrop);
    window.removeEventListener('storage', onStorage);
    stopWatchingWidth();
    if (frame) cancelAnimationFrame(frame);
  };
}

/** The reader's message, and the row, column and value it names, as a box above the report. */
function drawProblem(box: HTMLElement, fileName: string, problem: { message: string; row?: number; column?: string; value?: string }, previous: ImportOutcome | null): void {
  const where: HTMLElement[] = [];
  if (problem.row !== undefined) where.push(h('div', { 'data-where': 'row' }, h('dt', {}, 'Row'), h('dd', {}, problem.row.toLocaleString('en-US'), problem.row === 1 ? ' (the header)' : '')));
  if (problem.column !== undefined) where.push(h('div', { 'data-where': 'column' }, h('dt', {}, 'Column'), h('dd', {}, h('code', {}, problem.column))));
  if (problem.value !== undefined) where.push(h('div', { 'data-where': 'value' }, h('dt', {}, 'Value'), h('dd', {}, h('code', {}, problem.value.length > 80 ? `${problem.value.slice(0, 77)}…` : problem.value))));
  replaceChildren(box,
    h('p', { class: 'problem-title' }, h('strong', {}, `${fileName} could not be imported`)),
    h('p', { class: 'problem-message' }, capital(problem.message)),
    where.length > 0 ? h('dl', { class: 'problem-where' }, where) : null,
    h('p', { class: 'problem-next' },
      'Fix the file, or choose another format, column names or period above, and import again.',
      previous ? ` The report below is still the previous one (${previous.run.fileName}).` : '',
    ),
  );
}

function drawSave(host: HTMLElement | null, outcome: ImportOutcome, ctx: AppContext): void {
  if (!host) return;
  const { store } = ctx;
  const savedId = outcome.savedId && store.get(outcome.savedId) ? outcome.savedId : undefined;
  const intro = h('p', { class: 'section-intro' },
    'Store the calibrated desk with your scenarios in this browser (it survives a reload): ',
    `${outcome.reply.scenario.groups.length} groups with rosters estimated from the history, ${outcome.reply.scenario.demand.length} ticket streams, ${outcome.reply.scenario.horizonDays} simulated days after ${outcome.reply.scenario.warmupDays} days of warm-up. `,
    'Then compare it with another desk, plan its staffing, or change it in the editor.',
  );
  if (outcome.reply.scenarioErrors.length > 0) {
    replaceChildren(host, h('h2', {}, 'Save as scenario'), intro,
      h('p', { class: 'error' }, `The calibrated desk does not load as a scenario, so it cannot be saved: ${outcome.reply.scenarioErrors[0]}`));
    return;
  }
  if (savedId) {
    const others = store.list().filter((s) => s.id !== savedId && !s.bundled);
    const partner = others[0]?.id ?? 'bundled:seed-defaults';
    replaceChildren(host, h('h2', {}, 'Save as scenario'), intro,
      h('div', { class: 'toolbar' },
        h('span', { class: 'saved-as', id: 'import-saved-as' }, `Saved as “${store.name(savedId)}”.`),
        h('a', { class: 'button primary-link', id: 'import-compare', href: compareHash([savedId, partner], savedId) }, `Compare with “${store.name(partner)}”`),
        h('a', { class: 'button', id: 'import-edit', href: editHash(savedId) }, 'Edit in the editor'),
        h('a', { class: 'button', id: 'import-plan', href: `#/planner?scenario=${encodeURIComponent(savedId)}` }, 'Plan its staffing'),
      ),
    );
    return;
  }
  const taken = new Set(store.list().map((s) => store.name(s.id)));
  const nameInput = h('input', { type: 'text', id: 'import-name', maxlength: 80, value: uniqueName(scenarioNameFor(outcome.run.fileName), taken), 'aria-describedby': 'import-name-error' });
  const nameError = h('span', { class: 'field-error', id: 'import-name-error' });
  const save = () => {
    const name = nameInput.value.trim();
    if (!isScenarioName(name)) {
      nameError.textContent = 'A name of at most 80 characters: letters, digits, spaces and _ + - / ( ), starting with a letter or digit.';
      nameInput.setAttribute('aria-invalid', 'true');
      nameInput.focus();
      return;
    }
    if (store.list().some((s) => store.name(s.id) === name)) {
      nameError.textContent = `Another scenario is already named “${name}”: choose a different name.`;
      nameInput.setAttribute('aria-invalid', 'true');
      nameInput.focus();
      return;
    }
    try {
      const saved = store.save({ ...outcome.reply.scenario, name });
      importSession.markSaved(saved.id);
      ctx.notify(`Saved the calibrated desk as "${name}".`);
    } catch (e) {
      nameError.textContent = (e as Error).message;
    }
  };
  replaceChildren(host, h('h2', {}, 'Save as scenario'), intro,
    h('form', { class: 'toolbar', onsubmit: (e: Event) => (e.preventDefault(), save()) },
      h('span', { class: 'field' }, h('label', { for: 'import-name' }, 'Scenario name'), nameInput, nameError),
      h('button', { type: 'submit', class: 'primary', id: 'import-save' }, 'Save as scenario'),
    ),
  );
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The browser's IANA zones for the datalist (a short list where it cannot say). */
function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    const zones = intl.supportedValuesOf?.('timeZone');
    if (zones && zones.length > 0) return ['UTC', ...zones.filter((z) => z !== 'UTC')];
  } catch {
    // Older browsers: the short list below.
  }
  return ['UTC', 'Europe/London', 'Europe/Rome', 'Europe/Berlin', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney'];
}
