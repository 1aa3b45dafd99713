import type { AppContext } from '../context.js';
import { h } from '../dom.js';
import { compareHash, editHash } from '../router.js';
import { decodeShare } from '../share.js';
import { descriptionOf, nameOf, summarizeRaw } from '../summary.js';

/**
 * `#/share/<payload>`: a scenario someone sent in a link. It is decoded and validated in the
 * browser (the fragment never reaches a server); a good one can be saved to the user's scenarios,
 * a bad one gets a message that says what is wrong, never a blank page.
 */
export function renderShare(root: HTMLElement, ctx: AppContext, hash: string): () => void {
  let live = true;
  const body = h('div', { class: 'share-body', 'aria-busy': 'true' }, h('p', {}, 'Opening the shared scenario…'));
  root.append(
    h('section', { class: 'view-intro' },
      h('h1', {}, 'A shared scenario'),
      h('p', {}, 'Someone sent you a support desk scenario in this link. It is checked here in your browser: nothing is uploaded. Save it to your scenarios to edit it or compare it with others.'),
    ),
    body,
  );
  void decodeShare(hash).then((result) => {
    if (!live) return;
    body.removeAttribute('aria-busy');
    if (!result.ok) {
      body.replaceChildren(
        h('div', { class: 'share-error', role: 'alert' },
          h('h2', {}, 'This link cannot be opened'),
          h('p', {}, result.message),
          h('p', {}, 'Ask the sender for the link again (copy it whole), or for the scenario as a JSON file to import on the ', h('a', { href: '#/scenarios' }, 'Scenarios'), ' page.'),
        ),
      );
      return;
    }
    const raw = result.raw;
    const name = nameOf(raw) ?? 'Untitled';
    const text = JSON.stringify(raw);
    const existing = ctx.store.list().find((s) => JSON.stringify(s.raw) === text);
    const summary = summarizeRaw(raw);
    const save = (then: 'edit' | 'compare') => {
      try {
        const saved = existing && !existing.bundled ? existing : ctx.store.save(withUniqueName(ctx, raw, name));
        ctx.notify(`Saved "${ctx.store.name(saved.id)}" to your scenarios.`);
        location.hash = then === 'edit' ? editHash(saved.id) : compareHash([ctx.selection.ids[0] ?? 'bundled:seed-defaults', saved.id].filter((id, i, all) => all.indexOf(id) === i));
      } catch (e) {
        ctx.notify((e as Error).message, 'error');
      }
    };
    body.replaceChildren(
      h('article', { class: 'share-card' },
        h('h2', { 'data-testid': 'shared-name' }, name),
        h('p', { class: 'summary' }, summary.text),
        descriptionOf(raw) ? h('p', { class: 'description' }, descriptionOf(raw)) : null,
        existing ? h('p', { class: 'hint' }, `You already have this exact scenario: "${ctx.store.name(existing.id)}".`) : null,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => save('edit') }, existing && !existing.bundled ? 'Open it in the editor' : 'Save to my scenarios and edit'),
          h('button', { type: 'button', onclick: () => save('compare') }, 'Save and compare'),
          h('a', { href: '#/scenarios' }, 'Not now'),
        ),
        h('details', {}, h('summary', {}, 'The scenario as JSON'), h('pre', { class: 'json' }, JSON.stringify(raw, null, 2))),
      ),
    );
  });
  return () => {
    live = false;
  };
}

/** The shared scenario, renamed '<name> (shared)' when one of the user's scenarios has its name. */
function withUniqueName(ctx: AppContext, raw: unknown, name: string): unknown {
  const taken = new Set(ctx.store.list().map((s) => nameOf(s.raw)));
  if (!taken.has(name) || typeof raw !== 'object' || raw === null) return raw;
  for (let n = 1; ; n++) {
    const candidate = `${name.slice(0, 66)} (shared${n === 1 ? '' : ` ${n}`})`;
    if (!taken.has(candidate)) return { ...(raw as Record<string, unknown>), name: candidate };
  }
}
