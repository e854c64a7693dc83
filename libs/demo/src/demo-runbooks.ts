import { EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor, PlatformRole } from '@renkei/core/context/actor';
import { ContactKind } from '@renkei/directory/directory.enums';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { ResponsibilityService } from '@renkei/responsibility/responsibility.service';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { PostIncidentReviewEntity, ReviewFindingEntity } from '@renkei/runbooks/entities/review.entity';
import { RunbookEntity, RunbookVersionEntity } from '@renkei/runbooks/entities/runbook.entity';
import { DutiesFor, assigneeContext, writeRunbookApplication } from '@renkei/runbooks/runbook-apply';
import { RunbookContent, contentOf, stepsOf, writeDraftContent } from '@renkei/runbooks/runbook-content';
import { validateSteps } from '@renkei/runbooks/runbook-plan';
import {
  FindingActionKind,
  FindingStatus,
  ReviewStatus,
  RunbookScope,
  RunbookVersionStatus,
  StepAssigneeKind,
} from '@renkei/runbooks/runbooks.enums';
import { OrganisationKey, USERS, UserKey } from './demo-city.data';

interface DemoIds {
  organisation: Record<OrganisationKey, string>;
  user: Record<UserKey, string>;
}

/** MinatoPay's own procedure for account takeover on the resident portal (a STAKEHOLDER runbook). */
const PORTAL_TAKEOVER: RunbookContent = {
  titleJa: '住民ポータル：アカウント乗っ取り時の利用者保護手順',
  titleEn: 'Resident portal: protecting users after account takeover',
  summaryJa:
    'みなとペイ社内手順。パスワードリスト攻撃等で利用者アカウントが乗っ取られたときの、アカウント保護とポイント不正利用の補填。',
  summaryEn:
    'MinatoPay’s own procedure when portal accounts are taken over (credential stuffing…): protect accounts, compensate misused points.',
  componentCategories: ['SERVICE'],
  incidentCategories: ['UNAUTHORIZED_ACCESS'],
  incidentTypeIds: ['INC-22'],
  severities: [],
  changeNote: '初版',
  steps: [
    {
      key: 'lock-accounts',
      titleJa: '該当アカウントのロックと強制ログアウト',
      titleEn: 'Lock the accounts and end their sessions',
      instructionsJa:
        'ログイン成功した不審な接続元に紐づくアカウントをロックし、みなとIDのセッションも失効させる。',
      instructionsEn:
        'Lock accounts reached from the suspicious sources and revoke their Minato ID sessions.',
      assigneeKind: StepAssigneeKind.DUTY,
      assigneeDuty: Duty.RESPONSIBLE,
      assigneeRole: null,
      assigneeOrganisationId: null,
      expectedMinutes: 60,
      decision: null,
      nextStepKey: null,
      checkSheetKeys: ['SVC-2-2', 'SVC-2-5'],
      cpsfMeasureIds: ['CPS.AC-4', 'CPS.MI-1'],
      templateJa: null,
      templateEn: null,
    },
    {
      key: 'points',
      titleJa: 'ポイント不正利用の確認',
      titleEn: 'Check for misused points',
      instructionsJa: '乗っ取り期間の決済・チャージ履歴を確認し、不正利用分を特定する。',
      instructionsEn: 'Check payments and top-ups during the takeover and identify misuse.',
      assigneeKind: StepAssigneeKind.DUTY,
      assigneeDuty: Duty.RESPONSIBLE,
      assigneeRole: null,
      assigneeOrganisationId: null,
      expectedMinutes: 240,
      decision: {
        questionJa: '不正利用があったか？',
        questionEn: 'Were points misused?',
        options: [
          { labelJa: 'はい', labelEn: 'Yes', nextStepKey: 'compensate' },
          { labelJa: 'いいえ', labelEn: 'No', nextStepKey: 'notify-users' },
        ],
      },
      nextStepKey: null,
      checkSheetKeys: ['SVC-4-3'],
      cpsfMeasureIds: ['CPS.AN-1'],
      templateJa: null,
      templateEn: null,
    },
    {
      key: 'compensate',
      titleJa: '不正利用分の補填',
      titleEn: 'Compensate misused points',
      instructionsJa: '利用規約に基づき補填し、加盟店精算を調整する。',
      instructionsEn: 'Compensate per the terms of use and adjust merchant settlements.',
      assigneeKind: StepAssigneeKind.DUTY,
      assigneeDuty: Duty.RESPONSIBLE,
      assigneeRole: null,
      assigneeOrganisationId: null,
      expectedMinutes: 2 * 24 * 60,
      decision: null,
      nextStepKey: null,
      checkSheetKeys: ['SVC-2-1'],
      cpsfMeasureIds: ['CPS.CO-2'],
      templateJa: null,
      templateEn: null,
    },
    {
      key: 'notify-users',
      titleJa: '利用者へのパスワード再設定の案内',
      titleEn: 'Ask users to reset their passwords',
      instructionsJa: 'アプリ内通知とメールで案内する。',
      instructionsEn: 'In-app notice and e-mail.',
      assigneeKind: StepAssigneeKind.DUTY,
      assigneeDuty: Duty.RESPONSIBLE,
      assigneeRole: null,
      assigneeOrganisationId: null,
      expectedMinutes: 120,
      decision: null,
      nextStepKey: null,
      checkSheetKeys: ['GOV-3-3'],
      cpsfMeasureIds: ['CPS.CO-1'],
      templateJa:
        '【{{incident.reference}}】パスワード再設定のお願い\n\n不正ログインが確認されたため、アカウントを一時的にロックしました。アプリからパスワードを再設定してください。',
      templateEn:
        '[{{incident.reference}}] Please reset your password\n\nWe locked your account after an unauthorised login. Reset your password in the app.',
    },
  ],
};

