import type { AppContext } from '../context.js';
import { download, fileSafe, h, replaceChildren } from '../dom.js';
import { compareHash, editHash } from '../router.js';
import { encodeShare } from '../share.js';
import type { StoredScenario } from '../store.js';
import { descriptionOf, summarizeRaw } from '../summary.js';

/**
 * `#/scenarios`: the bundled examples (read-only) and the user's own, kept in this browser.
 * Duplicate, rename, delete, import and export JSON files, and copy a share link.
 */
export function renderScenarios(root: HTMLElement, ctx: AppContext): () => void {
  const list = h('div', { class: 'scenario-list' });
  const shareBox = h('div', { class: 'share-box', hidden: true });
  const fileInput = h('input', { type: 'file', id: 'import-file', accept: '.json,application/json', class: 'visually-hidden', tabindex: '-1', 'aria-label': 'Scenario JSON file to import' });
  const importErrors = h('div', { class: 'import-errors', role: 'alert' });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    importErrors.replaceChildren();
    const result = ctx.store.importJson(await file.text());
    if (result.ok) {
      ctx.notify(`Imported "${ctx.store.name(result.scenario.id)}" from ${file.name}.`);
      draw();
    } else {
      replaceChildren(
        importErrors,
        h('p', {}, `${file.name} was not imported: it is not a valid scenario.`),
        h('ul', {}, result.errors.slice(0, 8).map((e) => h('li', {}, e))),
        result.errors.length > 8 ? h('p', {}, `… and ${result.errors.length - 8} more.`) : null,
      );
    }
  });

  root.append(
    h('section', { class: 'view-intro' },
      h('h1', {}, 'Scenarios'),
      h('p', {},
        'A scenario is one support desk on paper: its teams and shifts, the tickets that arrive each week, its SLA targets (acknowledge, actionable response, resolution) and policies such as after-hours ACK duty. ',
        'The bundled examples are read-only: duplicate one to change it. Your scenarios are saved in this browser only; export them as JSON files to keep them, or send a share link.',
      ),
    ),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', onclick: () => fileInput.click() }, 'Import a JSON file…'),
      fileInput,
      h('a', { href: '#/compare', class: 'button' }, 'Go to the comparison'),
    ),
    importErrors,
    shareBox,
    list,
  );

  const draw = () => {
    const scenarios = ctx.store.list();
    const rows = scenarios.map((s) => row(s));
    replaceChildren(
      list,
      h('table', { class: 'scenarios' },
        h('caption', { class: 'visually-hidden' }, 'Bundled and saved scenarios'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Scenario'), h('th', { scope: 'col' }, 'The desk'), h('th', { scope: 'col' }, 'Actions'))),
        h('tbody', {}, rows),
      ),
    );
  };

  const row = (s: StoredScenario): HTMLTableRowElement => {
    const name = ctx.store.name(s.id);
    const summary = summarizeRaw(s.raw);
    const nameCell = h('td', { class: 'name' },
      h('a', { href: editHash(s.id) }, name),
      h('span', { class: `badge ${s.bundled ? 'bundled' : 'user'}` }, s.bundled ? 'bundled' : `yours · saved ${new Date(s.savedAt).toLocaleString()}`),
    );
    const tr = h('tr', { 'data-id': s.id },
      nameCell,
      h('td', { class: 'about' },
        h('div', { class: summary.ok ? 'summary' : 'summary invalid' }, summary.text),
        descriptionOf(s.raw) ? h('div', { class: 'description' }, descriptionOf(s.raw)) : null,
      ),
      h('td', { class: 'actions' },
        h('a', { href: editHash(s.id), class: 'button small' }, s.bundled ? 'View' : 'Edit'),
        h('button', { type: 'button', class: 'small', onclick: () => duplicate(s) }, 'Duplicate'),
        s.bundled ? null : h('button', { type: 'button', class: 'small', onclick: () => rename(s, nameCell) }, 'Rename'),
        s.bundled ? null : h('button', { type: 'button', class: 'small', onclick: (e: Event) => remove(s, e.currentTarget as HTMLElement) }, 'Delete'),
        h('button', { type: 'button', class: 'small', onclick: () => exportJson(s) }, 'Export JSON'),
        h('button', { type: 'button', class: 'small', onclick: () => void share(s) }, 'Copy share link'),
        h('a', { class: 'button small', href: compareHash(s.id === 'bundled:seed-defaults' ? [s.id, 'bundled:no-ack-duty'] : ['bundled:seed-defaults', s.id]) }, 'Compare'),
      ),
    );
    return tr;
  };

  const duplicate = (s: StoredScenario) => {
    try {
      const copy = ctx.store.duplicate(s.id);
      ctx.notify(`Created "${ctx.store.name(copy.id)}": change it in the editor.`);
      location.hash = editHash(copy.id);
    } catch (e) {
      ctx.notify((e as Error).message, 'error');
    }
  };

  const rename = (s: StoredScenario, cell: HTMLElement) => {
    const input = h('input', { type: 'text', value: ctx.store.name(s.id), 'aria-label': 'New name', maxlength: 80 });
    const error = h('span', { class: 'field-error', role: 'alert' });
    const commit = () => {
      try {
        ctx.store.rename(s.id, input.value);
        ctx.notify(`Renamed to "${input.value.trim()}".`);
        draw();
      } catch (e) {
        error.textContent = (e as Error).message;
      }
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') commit();
      if (e.key === 'Escape') draw();
    });
    cell.replaceChildren(
      h('form', { class: 'inline-form', onsubmit: (e: Event) => (e.preventDefault(), commit()) },
        input,
        h('button', { type: 'submit', class: 'small primary' }, 'Save name'),
        h('button', { type: 'button', class: 'small', onclick: draw }, 'Cancel'),
        error,
      ),
    );
    input.focus();
    input.select();
  };

  const remove = (s: StoredScenario, button: HTMLElement) => {
    const name = ctx.store.name(s.id);
    const confirm = h('span', { class: 'confirm', role: 'group', 'aria-label': `Delete ${name}?` },
      `Delete "${name}"? `,
      h('button', { type: 'button', class: 'small danger', onclick: () => {
        try {
          ctx.store.remove(s.id);
          ctx.notify(`Deleted "${name}".`);
          ctx.saveSelection({ ...ctx.selection, ids: ctx.selection.ids.filter((id) => id !== s.id) });
        } catch (e) {
          ctx.notify((e as Error).message, 'error');
        }
        draw();
      } }, 'Yes, delete'),
      h('button', { type: 'button', class: 'small', onclick: draw }, 'Keep it'),
    );
    button.replaceWith(confirm);
    (confirm.querySelector('button') as HTMLButtonElement).focus();
  };

  const exportJson = (s: StoredScenario) => {
    download(new Blob([ctx.store.exportJson(s.id)], { type: 'application/json' }), `${fileSafe(ctx.store.name(s.id))}.json`);
  };

  const share = async (s: StoredScenario) => {
    let url: string;
    try {
      url = `${location.origin}${location.pathname}${await encodeShare(s.raw)}`;
    } catch (e) {
      ctx.notify((e as Error).message, 'error');
      return;
    }
    const input = h('input', { type: 'text', readonly: true, value: url, 'aria-label': `Share link for ${ctx.store.name(s.id)}`, class: 'share-link' });
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard permission (or an insecure page): the link is shown to copy by hand.
    }
    shareBox.hidden = false;
    shareBox.replaceChildren(
      h('p', {}, copied ? `Share link for "${ctx.store.name(s.id)}" copied to the clipboard. ` : `Share link for "${ctx.store.name(s.id)}": copy it from the box. `,
        'Whoever opens it gets this scenario (the link carries it; nothing is uploaded).'),
      input,
      h('button', { type: 'button', class: 'small', onclick: () => ((shareBox.hidden = true), shareBox.replaceChildren()) }, 'Close'),
    );
    input.focus();
    input.select();
  };

  draw();
  const onStorage = () => draw();
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}
