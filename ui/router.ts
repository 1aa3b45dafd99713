/**
 * Views by URL hash, so every view can be bookmarked, reloaded and opened in a new tab:
 * `#/compare[?scenarios=a,b&baseline=a&replications=10]` (the default), `#/scenarios`,
 * `#/edit/<id>`, `#/share/<payload>`, `#/planner[?scenario=id&confidence=0.95&replications=40]` and
 * `#/training[?lesson=id|?scenario=id][&days=n]`; `#/import` builds a scenario from a ticket export.
 */

export type Route =
  | { view: 'compare'; params: URLSearchParams }
  | { view: 'scenarios' }
  | { view: 'edit'; id: string }
  | { view: 'share'; hash: string }
  | { view: 'planner'; params: URLSearchParams }
  | { view: 'training'; params: URLSearchParams }
  | { view: 'import' }
  | { view: 'not-found'; hash: string };

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  if (text === '' || text === '/') return { view: 'compare', params: new URLSearchParams() };
  if (text.startsWith('/share/')) return { view: 'share', hash: `#${text}` };
  const [path, query = ''] = text.split('?', 2);
  const parts = path.split('/').filter((p) => p !== '');
  if (parts[0] === 'compare' && parts.length === 1) return { view: 'compare', params: new URLSearchParams(query) };
  if (parts[0] === 'scenarios' && parts.length === 1) return { view: 'scenarios' };
  if (parts[0] === 'planner' && parts.length === 1) return { view: 'planner', params: new URLSearchParams(query) };
  if (parts[0] === 'training' && parts.length === 1) return { view: 'training', params: new URLSearchParams(query) };
  if (parts[0] === 'import' && parts.length === 1) return { view: 'import' };
  if (parts[0] === 'edit' && parts.length === 2) {
    try {
      return { view: 'edit', id: decodeURIComponent(parts[1]) };
    } catch {
      return { view: 'not-found', hash };
    }
  }
  return { view: 'not-found', hash };
}

export function editHash(id: string): string {
  return `#/edit/${encodeURIComponent(id)}`;
}

export function compareHash(ids: readonly string[], baseline?: string, replications?: number): string {
  const params = new URLSearchParams();
  params.set('scenarios', ids.join(','));
  if (baseline) params.set('baseline', baseline);
  if (replications) params.set('replications', String(replications));
  return `#/compare?${params.toString()}`;
}

/** Call `render` with the current route now and on every hash change; returns a way to stop. */
export function startRouter(render: (route: Route) => void): () => void {
  const onChange = () => render(parseRoute(location.hash));
  window.addEventListener('hashchange', onChange);
  onChange();
  return () => window.removeEventListener('hashchange', onChange);
}
