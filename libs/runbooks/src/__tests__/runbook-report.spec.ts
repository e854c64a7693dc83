import { TaskStatus } from '@renkei/incidents/incidents.enums';
import type { AppliedRunbookView, TaskStepView } from '../runbook-application.service';
import { runbookTaskDetails } from '../runbook-report';

const APPLIED_AT = new Date('2026-04-01T00:05:00Z');
const named: AppliedRunbookView = {
  applicationId: 'a1',
  appliedAt: APPLIED_AT,
  versionNumber: 2,
  titleJa: '個人情報漏えい対応',
  titleEn: 'Personal data leak',
};
// Another organisation's own runbook: the reader may not see it, so it has no title.
const unnamed: AppliedRunbookView = {
  ...named,
  applicationId: 'a2',
  versionNumber: 1,
  titleJa: null,
  titleEn: null,
};
const step = (over: Partial<TaskStepView>): TaskStepView => ({
  taskId: 't1',
  applicationId: 'a1',
  position: 0,
  stepTitleJa: '事実確認',
  stepTitleEn: 'Establish the facts',
  checkSheetKeys: [],
  cpsfMeasureIds: [],
  onDefaultPath: true,
  ...over,
});

describe('the runbook steps behind tasks in the incident report', () => {
  const steps = [
    step({ taskId: 't1', checkSheetKeys: ['IR-1', 'IR-2'], cpsfMeasureIds: ['CPS.RS-1'] }),
    step({
      taskId: 't2',
      position: 2,
      stepTitleEn: 'Escalate',
      stepTitleJa: 'エスカレーション',
      onDefaultPath: false,
    }),
    step({ taskId: 't3', applicationId: 'a2', position: 0, cpsfMeasureIds: ['CPS.RP-2'] }),
    // A task the report does not list (not among the tasks given): left out.
    step({ taskId: 'gone', position: 3 }),
  ];
  const tasks = [
    { id: 't1', status: TaskStatus.DONE },
    { id: 't2', status: TaskStatus.OPEN },
    { id: 't3', status: TaskStatus.IN_PROGRESS },
    { id: 'manual', status: TaskStatus.OPEN },
  ];

  it('names the runbook and step, the guideline items, and the runbooks applied with their progress', () => {
    const details = runbookTaskDetails([named, unnamed], steps, tasks, 'en');
    expect(Object.fromEntries(details?.cells ?? [])).toEqual({
      t1: ['Personal data leak v2 › 1. Establish the facts', 'Check sheet: IR-1, IR-2; CPSF: CPS.RS-1'],
      t2: ['Personal data leak v2 › 3. Escalate (alternative branch)', '—'],
      t3: ['An organisation’s own runbook v1 › 1. Establish the facts', 'CPSF: CPS.RP-2'],
    });
    expect(details?.blocks).toEqual([
      { kind: 'paragraph', text: 'Runbooks applied' },
      {
        kind: 'list',
        items: [
          'Personal data leak v2 — applied 2026-04-01 09:05 JST, 1 of 2 tasks done',
          'An organisation’s own runbook v1 — applied 2026-04-01 09:05 JST, 0 of 1 tasks done',
        ],
      },
    ]);
  });

  it('writes Japanese', () => {
    const details = runbookTaskDetails([named], steps.slice(0, 2), tasks, 'ja');
    expect(details?.cells.get('t1')).toEqual([
      '個人情報漏えい対応 v2 › 1. 事実確認',
      'チェックシート: IR-1, IR-2／CPSF: CPS.RS-1',
    ]);
    expect(details?.cells.get('t2')?.[0]).toBe('個人情報漏えい対応 v2 › 3. エスカレーション（分岐先の手順）');
    expect(details?.blocks[1]).toEqual({
      kind: 'list',
      items: ['個人情報漏えい対応 v2 — 2026-04-01 09:05 JST に適用、タスク 2件中 1件完了'],
    });
  });

  it('adds nothing to an incident without runbooks', () => {
    expect(runbookTaskDetails([], [], tasks, 'en')).toBeNull();
  });
});