/** Writes a runbook with one published version (the content written as a draft, then published). */
async function publishedRunbook(
  manager: EntityManager,
  values: Partial<RunbookEntity>,
  content: RunbookContent,
  publishedAt: Date,
  userId: string,
): Promise<{ runbook: RunbookEntity; version: RunbookVersionEntity }> {
  validateSteps(content.steps, 'demo');
  const runbook = await manager.save(manager.create(RunbookEntity, values));
  const version = await manager.save(
    manager.create(RunbookVersionEntity, {
      runbookId: runbook.id,
      number: 1,
      status: RunbookVersionStatus.DRAFT,
      titleJa: content.titleJa,
      titleEn: content.titleEn,
      createdById: userId,
    }),
  );
  await writeDraftContent(manager, version.id, content);
  await manager.update(
    RunbookVersionEntity,
    { id: version.id },
    { status: RunbookVersionStatus.PUBLISHED, publishedAt, publishedById: userId },
  );
  await manager.update(RunbookEntity, { id: runbook.id }, { currentVersionId: version.id });
  return {
    runbook: (await manager.findOneBy(RunbookEntity, { id: runbook.id })) as RunbookEntity,
    version: (await manager.findOneBy(RunbookVersionEntity, { id: version.id })) as RunbookVersionEntity,
  };
}

function actorFor(ids: DemoIds, key: UserKey): Actor {
  const user = USERS.find((candidate) => candidate.key === key)!;
  return {
    kind: 'user',
    id: ids.user[key],
    userId: ids.user[key],
    organisationId: ids.organisation[user.organisation],
    role: user.role as PlatformRole,
    displayName: user.displayName,
  };
}

/**
 * Runbooks in the demo city: the city's own copy of Renkei's personal data example and MinatoPay's
 * own runbook, both applied to the credential-stuffing incident (INC-2026-0002, personal data); and
 * the post-incident review of the closed bike-lock incident (INC-2026-0001) with its findings.
 */
