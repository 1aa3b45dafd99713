import { BUNDLED } from './bundled.js';
import { ComparisonSession } from './comparison.js';
import { DEFAULT_SELECTION, type AppContext, type CompareSelection } from './context.js';
import { startRouter, type Route } from './router.js';
import { ScenarioStore } from './store.js';
import { renderCompare } from './views/compare.js';
import { renderEditor } from './views/editor.js';
import { renderImport } from './views/import.js';
import { renderPlanner } from './views/planner.js';
import { renderScenarios } from './views/scenarios.js';
import { renderShare } from './views/share.js';
import { renderTraining } from './views/training.js';
import { h } from './dom.js';

/** The app: a router that mounts one view at a time into <main>. */

const SELECTION_KEY = 'supportsim.compareSelection.v1';

const view = document.getElementById('view') as HTMLElement;
const notice = document.getElementById('notice') as HTMLElement;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

const store = new ScenarioStore(localStorage, BUNDLED);
const ctx: AppContext = {
  store,
  session: new ComparisonSession(),
  selection: loadSelection(),
  saveSelection(selection) {
    ctx.selection = selection;
    try {
      localStorage.setItem(SELECTION_KEY, JSON.stringify(selection));
    } catch {
      // Not worth bothering the user: the selection is a convenience.
    }
  },
  notify(message, kind = 'info') {
    notice.textContent = message;
    notice.className = `notice ${kind}`;
    clearTimeout(noticeTimer);
    if (kind === 'info') noticeTimer = setTimeout(() => ((notice.textContent = ''), (notice.className = 'notice')), 6000);
  },
  autoRunDone: false,
};

if (store.recovery) {
  ctx.notify(
    `Your saved scenarios could not be read (${store.recovery.reason}), so the list starts empty.` +
      (store.recovery.keptUnder ? ` The unreadable data is kept in this browser under "${store.recovery.keptUnder}".` : ''),
    'error',
  );
}

let unmount: (() => void) | void;

function render(route: Route): void {
  unmount?.();
  unmount = undefined;
  view.replaceChildren();
  window.scrollTo(0, 0);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[data-view]')) {
    const current = link.dataset.view === route.view || (link.dataset.view === 'scenarios' && route.view === 'edit');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  try {
    switch (route.view) {
      case 'compare':
        unmount = renderCompare(view, ctx, route.params);
        break;
      case 'scenarios':
        unmount = renderScenarios(view, ctx);
        break;
      case 'edit':
        unmount = renderEditor(view, ctx, route.id);
        break;
      case 'share':
        unmount = renderShare(view, ctx, route.hash);
        break;
      case 'planner':
        unmount = renderPlanner(view, ctx, route.params);
        break;
      case 'training':
        unmount = renderTraining(view, ctx, route.params);
        break;
      case 'import':
        unmount = renderImport(view, ctx);
        break;
      default:
        view.append(
          h('h1', {}, 'Page not found'),
          h('p', {}, `There is no view at "${route.hash}". `, h('a', { href: '#/compare' }, 'Go to the comparison'), '.'),
        );
    }
  } catch (e) {
    // A view that fails says so instead of leaving a blank page.
    console.warn(e);
    view.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, (e as Error).message), h('p', {}, h('a', { href: '#/scenarios' }, 'Back to the scenarios')));
  }
}

function loadSelection(): CompareSelection {
  try {
    const value = JSON.parse(localStorage.getItem(SELECTION_KEY) ?? 'null') as Partial<CompareSelection> | null;
    if (value && Array.isArray(value.ids) && value.ids.every((id) => typeof id === 'string') && Number.isInteger(value.replications) && Number.isFinite(value.seed)) {
      return { ids: value.ids, replications: value.replications as number, seed: value.seed as number };
    }
  } catch {
    // A broken value: start from the default.
  }
  return { ...DEFAULT_SELECTION, ids: [...DEFAULT_SELECTION.ids] };
}

startRouter(render);
