import type { Lesson } from '../lesson.js';
import { afterHoursAck } from './afterHoursAck.js';
import { cherryPickingLesson } from './cherryPicking.js';
import { hockeyStick } from './hockeyStick.js';
import { littlesLaw } from './littlesLaw.js';
import { pooling } from './pooling.js';
import { priorityStarvation } from './priorityStarvation.js';
import { variability } from './variability.js';

/** The lessons in teaching order: each builds on the one before. */
export const LESSONS: readonly Lesson[] = [hockeyStick, variability, pooling, priorityStarvation, afterHoursAck, cherryPickingLesson, littlesLaw];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
