import type { OutboxEntry } from '@renkei/alerting/outbox';

/** The exercise clock's delayed jobs (processed in apps/worker). */
export const ExerciseQueue = 'exercise-clock';

export const ExerciseJob = {
  /** Fire one inject when the clock reaches it. */
  FIRE_INJECT: 'fire-inject',
  /** Start a scheduled exercise at its time. */
  START: 'start',
} as const;

export interface FireInjectJob {
  exerciseId: string;
  injectId: string;
  /** The clock's epoch the job was planned in: a job of an earlier epoch (paused, jumped) does nothing. */
  epoch: number;
}

export interface StartExerciseJob {
  exerciseId: string;
  scheduledAt: string;
}

/** `suffix` tells a re-asked job (an early one) from the epoch's first. */
export function fireInjectJob(job: FireInjectJob, at: Date, suffix = ''): OutboxEntry {
  return {
    queue: ExerciseQueue,
    name: ExerciseJob.FIRE_INJECT,
    jobId: `inject_${job.injectId}_e${job.epoch}${suffix}`,
    payload: job as unknown as Record<string, unknown>,
    availableAt: at,
  };
}

export function startExerciseJob(job: StartExerciseJob): OutboxEntry {
  return {
    queue: ExerciseQueue,
    name: ExerciseJob.START,
    jobId: `start_${job.exerciseId}_${new Date(job.scheduledAt).getTime()}`,
    payload: job as unknown as Record<string, unknown>,
    availableAt: new Date(job.scheduledAt),
  };
}
