import type { ComparisonSession } from './comparison.js';
import type { ScenarioStore } from './store.js';

/** What every view gets: the scenarios, the comparison session, and a way to tell the user something. */
export interface AppContext {
  store: ScenarioStore;
  session: ComparisonSession;
  selection: CompareSelection;
  saveSelection(selection: CompareSelection): void;
  /** A short message in the status line under the header (screen readers hear it too). */
  notify(message: string, kind?: 'info' | 'error'): void;
  /** Whether the Compare view already started the first-load comparison. */
  autoRunDone: boolean;
}

/** The scenarios chosen on the Compare view (the first is the baseline), its replications and seed. */
export interface CompareSelection {
  ids: string[];
  replications: number;
  seed: number;
}

export const DEFAULT_SELECTION: CompareSelection = {
  ids: ['bundled:seed-defaults', 'bundled:no-ack-duty'],
  replications: 10,
  seed: 1,
};
