import { formatTokyoTime } from '@renkei/alerting/email/alert-labels';
import type { IncidentTaskEntity } from '@renkei/incidents/entities/incident-task.entity';
import { TaskStatus } from '@renkei/incidents/incidents.enums';
import type { ReportBlock, ReportCell } from '@renkei/reporting/report/report-document';
import type { AppliedRunbookView, TaskStepView } from './runbook-application.service';

type Language = 'ja' | 'en';

/** The columns runbooks add to the incident report's tasks table. */
export const RUNBOOK_TASK_COLUMNS: Record<Language, string>[] = [
  { ja: '手順書の手順', en: 'Runbook step' },
  { ja: 'ガイドライン項目', en: 'Guideline items' },
];

const LABEL = {
  ownRunbook: { ja: '組織独自の手順書', en: 'An organisation’s own runbook' },
  branch: { ja: '分岐先の手順', en: 'alternative branch' },
  checkSheet: { ja: 'チェックシート', en: 'Check sheet' },
  cpsf: { ja: 'CPSF', en: 'CPSF' },
  none: { ja: '—', en: '—' },
  applied: { ja: '適用した手順書', en: 'Runbooks applied' },
} as const;

const appliedLine = {
  ja: (title: string, at: string, done: number, total: number) =>
    `${title} — ${at} に適用、タスク ${total}件中 ${done}件完了`,
  en: (title: string, at: string, done: number, total: number) =>
    `${title} — applied ${at}, ${done} of ${total} tasks done`,
};

function runbookTitle(application: AppliedRunbookView | undefined, l: Language): string {
  if (!application) return LABEL.ownRunbook[l];
  const title = l === 'ja' ? application.titleJa : application.titleEn || application.titleJa;
  return `${title ?? LABEL.ownRunbook[l]} v${application.versionNumber}`;
}

/**
 * The runbook step behind each task that applying a runbook created — "<runbook> vN › 3. <step>" and
 * the check-sheet items and CPSF measures it serves — and, under the table, the runbooks applied with
 * how many of their tasks are done. Plain text: the report's renderers escape it.
 */
export function runbookTaskDetails(
  applications: readonly AppliedRunbookView[],
  steps: readonly TaskStepView[],
  tasks: readonly Pick<IncidentTaskEntity, 'id' | 'status'>[],
  l: Language,
): { cells: Map<string, ReportCell[]>; blocks: ReportBlock[] } | null {
  if (applications.length === 0) return null;
  const byApplication = new Map(applications.map((a) => [a.applicationId, a]));
  const taskIds = new Set(tasks.map((t) => t.id));
  const cells = new Map<string, ReportCell[]>();
  for (const step of steps) {
    if (!taskIds.has(step.taskId)) continue;
    const title = l === 'ja' ? step.stepTitleJa : step.stepTitleEn || step.stepTitleJa;
    const where = `${runbookTitle(byApplication.get(step.applicationId), l)} › ${step.position + 1}. ${title}${
      step.onDefaultPath ? '' : l === 'ja' ? `（${LABEL.branch.ja}）` : ` (${LABEL.branch.en})`
    }`;
    const items = [
      ...(step.checkSheetKeys.length ? [`${LABEL.checkSheet[l]}: ${step.checkSheetKeys.join(', ')}`] : []),
      ...(step.cpsfMeasureIds.length ? [`${LABEL.cpsf[l]}: ${step.cpsfMeasureIds.join(', ')}`] : []),
    ];
    cells.set(step.taskId, [where, items.join(l === 'ja' ? '／' : '; ') || LABEL.none[l]]);
  }
  const status = new Map(tasks.map((t) => [t.id, t.status]));
  const items = applications.map((application) => {
    const own = steps.filter((s) => s.applicationId === application.applicationId && status.has(s.taskId));
    const done = own.filter((s) => status.get(s.taskId) === TaskStatus.DONE).length;
    return appliedLine[l](
      runbookTitle(application, l),
      formatTokyoTime(application.appliedAt),
      done,
      own.length,
    );
  });
  return {
    cells,
    blocks: [
      { kind: 'paragraph', text: LABEL.applied[l] },
      { kind: 'list', items },
    ],
  };
}