export async function seedDemoRunbooks(manager: EntityManager, ids: DemoIds): Promise<void> {
  // The map's duties, read in this transaction (the service reads only; it writes no audit here).
  const map = new ResponsibilityService(manager.connection, undefined as unknown as AuditService);
  const dutiesFor: DutiesFor = async (componentIds, tx) => {
    const { byOrganisation } = await map.partiesFor(componentIds, tx);
    return new Map(
      [...byOrganisation].map(([org, items]) => [org, new Set(items.map((i) => i.assignment.duty))]),
    );
  };
  const incident = async (reference: string) =>
    (await manager.findOneBy(IncidentEntity, { reference })) as IncidentEntity;
  const leak = await incident('INC-2026-0002');
  const bikeLock = await incident('INC-2026-0001');
  const coordinator = actorFor(ids, 'coordinator');

  const example = (await manager.findOneBy(RunbookEntity, {
    exampleKey: 'personal-data-leak',
  })) as RunbookEntity;
  const exampleVersion = (await manager.findOneBy(RunbookVersionEntity, {
    id: example.currentVersionId as string,
  })) as RunbookVersionEntity;
  const cityCopy = await publishedRunbook(
    manager,
    {
      scope: RunbookScope.CITY_WIDE,
      ownerOrganisationId: ids.organisation.city,
      copiedFromRunbookId: example.id,
    },
    {
      ...contentOf(exampleVersion, await stepsOf(manager, [exampleVersion.id])),
      changeNote: 'Renkeiの例を複製して採用（みなと市CSIRT）',
    },
    new Date(leak.reportedAt.getTime() - 30 * 24 * 60 * 60_000),
    coordinator.userId as string,
  );
  const portal = await publishedRunbook(
    manager,
    { scope: RunbookScope.STAKEHOLDER, ownerOrganisationId: ids.organisation.pay },
    PORTAL_TAKEOVER,
    new Date(leak.reportedAt.getTime() - 60 * 24 * 60 * 60_000),
    ids.user.payStaff,
  );
  const appliedAt = new Date(leak.reportedAt.getTime() + 60 * 60_000);
  for (const [{ runbook, version }, by] of [
    [cityCopy, coordinator],
    [portal, actorFor(ids, 'payStaff')],
  ] as const) {
    await writeRunbookApplication(manager, {
      incident: leak,
      runbook,
      version,
      context: await assigneeContext(manager, leak, dutiesFor),
      actor: by,
      appliedAt,
    });
  }

  // Lessons learned from the closed bike-lock incident.
  const closedAt = bikeLock.closedAt ?? new Date();
  const review = await manager.save(
    manager.create(PostIncidentReviewEntity, {
      incidentId: bikeLock.id,
      summary:
        'BLE認証の脆弱性を突いたスマートロックの不正解錠。センサリンク社の修正ファームウェア配布で収束。個人情報への影響なし。',
      wentWell:
        'シェアサイクル運行管理センターが2時間以内に検知し、市CSIRTとIoTベンダのPSIRTが当日中に合同調査を開始できた。',
      wentBadly:
        '夜間の緊急連絡先（運行管理責任者）の番号が古く、初動が1時間遅れた。電子錠の脆弱性対応について、IoTベンダとの責任分担が責任分担マップに無かった。',
      status: ReviewStatus.COMPLETED,
      completedAt: new Date(closedAt.getTime() + 7 * 24 * 60 * 60_000),
      completedById: coordinator.userId,
      createdById: coordinator.userId,
    }),
  );
  const [emergency] = (await manager.query(
    `SELECT id FROM contact WHERE organisation_id = $1 AND kind = $2 ORDER BY created_at LIMIT 1`,
    [ids.organisation.cycle, ContactKind.EMERGENCY],
  )) as { id: string }[];
  const [bikeLockComponent] = (await manager.query(
    `SELECT component_id FROM incident_component WHERE incident_id = $1 LIMIT 1`,
    [bikeLock.id],
  )) as { component_id: string }[];
  const day = 24 * 60 * 60_000;
  await manager.insert(ReviewFindingEntity, [
    {
      reviewId: review.id,
      incidentId: bikeLock.id,
      finding: '夜間の緊急連絡先が古く、初動が遅れた。',
      actionKind: FindingActionKind.FIX_CONTACT,
      contactId: emergency?.id ?? null,
      ownerOrganisationId: ids.organisation.cycle,
      dueAt: new Date(closedAt.getTime() + 30 * day),
      status: FindingStatus.IN_PROGRESS,
    },
    {
      reviewId: review.id,
      incidentId: bikeLock.id,
      finding: '電子錠ファームウェアの脆弱性対応について、IoTベンダの役割が責任分担マップに無かった。',
      actionKind: FindingActionKind.ADD_RESPONSIBILITY,
      componentId: bikeLockComponent.component_id,
      duty: Duty.CONSULTED,
      ownerOrganisationId: ids.organisation.city,
      dueAt: new Date(closedAt.getTime() + 45 * day),
      status: FindingStatus.OPEN,
    },
    {
      reviewId: review.id,
      incidentId: bikeLock.id,
      finding: 'IoT機器の脆弱性を起点とした事案は、これまでの机上演習で扱っていなかった。',
      actionKind: FindingActionKind.ADD_DRILL_SCENARIO,
      drillScenario:
        '公開されたBLE脆弱性を悪用して電子錠が一斉に解錠される。IoTベンダの修正提供まで、運行停止と利用者への周知を判断する（状況付与：SNSでの拡散、報道機関からの問い合わせ）。',
      ownerOrganisationId: ids.organisation.city,
      dueAt: new Date(closedAt.getTime() + 90 * day),
      status: FindingStatus.DONE,
      doneAt: new Date(closedAt.getTime() + 20 * day),
      doneById: coordinator.userId,
    },
  ]);
}
