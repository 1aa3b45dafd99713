import type { ClockName, Priority, RoutingPolicy } from '../sim/model/scenario.js';

/**
 * The model's names the app lists in its forms and tables. The app imports only types from sim/
 * (ui -> workers -> sim), so the lists are spelled out here; `tests/ui-results.test.ts` checks that
 * they match the model's.
 */
export const CLOCKS = ['acknowledge', 'actionable', 'update', 'resolution'] as const satisfies readonly ClockName[];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];
export const ROUTING_POLICIES = ['priority', 'fifo', 'deadline'] as const satisfies readonly RoutingPolicy[];
/** Probabilities of the `distribution.*` series: 1%, 5%, 10%, ..., 95%, 99% (sim/model/observations.ts). */
export const DISTRIBUTION_GRID: readonly number[] = [0.01, ...Array.from({ length: 19 }, (_, i) => (i + 1) * 0.05), 0.99];
