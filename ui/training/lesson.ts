import type { Scenario } from '../../sim/model/scenario.js';
import type { LessonExperiment } from './lessons/experiment.js';

/**
 * A lesson: a small bundled desk, a few paragraphs a trainer reads aloud, a question, and one
 * control the learner moves. The answer is never written down here: each lesson's `experiment`
 * says which variants of its scenario to simulate and how to read the replications, and the
 * panel (lessonPanel.ts) runs them in the browser's worker pool and shows what came out.
 */

/** The one thing the learner changes. `apply` returns a new scenario; it never mutates `base`. */
export interface LessonControl {
  kind: 'slider' | 'toggle';
  label: string;
  min?: number;
  max?: number;
  step?: number;
  initial: number | boolean;
  format?: (v: number | boolean) => string;
  apply(base: Scenario, value: number | boolean): Scenario;
}

export interface Lesson {
  /** URL-safe id: `#/training?lesson=<id>`, and the file `scenarios/lessons/<id>.json`. */
  id: string;
  title: string;
  /** One line for a lesson picker. */
  summary: string;
  /** The parsed (validated, defaulted) bundled scenario. */
  scenario: Scenario;
  /** Paragraphs for the trainer to read aloud. */
  narrative: string[];
  question: string;
  control: LessonControl;
  /** What to simulate for a control value and how to turn the replications into the shown answer. */
  experiment: LessonExperiment;
}

export { LESSONS, lessonById } from './lessons/index.js';
export { mountLessonPanel, type LessonPanelHooks } from './lessonPanel.js';
