import type { RoutingPolicy } from './scenario.js';

/**
 * Queue disciplines as plain functions of one signature (as in Ciw's disciplines): the lane a
 * ticket of a given priority joins. Lanes are served lowest first, FIFO within a lane.
 * - `fifo`: one lane, first come first served whatever the priority.
 * - `priority`: a lane per priority, P1 first, FIFO within a priority.
 */
export function laneOf(policy: RoutingPolicy, priority: number): number {
  switch (policy) {
    case 'fifo':
      return 0;
    case 'priority':
      return priority;
  }
}
