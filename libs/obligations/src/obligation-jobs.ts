import type { EntityManager } from 'typeorm';
import { enqueue, OutboxEntry } from '@renkei/alerting/outbox';
import { reminderTimes } from './clock';
import type { ReportingStage } from './entities/reporting-rule.entity';

/** The queue and jobs of statutory deadlines; the processor lives in apps/worker. */
export const ObligationQueue = { NAME: 'obligations' } as const;
export const ObligationJob = { REMIND: 'remind', OVERDUE: 'overdue' } as const;

/**
 * A reminder or the deadline itself for one obligation at one due time. `dueAt` (ms) makes a job
 * stale once the deadline moved (malicious flag, awareness time): the runner then does nothing.
 */
export interface ObligationTimerJob {
  obligationId: string;
  dueAt: number;
  /** 1-based reminder number (REMIND only). */
  reminder?: number;
}

/** Job ids (BullMQ: no ':'); the due time is part of them so a moved deadline gets new jobs. */
export function reminderJobId(obligationId: string, dueAt: Date, reminder: number): string {
  return `obligation_${obligationId}_${dueAt.getTime()}_remind_${reminder}`;
}

export function overdueJobId(obligationId: string, dueAt: Date): string {
  return `obligation_${obligationId}_${dueAt.getTime()}_overdue`;
}

/** The reminder jobs (still ahead of `now`) and the deadline job of an obligation, in the outbox. */
export function timerJobs(obligationId: string, due: Date, stage: ReportingStage, now: Date): OutboxEntry[] {
  const entries: OutboxEntry[] = reminderTimes(due, stage.reminderOffsetsSeconds, now).map((reminder) => ({
    queue: ObligationQueue.NAME,
    name: ObligationJob.REMIND,
    jobId: reminderJobId(obligationId, due, reminder.number),
    payload: { obligationId, dueAt: due.getTime(), reminder: reminder.number },
    availableAt: reminder.at,
  }));
  entries.push({
    queue: ObligationQueue.NAME,
    name: ObligationJob.OVERDUE,
    jobId: overdueJobId(obligationId, due),
    payload: { obligationId, dueAt: due.getTime() },
    availableAt: due,
  });
  return entries;
}

export async function scheduleTimers(
  manager: EntityManager,
  timers: { obligationId: string; dueAt: Date; stage: ReportingStage }[],
  now: Date,
): Promise<void> {
  await enqueue(
    manager,
    timers.flatMap((timer) => timerJobs(timer.obligationId, timer.dueAt, timer.stage, now)),
  );
}
