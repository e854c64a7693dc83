import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLSchema, getNamedType, isLeafType } from 'graphql';
import { PlatformRole } from '@renkei/core/context/actor';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { ContactKind, GuidelineRole, RelationshipKind } from '@renkei/directory/directory.enums';
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { OrganisationRelationshipEntity } from '@renkei/directory/entities/organisation-relationship.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { totp } from '@renkei/identity/auth/totp';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { ensureStatutoryRules, PPC_NAME_JA } from '@renkei/obligations/statutory-rules';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * "Every mutation has a test with bad input: it returns BAD_USER_INPUT naming the field and the
 * database is unchanged."
 *
 * The mutations come from the running schema; CASES must hold at least one case for each of them (or
 * an entry in EXCEPTIONS saying why not), so a new mutation fails this file until it gets its case.
 * Documents are generated from the schema: a case gives only its variables.
 */

/** A UUID that names nothing. */
const UNKNOWN = '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e';

interface World {
  promotion: OrganisationEntity;
  own: OrganisationEntity;
  other: OrganisationEntity;
  admin: { id: string; token: string };
  responder: { id: string; token: string };
  /** A user of `own` with TOTP enabled (and its secret, to know which codes are valid). */
  totpUser: { id: string; token: string; secret: string };
  disabledUser: { id: string };
  root: ComponentEntity;
  child: ComponentEntity;
  grandchild: ComponentEntity;
  contact: { id: string };
  relationship: { id: string };
  assignment: { id: string };
  incident: { id: string; version: number };
  /** The incident's APPI preliminary report (it involves personal data), the APPI rule and the PPC. */
  obligation: { id: string };
  rule: { id: string };
  ppc: { id: string };
  task: { id: string };
  /** The alert `own`'s incident window got for `incident` (sent, not failed). */
  alert: { id: string };
  /** A dead letter whose contact has since been deleted. */
  deadLetter: { id: string };
  /** The city's default escalation policy. */
  defaultPolicy: { id: string };
  /** A contact of `own` with a webhook endpoint, and its current signing secret. */
  webhookContact: { id: string; secret: string };
  /** API keys of `own`: a responder's, a viewer's (may not report) and a revoked one. */
  apiKey: { id: string };
  viewerKey: { id: string };
  revokedKey: { id: string };
  /** A component operated by `other` (that `own`'s keys may not report on). */
  foreignComponent: ComponentEntity;
  /** The city's default report template (seeded by the migrations). */
  defaultTemplate: { id: string };
  /** A scenario of the city's own (SCENARIO below). */
  scenario: { id: string; version: number };
  /**
   * An exercise of it with `own` playing, running, its first inject (k1) sent to `own` and the second
   * (k2) pending, and an improvement item owned by `own`.
   */
  exercise: { id: string; version: number; k1: string; k2: string; item: string };
  /** Another exercise of it, still scheduled (its injects can be adjusted). */
  planned: { id: string; k1: string; k2: string };
  /** `own`'s runbook with one published version and no draft; another never published (a draft v1). */
  runbook: { id: string; versionId: string };
  draftRunbook: { id: string; versionId: string };
}

type Caller = 'admin' | 'responder' | 'totpUser';

interface BadCase {
  /** What is wrong, for the test name. */
  what: string;
  as?: Caller;
  variables: (w: World) => Record<string, unknown>;
  field: string;
}

/** A valid escalation step, and a valid policy input, that the cases below break one thing of. */
const STEP = { escalateAfterSeconds: 300, targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'] }] };
const POLICY = { name: 'Night shift', steps: [STEP] };
/** A valid self-assessment answer of `own` that the cases below break one thing of. */
const ANSWER = (w: World) => ({
  organisationId: w.own.id,
  itemKey: 'IR-1',
  status: 'IMPLEMENTED',
  expectedVersion: 0,
});

/** A valid reporting rule input (authority filled in per world). */
const RULE = (w: World) => ({
  key: 'CITY_RULE',
  nameJa: '市の報告',
  nameEn: 'City report',
  authorityOrganisationId: w.ppc.id,
  trigger: [{ kind: 'PERSONAL_DATA' }],
  stages: [{ key: 'first', nameJa: '第一報', nameEn: 'First', anchor: 'AWARENESS', duration: { days: 1 } }],
});

/** A valid report template and statement, that the cases below break one thing of. */
const TEMPLATE = { name: 'Flash report', languages: ['JA', 'EN'], sections: ['SUMMARY', 'TASKS'] };
const STATEMENT = { titleJa: 'お知らせ', bodyJa: '復旧しました。' };
const INQUIRY = { nameJa: '市民相談窓口', phone: '045-000-1234' };

/** A valid exercise scenario (two injects to `own`, one objective), that the cases below break one thing of. */
const ACTION = {
  key: 'ACT-1',
  descriptionJa: '受領を確認する',
  descriptionEn: 'Acknowledge the alert',
  withinSeconds: 600,
  objectiveKey: 'OBJ-1',
};
const INJECT = (w: World, key: string, offsetSeconds: number) => ({
  key,
  offsetSeconds,
  titleJa: `状況付与 ${key}`,
  titleEn: `Inject ${key}`,
  textJa: '不審な通信を検知しました。',
  textEn: 'Suspicious traffic detected.',
  audience: { organisationIds: [w.own.id] },
  expectedActions: [ACTION],
});
const SCENARIO = (w: World) => ({
  titleJa: 'ランサムウェア訓練',
  titleEn: 'Ransomware drill',
  objectives: [{ key: 'OBJ-1', textJa: '初動対応', textEn: 'First response', checkSheetKeys: ['IR-1'] }],
  injects: [INJECT(w, 'K1', 3600), INJECT(w, 'K2', 7200)],
});
/** A valid ad-hoc inject. */
const ADHOC = (w: World) => {
  const { key: _key, offsetSeconds: _offset, ...inject } = INJECT(w, 'ADHOC', 0);
  return inject;
};
const LONG = 'x'.repeat(2001);

/** A valid runbook step and content. */
const RUNBOOK_STEP = {
  key: 'contain',
  titleJa: '封じ込め',
  titleEn: 'Contain',
  assigneeKind: 'REPORTER',
  expectedMinutes: 30,
};
const RUNBOOK_CONTENT = { titleJa: '手順', titleEn: 'Procedure', steps: [RUNBOOK_STEP] };

const CASES: Record<string, BadCase[]> = {
  createReportingRule: [
    { what: 'blank name', variables: (w) => ({ input: { ...RULE(w), nameJa: ' ' } }), field: 'input.nameJa' },
    {
      what: 'an authority that is no EXTERNAL_AUTHORITY',
      variables: (w) => ({ input: { ...RULE(w), authorityOrganisationId: w.own.id } }),
      field: 'input.authorityOrganisationId',
    },
    {
      what: 'a first stage anchored on a previous one',
      variables: (w) => ({
        input: { ...RULE(w), stages: [{ ...RULE(w).stages[0], anchor: 'PREVIOUS_STAGE' }] },
      }),
      field: 'input.stages.0.anchor',
    },
    {
      what: 'a reminder after the deadline',
      variables: (w) => ({
        input: { ...RULE(w), stages: [{ ...RULE(w).stages[0], remindBefore: [{ days: 3 }] }] },
      }),
      field: 'input.stages.0.remindBefore.0',
    },
  ],
  updateReportingRule: [
    { what: 'malformed id', variables: (w) => ({ id: 'nope', input: RULE(w) }), field: 'id' },
    {
      what: 'a zero duration',
      variables: (w) => ({
        id: w.rule.id,
        input: { ...RULE(w), stages: [{ ...RULE(w).stages[0], duration: {} }] },
      }),
      field: 'input.stages.0.duration',
    },
  ],
  submitObligation: [
    {
      what: 'blank reference',
      variables: (w) => ({ id: w.obligation.id, input: { reference: ' ' } }),
      field: 'input.reference',
    },
    {
      what: 'submitted in the future',
      variables: (w) => ({
        id: w.obligation.id,
        input: { reference: 'PPC-1', submittedAt: new Date(Date.now() + 86_400_000).toISOString() },
      }),
      field: 'input.submittedAt',
    },
    { what: 'malformed id', variables: () => ({ id: 'nope', input: { reference: 'PPC-1' } }), field: 'id' },
  ],
  recordCommissionerNotified: [
    {
      what: 'told in the future',
      variables: (w) => ({
        id: w.obligation.id,
        input: { notifiedAt: new Date(Date.now() + 86_400_000).toISOString() },
      }),
      field: 'input.notifiedAt',
    },
    {
      what: 'blank name',
      variables: (w) => ({ id: w.obligation.id, input: { notifiedBy: ' ' } }),
      field: 'input.notifiedBy',
    },
    { what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' },
  ],
  approvePublicStatement: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  createInquiryContact: [
    { what: 'blank name', variables: () => ({ input: { ...INQUIRY, nameJa: ' ' } }), field: 'input.nameJa' },
    {
      what: 'no phone, email or url',
      variables: () => ({ input: { nameJa: '窓口' } }),
      field: 'input.phone',
    },
    {
      what: 'malformed email',
      variables: () => ({ input: { ...INQUIRY, email: 'nope' } }),
      field: 'input.email',
    },
    {
      what: 'javascript: url',
      variables: () => ({ input: { ...INQUIRY, url: 'javascript:alert(1)' } }),
      field: 'input.url',
    },
    {
      what: 'malformed phone',
      variables: () => ({ input: { ...INQUIRY, phone: 'call us' } }),
      field: 'input.phone',
    },
  ],
  createReportTemplate: [
    { what: 'blank name', variables: () => ({ input: { ...TEMPLATE, name: ' ' } }), field: 'input.name' },
    {
      what: 'no language',
      variables: () => ({ input: { ...TEMPLATE, languages: [] } }),
      field: 'input.languages',
    },
    {
      what: 'unknown section',
      variables: () => ({ input: { ...TEMPLATE, sections: ['SUMMARY', 'NO_SUCH_SECTION'] } }),
      field: 'input.sections',
    },
    {
      what: 'repeated section',
      variables: () => ({ input: { ...TEMPLATE, sections: ['SUMMARY', 'SUMMARY'] } }),
      field: 'input.sections',
    },
    {
      what: 'heading of an unknown section',
      variables: () => ({ input: { ...TEMPLATE, headings: [{ section: 'NOPE_SECTION', ja: 'x' }] } }),
      field: 'input.headings',
    },
  ],
  deleteInquiryContact: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  deleteReportTemplate: [
    { what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' },
    { what: 'the default template', variables: (w) => ({ id: w.defaultTemplate.id }), field: 'id' },
  ],
  draftPublicStatement: [
    {
      what: 'blank title',
      variables: (w) => ({ incidentId: w.incident.id, input: { ...STATEMENT, titleJa: ' ' } }),
      field: 'input.titleJa',
    },
    {
      what: 'blank body',
      variables: (w) => ({ incidentId: w.incident.id, input: { ...STATEMENT, bodyJa: '\n' } }),
      field: 'input.bodyJa',
    },
    {
      what: 'malformed incident id',
      variables: () => ({ incidentId: 'nope', input: STATEMENT }),
      field: 'incidentId',
    },
  ],
  updateInquiryContact: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: INQUIRY }), field: 'id' },
    {
      what: 'blank name',
      variables: () => ({ id: UNKNOWN, input: { ...INQUIRY, nameJa: '' } }),
      field: 'input.nameJa',
    },
  ],
  updatePublicStatement: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: STATEMENT }), field: 'id' },
    {
      what: 'title too long',
      variables: () => ({ id: UNKNOWN, input: { ...STATEMENT, titleJa: 'x'.repeat(201) } }),
      field: 'input.titleJa',
    },
  ],
  updateReportTemplate: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: TEMPLATE }), field: 'id' },
    {
      what: 'unknown section',
      variables: (w) => ({ id: w.defaultTemplate.id, input: { ...TEMPLATE, sections: ['NO_SUCH_SECTION'] } }),
      field: 'input.sections',
    },
    {
      what: 'the default template made not default',
      variables: (w) => ({ id: w.defaultTemplate.id, input: { ...TEMPLATE, isDefault: false } }),
      field: 'input.isDefault',
    },
  ],
  withdrawPublicStatement: [
    { what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' },
    {
      what: 'reason too long',
      variables: () => ({ id: UNKNOWN, reason: 'x'.repeat(1001) }),
      field: 'reason',
    },
  ],
  createRunbook: [
    {
      what: 'an unknown check-sheet key',
      variables: () => ({
        input: {
          scope: 'STAKEHOLDER',
          content: { ...RUNBOOK_CONTENT, steps: [{ ...RUNBOOK_STEP, checkSheetKeys: ['IR-6'] }] },
        },
      }),
      field: 'input.content.steps.0.checkSheetKeys',
    },
    {
      what: 'no step',
      variables: () => ({ input: { scope: 'STAKEHOLDER', content: { ...RUNBOOK_CONTENT, steps: [] } } }),
      field: 'input.content.steps',
    },
    {
      what: 'an unknown owner',
      variables: () => ({
        input: { scope: 'STAKEHOLDER', ownerOrganisationId: UNKNOWN, content: RUNBOOK_CONTENT },
      }),
      field: 'input.ownerOrganisationId',
    },
  ],
  updateRunbookVersion: [
    {
      what: 'an unknown CPSF measure',
      variables: (w) => ({
        id: w.draftRunbook.versionId,
        input: { ...RUNBOOK_CONTENT, steps: [{ ...RUNBOOK_STEP, cpsfMeasureIds: ['CPS.ZZ-1'] }] },
      }),
      field: 'input.steps.0.cpsfMeasureIds',
    },
    { what: 'malformed id', variables: () => ({ id: 'nope', input: RUNBOOK_CONTENT }), field: 'id' },
  ],
  publishRunbook: [
    { what: 'a runbook with no draft', variables: (w) => ({ runbookId: w.runbook.id }), field: 'runbookId' },
    { what: 'malformed id', variables: () => ({ runbookId: 'nope' }), field: 'runbookId' },
  ],
  createRunbookDraft: [
    {
      what: 'a runbook never published',
      variables: (w) => ({ runbookId: w.draftRunbook.id }),
      field: 'runbookId',
    },
  ],
  copyRunbook: [
    {
      what: 'an unknown owner',
      variables: (w) => ({
        runbookId: w.runbook.id,
        input: { scope: 'STAKEHOLDER', ownerOrganisationId: UNKNOWN },
      }),
      field: 'input.ownerOrganisationId',
    },
    {
      what: 'a runbook never published',
      variables: (w) => ({ runbookId: w.draftRunbook.id, input: { scope: 'STAKEHOLDER' } }),
      field: 'runbookId',
    },
  ],
  retireRunbook: [{ what: 'malformed id', variables: () => ({ runbookId: 'nope' }), field: 'runbookId' }],
  applyRunbook: [
    {
      what: 'a draft version',
      variables: (w) => ({ incidentId: w.incident.id, runbookVersionId: w.draftRunbook.versionId }),
      field: 'runbookVersionId',
    },
    {
      what: 'an unknown version',
      variables: (w) => ({ incidentId: w.incident.id, runbookVersionId: UNKNOWN }),
      field: 'runbookVersionId',
    },
    {
      what: 'malformed incident id',
      variables: (w) => ({ incidentId: 'nope', runbookVersionId: w.runbook.versionId }),
      field: 'incidentId',
    },
  ],
  savePostIncidentReview: [
    {
      what: 'completing without a summary',
      variables: (w) => ({ incidentId: w.incident.id, input: { completed: true } }),
      field: 'input.summary',
    },
    {
      what: 'a null summary',
      variables: (w) => ({ incidentId: w.incident.id, input: { summary: null } }),
      field: 'input.summary',
    },
  ],
  addReviewFinding: [
    {
      what: 'a runbook change without the change',
      variables: (w) => ({
        incidentId: w.incident.id,
        input: {
          finding: 'x',
          actionKind: 'UPDATE_RUNBOOK_STEP',
          runbookId: w.runbook.id,
          stepKey: 'contain',
          ownerOrganisationId: w.own.id,
        },
      }),
      field: 'input.proposedChange',
    },
    {
      what: 'a step the runbook does not have',
      variables: (w) => ({
        incidentId: w.incident.id,
        input: {
          finding: 'x',
          actionKind: 'UPDATE_RUNBOOK_STEP',
          runbookId: w.runbook.id,
          stepKey: 'nope',
          proposedChange: 'y',
          ownerOrganisationId: w.own.id,
        },
      }),
      field: 'input.stepKey',
    },
    {
      what: 'an unknown owner',
      variables: (w) => ({
        incidentId: w.incident.id,
        input: {
          finding: 'x',
          actionKind: 'ADD_DRILL_SCENARIO',
          drillScenario: 'y',
          ownerOrganisationId: UNKNOWN,
        },
      }),
      field: 'input.ownerOrganisationId',
    },
  ],
  updateReviewFinding: [
    {
      what: 'a due date that is not one',
      variables: () => ({ id: UNKNOWN, input: { dueAt: 'tomorrow' } }),
      field: 'input.dueAt',
    },
    { what: 'malformed id', variables: () => ({ id: 'nope', input: { status: 'DONE' } }), field: 'id' },
  ],
  proposeRunbookChange: [
    { what: 'malformed id', variables: () => ({ findingId: 'nope' }), field: 'findingId' },
  ],
  acknowledgeIncident: [
    { what: 'malformed incident id', variables: () => ({ incidentId: 'nope' }), field: 'incidentId' },
  ],
  addIncidentComponents: [
    {
      what: 'unknown component',
      variables: (w) => ({ id: w.incident.id, componentIds: [UNKNOWN] }),
      field: 'componentIds',
    },
    {
      what: 'malformed id',
      variables: (w) => ({ id: w.incident.id, componentIds: ['nope'] }),
      field: 'componentIds',
    },
    {
      what: 'empty list',
      variables: (w) => ({ id: w.incident.id, componentIds: [] }),
      field: 'componentIds',
    },
  ],
  addIncidentNote: [
    {
      what: 'blank message',
      variables: (w) => ({ id: w.incident.id, input: { message: ' \n ' } }),
      field: 'input.message',
    },
  ],
  addIncidentParticipant: [
    {
      what: 'unknown organisation',
      variables: (w) => ({ id: w.incident.id, organisationId: UNKNOWN }),
      field: 'organisationId',
    },
    {
      what: 'malformed id',
      variables: (w) => ({ id: w.incident.id, organisationId: 'nope' }),
      field: 'organisationId',
    },
  ],
  assignIncidentRole: [
    {
      what: 'unknown user',
      variables: (w) => ({ id: w.incident.id, input: { userId: UNKNOWN, role: 'LIAISON' } }),
      field: 'input.userId',
    },
    {
      what: 'disabled user',
      variables: (w) => ({ id: w.incident.id, input: { userId: w.disabledUser.id, role: 'LIAISON' } }),
      field: 'input.userId',
    },
    {
      what: 'malformed id',
      variables: (w) => ({ id: w.incident.id, input: { userId: 'nope', role: 'LIAISON' } }),
      field: 'input.userId',
    },
  ],
  assignResponsibility: [
    {
      what: 'unknown component',
      variables: (w) => ({ input: { componentId: UNKNOWN, organisationId: w.own.id, duty: 'INFORMED' } }),
      field: 'input.componentId',
    },
    {
      what: 'unknown organisation',
      variables: (w) => ({ input: { componentId: w.root.id, organisationId: UNKNOWN, duty: 'INFORMED' } }),
      field: 'input.organisationId',
    },
    {
      what: 'malformed component id',
      variables: (w) => ({ input: { componentId: 'nope', organisationId: w.own.id, duty: 'INFORMED' } }),
      field: 'input.componentId',
    },
    {
      what: 'note too long',
      variables: (w) => ({
        input: { componentId: w.root.id, organisationId: w.own.id, duty: 'INFORMED', note: 'x'.repeat(2001) },
      }),
      field: 'input.note',
    },
  ],
  changePassword: [
    {
      what: 'wrong current password',
      variables: () => ({
        input: { currentPassword: 'not-my-password', newPassword: 'a-brand-new-passphrase' },
      }),
      field: 'input.currentPassword',
    },
    {
      what: 'new password too short',
      variables: () => ({ input: { currentPassword: PASSWORD, newPassword: 'short' } }),
      field: 'input.newPassword',
    },
    {
      what: 'new password equals the current one',
      variables: () => ({ input: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
      field: 'input.newPassword',
    },
  ],
  confirmTotpEnrollment: [
    { what: 'enrolment not started', variables: () => ({ code: '123456' }), field: 'code' },
    { what: 'already enabled', as: 'totpUser', variables: () => ({ code: '123456' }), field: 'code' },
  ],
  createApiKey: [
    {
      what: 'expiry in the past',
      variables: (w) => ({
        input: {
          name: 'SOC',
          organisationId: w.own.id,
          role: 'RESPONDER',
          expiresAt: '2020-01-01T00:00:00Z',
        },
      }),
      field: 'input.expiresAt',
    },
    {
      what: 'expiry not a date',
      variables: (w) => ({
        input: { name: 'SOC', organisationId: w.own.id, role: 'RESPONDER', expiresAt: 'next week' },
      }),
      field: 'input.expiresAt',
    },
    {
      what: 'ADMIN role',
      variables: (w) => ({ input: { name: 'SOC', organisationId: w.own.id, role: 'ADMIN' } }),
      field: 'input.role',
    },
    {
      what: 'unknown organisation',
      variables: () => ({ input: { name: 'SOC', organisationId: UNKNOWN, role: 'RESPONDER' } }),
      field: 'input.organisationId',
    },
    {
      what: 'blank name',
      variables: (w) => ({ input: { name: '  ', organisationId: w.own.id, role: 'RESPONDER' } }),
      field: 'input.name',
    },
  ],
  createComponent: [
    {
      what: 'blank Japanese name',
      variables: () => ({ input: { nameJa: ' ', nameEn: 'Sensor', category: 'ASSET', kind: 'DEVICE' } }),
      field: 'input.nameJa',
    },
    {
      what: 'unknown parent',
      variables: () => ({
        input: {
          nameJa: '新センサー',
          nameEn: 'Sensor',
          category: 'ASSET',
          kind: 'DEVICE',
          parentId: UNKNOWN,
        },
      }),
      field: 'input.parentId',
    },
    {
      what: 'unknown operator',
      variables: () => ({
        input: {
          nameJa: '新センサー',
          nameEn: 'Sensor',
          category: 'ASSET',
          kind: 'DEVICE',
          operatingOrganisationId: UNKNOWN,
        },
      }),
      field: 'input.operatingOrganisationId',
    },
  ],
  createContact: [
    {
      what: 'malformed email',
      variables: (w) => ({
        input: {
          organisationId: w.own.id,
          type: 'FUNCTION',
          kind: 'TECHNICAL',
          name: 'SOC',
          email: 'soc-at-example',
        },
      }),
      field: 'input.email',
    },
    {
      what: 'no email and no webhook',
      variables: (w) => ({
        input: { organisationId: w.own.id, type: 'FUNCTION', kind: 'TECHNICAL', name: 'SOC' },
      }),
      field: 'input.email',
    },
    {
      what: 'phone on a function',
      variables: (w) => ({
        input: {
          organisationId: w.own.id,
          type: 'FUNCTION',
          kind: 'TECHNICAL',
          name: 'SOC',
          email: 'soc@example.jp',
          phone: '+81 3 1234 5678',
        },
      }),
      field: 'input.phone',
    },
    {
      what: 'unknown organisation',
      variables: () => ({
        input: {
          organisationId: UNKNOWN,
          type: 'FUNCTION',
          kind: 'TECHNICAL',
          name: 'SOC',
          email: 'soc@example.jp',
        },
      }),
      field: 'input.organisationId',
    },
    {
      what: 'webhook secret without a URL',
      variables: (w) => ({
        input: {
          organisationId: w.own.id,
          type: 'FUNCTION',
          kind: 'TECHNICAL',
          name: 'SOC',
          email: 'soc@example.jp',
          webhookSecret: `whsec_${'A'.repeat(32)}`,
        },
      }),
      field: 'input.webhookSecret',
    },
    {
      what: 'webhook URL not http(s)',
      variables: (w) => ({
        input: {
          organisationId: w.own.id,
          type: 'FUNCTION',
          kind: 'TECHNICAL',
          name: 'SOC',
          webhookUrl: 'ftp://hooks.example.jp/x',
        },
      }),
      field: 'input.webhookUrl',
    },
    {
      what: 'blank name',
      variables: (w) => ({
        input: {
          organisationId: w.own.id,
          type: 'FUNCTION',
          kind: 'TECHNICAL',
          name: '\t',
          email: 'soc@example.jp',
        },
      }),
      field: 'input.name',
    },
    {
      what: 'unsupported locale',
      variables: (w) => ({
        input: {
          organisationId: w.own.id,
          type: 'FUNCTION',
          kind: 'TECHNICAL',
          name: 'SOC',
          email: 'soc@example.jp',
          locale: 'fr',
        },
      }),
      field: 'input.locale',
    },
  ],
  createEscalationPolicy: [
    { what: 'no step', variables: () => ({ input: { ...POLICY, steps: [] } }), field: 'input.steps' },
    {
      what: 'blank name',
      variables: () => ({ input: { ...POLICY, name: ' ' } }),
      field: 'input.name',
    },
    {
      what: 'a step without targets',
      variables: () => ({ input: { ...POLICY, steps: [{ ...STEP, targets: [] }] } }),
      field: 'input.steps.0.targets',
    },
    {
      what: 'a step with no wait',
      variables: () => ({ input: { ...POLICY, steps: [{ ...STEP, escalateAfterSeconds: 0 }] } }),
      field: 'input.steps.0.escalateAfterSeconds',
    },
    {
      what: 'a DUTY target without duties',
      variables: () => ({
        input: { ...POLICY, steps: [{ ...STEP, targets: [{ kind: 'DUTY' }] }] },
      }),
      field: 'input.steps.0.targets.0',
    },
    {
      what: 'a ROLE target without a role',
      variables: () => ({
        input: { ...POLICY, steps: [STEP, { ...STEP, targets: [{ kind: 'ROLE' }] }] },
      }),
      field: 'input.steps.1.targets.0',
    },
    {
      what: 'an ORGANISATION target naming an unknown organisation',
      variables: () => ({
        input: {
          ...POLICY,
          steps: [{ ...STEP, targets: [{ kind: 'ORGANISATION', organisationId: UNKNOWN }] }],
        },
      }),
      field: 'input.steps.0.targets.0.organisationId',
    },
    {
      what: 'a CONTACT target naming an unknown contact',
      variables: () => ({
        input: { ...POLICY, steps: [{ ...STEP, targets: [{ kind: 'CONTACT', contactId: UNKNOWN }] }] },
      }),
      field: 'input.steps.0.targets.0.contactId',
    },
    {
      what: 'an organisation’s own policy as the city default',
      variables: (w) => ({ input: { ...POLICY, organisationId: w.own.id, isDefault: true } }),
      field: 'input.isDefault',
    },
    {
      what: 'an organisation’s own policy reaching another organisation',
      variables: (w) => ({
        input: {
          ...POLICY,
          organisationId: w.own.id,
          steps: [{ ...STEP, targets: [{ kind: 'ORGANISATION', organisationId: w.other.id }] }],
        },
      }),
      field: 'input.steps.0.targets.0.kind',
    },
    {
      what: 'an organisation’s own policy naming another organisation’s contact',
      variables: (w) => ({
        input: {
          ...POLICY,
          organisationId: w.other.id,
          steps: [{ ...STEP, targets: [{ kind: 'CONTACT', contactId: w.contact.id }] }],
        },
      }),
      field: 'input.steps.0.targets.0.contactId',
    },
    {
      what: 'unknown organisation',
      variables: () => ({ input: { ...POLICY, organisationId: UNKNOWN } }),
      field: 'input.organisationId',
    },
    {
      what: 'reminders without an interval',
      variables: () => ({ input: { ...POLICY, maxReminders: 2 } }),
      field: 'input.reminderIntervalSeconds',
    },
  ],
  createEventIntegration: [
    {
      what: 'TLP:RED',
      variables: (w) => ({
        input: { name: 'PagerDuty', apiKeyId: w.apiKey.id, componentId: w.child.id, tlp: 'RED' },
      }),
      field: 'input.tlp',
    },
    {
      what: 'blank name',
      variables: (w) => ({ input: { name: '  ', apiKeyId: w.apiKey.id, componentId: w.child.id } }),
      field: 'input.name',
    },
    {
      what: 'malformed API key id',
      variables: (w) => ({ input: { name: 'PagerDuty', apiKeyId: 'nope', componentId: w.child.id } }),
      field: 'input.apiKeyId',
    },
    {
      what: 'revoked API key',
      variables: (w) => ({
        input: { name: 'PagerDuty', apiKeyId: w.revokedKey.id, componentId: w.child.id },
      }),
      field: 'input.apiKeyId',
    },
    {
      what: 'API key whose role may not report',
      variables: (w) => ({
        input: { name: 'PagerDuty', apiKeyId: w.viewerKey.id, componentId: w.child.id },
      }),
      field: 'input.apiKeyId',
    },
    {
      what: 'a component the key’s organisation may not report on',
      variables: (w) => ({
        input: { name: 'PagerDuty', apiKeyId: w.apiKey.id, componentId: w.foreignComponent.id },
      }),
      field: 'input.componentId',
    },
    {
      what: 'unknown component',
      variables: (w) => ({ input: { name: 'PagerDuty', apiKeyId: w.apiKey.id, componentId: UNKNOWN } }),
      field: 'input.componentId',
    },
  ],
  createIncidentTask: [
    {
      what: 'malformed incident id',
      variables: () => ({ incidentId: 'nope', input: { title: 'x' } }),
      field: 'incidentId',
    },
    {
      what: 'blank title',
      variables: (w) => ({ incidentId: w.incident.id, input: { title: '   ' } }),
      field: 'input.title',
    },
    {
      what: 'unknown assignee user',
      variables: (w) => ({ incidentId: w.incident.id, input: { title: 'Isolate', assigneeUserId: UNKNOWN } }),
      field: 'input.assigneeUserId',
    },
    {
      what: 'unknown assignee organisation',
      variables: (w) => ({
        incidentId: w.incident.id,
        input: { title: 'Isolate', assigneeOrganisationId: UNKNOWN },
      }),
      field: 'input.assigneeOrganisationId',
    },
    {
      what: 'due date not a date',
      variables: (w) => ({ incidentId: w.incident.id, input: { title: 'Isolate', dueAt: 'tomorrow' } }),
      field: 'input.dueAt',
    },
  ],
  createOrganisation: [
    {
      what: 'blank Japanese name',
      variables: () => ({ input: { nameJa: ' ', nameEn: 'New Co', guidelineRoles: ['SERVICE_PROVIDER'] } }),
      field: 'input.nameJa',
    },
    {
      what: 'no guideline role',
      variables: () => ({ input: { nameJa: '新会社', nameEn: 'New Co', guidelineRoles: [] } }),
      field: 'input.guidelineRoles',
    },
    {
      what: 'website not a URL',
      variables: () => ({
        input: {
          nameJa: '新会社',
          nameEn: 'New Co',
          guidelineRoles: ['SERVICE_PROVIDER'],
          website: 'not a url',
        },
      }),
      field: 'input.website',
    },
  ],
  createOrganisationRelationship: [
    {
      what: 'an organisation contracting itself',
      variables: (w) => ({
        input: { kind: 'OUTSOURCING', clientOrganisationId: w.own.id, contractorOrganisationId: w.own.id },
      }),
      field: 'input.contractorOrganisationId',
    },
    {
      what: 'unknown client',
      variables: (w) => ({
        input: { kind: 'OUTSOURCING', clientOrganisationId: UNKNOWN, contractorOrganisationId: w.own.id },
      }),
      field: 'input.clientOrganisationId',
    },
    {
      what: 'unknown contractor',
      variables: (w) => ({
        input: { kind: 'PARTNERSHIP', clientOrganisationId: w.own.id, contractorOrganisationId: UNKNOWN },
      }),
      field: 'input.contractorOrganisationId',
    },
  ],
  createUser: [
    {
      what: 'malformed email',
      variables: (w) => ({
        input: {
          email: 'someone.example.jp',
          displayName: 'X',
          organisationId: w.own.id,
          role: 'VIEWER',
          password: 'long-enough-password',
        },
      }),
      field: 'input.email',
    },
    {
      what: 'short password',
      variables: (w) => ({
        input: {
          email: 'new@example.jp',
          displayName: 'X',
          organisationId: w.own.id,
          role: 'VIEWER',
          password: 'short',
        },
      }),
      field: 'input.password',
    },
    {
      what: 'unknown organisation',
      variables: () => ({
        input: {
          email: 'new@example.jp',
          displayName: 'X',
          organisationId: UNKNOWN,
          role: 'VIEWER',
          password: 'long-enough-password',
        },
      }),
      field: 'input.organisationId',
    },
    {
      what: 'blank display name',
      variables: (w) => ({
        input: {
          email: 'new@example.jp',
          displayName: ' ',
          organisationId: w.own.id,
          role: 'VIEWER',
          password: 'long-enough-password',
        },
      }),
      field: 'input.displayName',
    },
  ],
  defineSeverity: [
    { what: 'nothing to change', variables: () => ({ input: { level: 'SEV1' } }), field: 'input' },
    {
      what: 'blank name',
      variables: () => ({ input: { level: 'SEV1', nameJa: ' ' } }),
      field: 'input.nameJa',
    },
  ],
  deleteComponent: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  deleteContact: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  deleteEscalationPolicy: [
    { what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' },
    { what: 'the city default', variables: (w) => ({ id: w.defaultPolicy.id }), field: 'id' },
  ],
  deleteOrganisationRelationship: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  disableTotp: [
    { what: 'TOTP not enabled', variables: () => ({ code: '123456' }), field: 'code' },
    {
      what: 'wrong code',
      as: 'totpUser',
      variables: (w) => ({ code: wrongTotpCode(w.totpUser.secret) }),
      field: 'code',
    },
  ],
  enableWebhook: [
    { what: 'malformed id', variables: () => ({ contactId: 'nope' }), field: 'contactId' },
    {
      what: 'webhooks not disabled',
      variables: (w) => ({ contactId: w.webhookContact.id }),
      field: 'contactId',
    },
  ],
  login: [
    {
      what: 'malformed email',
      variables: () => ({ input: { email: 'not-an-email', password: PASSWORD } }),
      field: 'input.email',
    },
    {
      what: 'empty password',
      variables: () => ({ input: { email: 'someone@example.jp', password: '' } }),
      field: 'input.password',
    },
    {
      what: 'TOTP code not 6 digits',
      variables: () => ({ input: { email: 'someone@example.jp', password: PASSWORD, totpCode: '12ab' } }),
      field: 'input.totpCode',
    },
  ],
  redriveAlert: [
    { what: 'malformed id', variables: () => ({ alertId: 'nope' }), field: 'alertId' },
    { what: 'an alert that did not fail', variables: (w) => ({ alertId: w.alert.id }), field: 'alertId' },
    {
      what: 'a dead letter whose contact was deleted',
      variables: (w) => ({ alertId: w.deadLetter.id }),
      field: 'alertId',
    },
  ],
  removeAssignment: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  removeIncidentComponent: [
    {
      what: 'component not on the incident',
      variables: (w) => ({ id: w.incident.id, componentId: w.root.id }),
      field: 'componentId',
    },
    {
      what: 'malformed id',
      variables: (w) => ({ id: w.incident.id, componentId: 'nope' }),
      field: 'componentId',
    },
  ],
  removeIncidentParticipant: [
    {
      what: 'organisation not participating',
      variables: (w) => ({ id: w.incident.id, organisationId: w.other.id }),
      field: 'organisationId',
    },
  ],
  removeIncidentRole: [
    {
      what: 'role not held',
      variables: (w) => ({ id: w.incident.id, input: { userId: w.admin.id, role: 'SCRIBE' } }),
      field: 'input.userId',
    },
  ],
  reportIncident: [
    {
      what: 'blank title',
      variables: () => ({ input: { title: ' ', severity: 'SEV2', category: 'OTHER' } }),
      field: 'input.title',
    },
    {
      what: 'unknown component',
      variables: () => ({
        input: { title: 'x', severity: 'SEV2', category: 'OTHER', componentIds: [UNKNOWN] },
      }),
      field: 'input.componentIds',
    },
    {
      what: 'unknown incident type',
      variables: () => ({
        input: { title: 'x', severity: 'SEV2', category: 'OTHER', incidentTypeId: 'INC-99' },
      }),
      field: 'input.incidentTypeId',
    },
    {
      what: 'detected in the future',
      variables: () => ({
        input: { title: 'x', severity: 'SEV2', category: 'OTHER', detectedAt: '2999-01-01T00:00:00Z' },
      }),
      field: 'input.detectedAt',
    },
    {
      what: 'severity not a level',
      variables: () => ({ input: { title: 'x', severity: 'SEV9', category: 'OTHER' } }),
      field: 'input.severity',
    },
    {
      what: 'empty dedup key',
      variables: () => ({ input: { title: 'x', severity: 'SEV2', category: 'OTHER', dedupKey: '' } }),
      field: 'input.dedupKey',
    },
  ],
  resetUserTotp: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  revokeApiKey: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  revokeEventIntegration: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  rotateWebhookSecret: [
    {
      what: 'an email-only contact',
      variables: (w) => ({ contactId: w.contact.id }),
      field: 'contactId',
    },
    {
      what: 'a secret not in whsec_ form',
      variables: (w) => ({ contactId: w.webhookContact.id, secret: 'plain' }),
      field: 'secret',
    },
    {
      what: 'the current secret again',
      variables: (w) => ({ contactId: w.webhookContact.id, secret: w.webhookContact.secret }),
      field: 'secret',
    },
    { what: 'malformed id', variables: () => ({ contactId: 'nope' }), field: 'contactId' },
  ],
  setMfaRequirement: [
    { what: 'not a role', variables: () => ({ role: 'SUPERUSER', required: true }), field: 'role' },
  ],
  startTotpEnrollment: [{ what: 'already enrolled', as: 'totpUser', variables: () => ({}), field: 'totp' }],
  transitionIncident: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: { status: 'TRIAGED' } }), field: 'id' },
    {
      what: 'illegal transition NEW → CLOSED',
      variables: (w) => ({ id: w.incident.id, input: { status: 'CLOSED' } }),
      field: 'input.status',
    },
    {
      what: 'note too long',
      variables: (w) => ({ id: w.incident.id, input: { status: 'TRIAGED', note: 'x'.repeat(4001) } }),
      field: 'input.note',
    },
  ],
  updateComponent: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: { nameEn: 'x' } }), field: 'id' },
    {
      what: 'parent cycle (under its own grandchild)',
      variables: (w) => ({ id: w.root.id, input: { parentId: w.grandchild.id } }),
      field: 'input.parentId',
    },
    {
      what: 'its own parent',
      variables: (w) => ({ id: w.child.id, input: { parentId: w.child.id } }),
      field: 'input.parentId',
    },
    {
      what: 'parentId and clearParent together',
      variables: (w) => ({ id: w.child.id, input: { parentId: w.root.id, clearParent: true } }),
      field: 'input.parentId',
    },
    {
      what: 'unknown operator',
      variables: (w) => ({ id: w.child.id, input: { operatingOrganisationId: UNKNOWN } }),
      field: 'input.operatingOrganisationId',
    },
    {
      what: 'blank English name',
      variables: (w) => ({ id: w.child.id, input: { nameEn: '' } }),
      field: 'input.nameEn',
    },
  ],
  updateContact: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: { name: 'x' } }), field: 'id' },
    {
      what: 'malformed email',
      variables: (w) => ({ id: w.contact.id, input: { email: 'desk(at)example.jp' } }),
      field: 'input.email',
    },
    {
      what: 'phone on a function',
      variables: (w) => ({ id: w.contact.id, input: { phone: '+81 3 1234 5678' } }),
      field: 'input.phone',
    },
    {
      what: 'webhookUrl with removeWebhook',
      variables: (w) => ({
        id: w.contact.id,
        input: { webhookUrl: 'https://hooks.example.jp/x', removeWebhook: true },
      }),
      field: 'input.webhookUrl',
    },
    {
      what: 'webhook secret without a URL',
      variables: (w) => ({ id: w.contact.id, input: { webhookSecret: `whsec_${'B'.repeat(32)}` } }),
      field: 'input.webhookSecret',
    },
  ],
  updateEscalationPolicy: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: POLICY }), field: 'id' },
    {
      what: 'no step',
      variables: (w) => ({ id: w.defaultPolicy.id, input: { ...POLICY, steps: [] } }),
      field: 'input.steps',
    },
    {
      what: 'the default no longer the default',
      variables: (w) => ({ id: w.defaultPolicy.id, input: { ...POLICY, isDefault: false } }),
      field: 'input.isDefault',
    },
    {
      what: 'a city policy moved to an organisation',
      variables: (w) => ({ id: w.defaultPolicy.id, input: { ...POLICY, organisationId: w.own.id } }),
      field: 'input.organisationId',
    },
    {
      what: 'a DUTY target without duties',
      variables: (w) => ({
        id: w.defaultPolicy.id,
        input: { ...POLICY, steps: [{ ...STEP, targets: [{ kind: 'DUTY', duties: [] }] }] },
      }),
      field: 'input.steps.0.targets.0.duties',
    },
  ],
  updateIncident: [
    {
      what: 'blank title',
      variables: (w) => ({ id: w.incident.id, input: { title: '  ' } }),
      field: 'input.title',
    },
    {
      what: 'unknown incident type',
      variables: (w) => ({ id: w.incident.id, input: { incidentTypeId: 'INC-99' } }),
      field: 'input.incidentTypeId',
    },
    {
      what: 'version below 1',
      variables: (w) => ({ id: w.incident.id, input: { title: 'x', expectedVersion: 0 } }),
      field: 'input.expectedVersion',
    },
    {
      what: 'awareness in the future',
      variables: (w) => ({
        id: w.incident.id,
        input: { awareAt: new Date(Date.now() + 86_400_000).toISOString() },
      }),
      field: 'input.awareAt',
    },
  ],
  updateIncidentTask: [
    {
      what: 'blank title',
      variables: (w) => ({ id: w.task.id, input: { title: ' ' } }),
      field: 'input.title',
    },
    {
      what: 'unknown assignee user',
      variables: (w) => ({ id: w.task.id, input: { assigneeUserId: UNKNOWN } }),
      field: 'input.assigneeUserId',
    },
    { what: 'malformed task id', variables: () => ({ id: 'nope', input: { title: 'x' } }), field: 'id' },
  ],
  updateOrganisation: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: { nameEn: 'x' } }), field: 'id' },
    {
      what: 'blank Japanese name',
      variables: (w) => ({ id: w.own.id, input: { nameJa: ' ' } }),
      field: 'input.nameJa',
    },
    {
      what: 'no guideline role',
      variables: (w) => ({ id: w.own.id, input: { guidelineRoles: [] } }),
      field: 'input.guidelineRoles',
    },
  ],
  updateUser: [
    { what: 'malformed id', variables: () => ({ id: 'nope', input: { displayName: 'x' } }), field: 'id' },
    {
      what: 'disabling yourself',
      variables: (w) => ({ id: w.admin.id, input: { disabled: true } }),
      field: 'input.disabled',
    },
    {
      what: 'changing your own role',
      variables: (w) => ({ id: w.admin.id, input: { role: 'VIEWER' } }),
      field: 'input.role',
    },
    {
      what: 'unknown organisation',
      variables: (w) => ({ id: w.responder.id, input: { organisationId: UNKNOWN } }),
      field: 'input.organisationId',
    },
    {
      what: 'unsupported locale',
      variables: (w) => ({ id: w.responder.id, input: { locale: 'fr' } }),
      field: 'input.locale',
    },
  ],
  setSelfAssessmentItem: [
    {
      what: 'NOT_APPLICABLE without a reason',
      variables: (w) => ({ input: { ...ANSWER(w), status: 'NOT_APPLICABLE', notApplicableReason: ' ' } }),
      field: 'input.notApplicableReason',
    },
    {
      what: 'PLANNED without a timing or date',
      variables: (w) => ({ input: { ...ANSWER(w), status: 'PLANNED' } }),
      field: 'input.plannedTiming',
    },
    {
      what: 'an impossible planned date',
      variables: (w) => ({ input: { ...ANSWER(w), plannedDate: '2027-02-30' } }),
      field: 'input.plannedDate',
    },
    {
      what: 'an evidence link that is not http(s)',
      variables: (w) => ({ input: { ...ANSWER(w), evidenceLinks: ['javascript:alert(1)'] } }),
      field: 'input.evidenceLinks',
    },
    {
      what: 'too many evidence links',
      variables: (w) => ({
        input: {
          ...ANSWER(w),
          evidenceLinks: Array.from({ length: 11 }, (_, i) => `https://e.example/${i}`),
        },
      }),
      field: 'input.evidenceLinks',
    },
    {
      what: 'an item the edition does not have',
      variables: (w) => ({ input: { ...ANSWER(w), itemKey: 'IR-9' } }),
      field: 'input.itemKey',
    },
    {
      what: 'an unknown edition',
      variables: (w) => ({ input: { ...ANSWER(w), edition: '9.9' } }),
      field: 'input.edition',
    },
    {
      what: 'malformed organisation id',
      variables: (w) => ({ input: { ...ANSWER(w), organisationId: 'nope' } }),
      field: 'input.organisationId',
    },
    {
      what: 'a reviewer who is not a user of the organisation or the promotion body',
      variables: (w) => ({ input: { ...ANSWER(w), reviewerUserId: UNKNOWN } }),
      field: 'input.reviewerUserId',
    },
    {
      what: 'a review date without a reviewer',
      variables: (w) => ({ input: { ...ANSWER(w), reviewedOn: '2026-01-01' } }),
      field: 'input.reviewerUserId',
    },
    {
      what: 'a negative expected version',
      variables: (w) => ({ input: { ...ANSWER(w), expectedVersion: -1 } }),
      field: 'input.expectedVersion',
    },
  ],
  verifyContact: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],

  // ---- exercises ----
  createExerciseScenario: [
    {
      what: 'a duplicate inject key',
      variables: (w) => ({
        content: { ...SCENARIO(w), injects: [INJECT(w, 'K1', 60), INJECT(w, 'K1', 120)] },
      }),
      field: 'content.injects.1.key',
    },
    {
      what: 'an unknown check-sheet key',
      variables: (w) => ({
        content: {
          ...SCENARIO(w),
          objectives: [{ ...SCENARIO(w).objectives[0], checkSheetKeys: ['IR-1', 'XX-9'] }],
        },
      }),
      field: 'content.objectives.0.checkSheetKeys.1',
    },
    {
      what: 'no inject',
      variables: (w) => ({ content: { ...SCENARIO(w), injects: [] } }),
      field: 'content.injects',
    },
    {
      what: 'a blank title',
      variables: (w) => ({ content: { ...SCENARIO(w), titleJa: ' ' } }),
      field: 'content.titleJa',
    },
    {
      what: 'an expected action of an unknown objective',
      variables: (w) => ({
        content: {
          ...SCENARIO(w),
          injects: [{ ...INJECT(w, 'K1', 60), expectedActions: [{ ...ACTION, objectiveKey: 'OBJ-9' }] }],
        },
      }),
      field: 'content.injects.0.expectedActions.0.objectiveKey',
    },
    {
      what: 'an unknown organisation in an audience',
      variables: (w) => ({
        content: {
          ...SCENARIO(w),
          injects: [
            INJECT(w, 'K1', 60),
            { ...INJECT(w, 'K2', 120), audience: { organisationIds: [w.own.id, UNKNOWN] } },
          ],
        },
      }),
      field: 'content.injects.1.audience.organisationIds.1',
    },
    {
      what: 'an unknown component in an audience',
      variables: (w) => ({
        content: {
          ...SCENARIO(w),
          injects: [
            {
              ...INJECT(w, 'K1', 60),
              audience: { duties: [{ duty: 'RESPONSIBLE', componentIds: [UNKNOWN] }] },
            },
          ],
        },
      }),
      field: 'content.injects.0.audience.duties.0.componentIds.0',
    },
    {
      what: 'a negative offset',
      variables: (w) => ({ content: { ...SCENARIO(w), injects: [INJECT(w, 'K1', -1)] } }),
      field: 'content.injects.0.offsetSeconds',
    },
  ],
  updateExerciseScenario: [
    {
      what: 'malformed id',
      variables: (w) => ({ id: 'nope', expectedVersion: 1, content: SCENARIO(w) }),
      field: 'id',
    },
    {
      what: 'a duplicate objective key',
      variables: (w) => ({
        id: w.scenario.id,
        expectedVersion: w.scenario.version,
        content: { ...SCENARIO(w), objectives: [SCENARIO(w).objectives[0], SCENARIO(w).objectives[0]] },
      }),
      field: 'content.objectives.1.key',
    },
  ],
  copyExerciseScenario: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  archiveExerciseScenario: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  createExercise: [
    {
      what: 'speed 0',
      variables: (w) => ({ input: { scenarioId: w.scenario.id, speed: 0 } }),
      field: 'input.speed',
    },
    {
      what: 'an unknown scenario',
      variables: () => ({ input: { scenarioId: UNKNOWN } }),
      field: 'input.scenarioId',
    },
    {
      what: 'a malformed scenario id',
      variables: () => ({ input: { scenarioId: 'nope' } }),
      field: 'input.scenarioId',
    },
    {
      what: 'an organisation taking part twice',
      variables: (w) => ({
        input: {
          scenarioId: w.scenario.id,
          participants: [
            { organisationId: w.own.id, role: 'PLAYER' },
            { organisationId: w.own.id, role: 'OBSERVER' },
          ],
        },
      }),
      field: 'input.participants.1.organisationId',
    },
    {
      what: 'an unknown participant',
      variables: (w) => ({
        input: { scenarioId: w.scenario.id, participants: [{ organisationId: UNKNOWN, role: 'PLAYER' }] },
      }),
      field: 'input.participants.0.organisationId',
    },
    {
      what: 'a participant playing with another organisation’s contact',
      variables: (w) => ({
        input: {
          scenarioId: w.scenario.id,
          participants: [{ organisationId: w.other.id, role: 'PLAYER', contactIds: [w.contact.id] }],
        },
      }),
      field: 'input.participants.0.contactIds.0',
    },
    {
      what: 'a start in the past',
      variables: (w) => ({
        input: { scenarioId: w.scenario.id, scheduledAt: new Date(Date.now() - 86_400_000).toISOString() },
      }),
      field: 'input.scheduledAt',
    },
    {
      what: 'a start that is no date',
      variables: (w) => ({ input: { scenarioId: w.scenario.id, scheduledAt: 'tomorrow' } }),
      field: 'input.scheduledAt',
    },
    {
      // "Thursday 14:00" whose zone the server would guess (its own): 14:00 in Tokyo or 23:00?
      what: 'a start without a time zone',
      variables: (w) => ({ input: { scenarioId: w.scenario.id, scheduledAt: '2099-01-08T14:00:00' } }),
      field: 'input.scheduledAt',
    },
  ],
  updateExercise: [
    {
      what: 'malformed id',
      variables: (w) => ({ id: 'nope', input: { expectedVersion: w.exercise.version } }),
      field: 'id',
    },
    {
      what: 'speed 0',
      variables: (w) => ({ id: w.exercise.id, input: { expectedVersion: w.exercise.version, speed: 0 } }),
      field: 'input.speed',
    },
    {
      what: 'a new speed while running',
      variables: (w) => ({ id: w.exercise.id, input: { expectedVersion: w.exercise.version, speed: 2 } }),
      field: 'input.speed',
    },
    {
      what: 'a blank title',
      variables: (w) => ({ id: w.exercise.id, input: { expectedVersion: w.exercise.version, title: ' ' } }),
      field: 'input.title',
    },
    {
      what: 'a new start for a running exercise',
      variables: (w) => ({
        id: w.exercise.id,
        input: {
          expectedVersion: w.exercise.version,
          scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      }),
      field: 'input.scheduledAt',
    },
    {
      what: 'a new start without a time zone',
      variables: (w) => ({
        id: w.planned.id,
        input: { expectedVersion: 1, scheduledAt: '2099-01-08T14:00' },
      }),
      field: 'input.scheduledAt',
    },
  ],
  setExerciseParticipants: [
    { what: 'malformed id', variables: () => ({ id: 'nope', participants: [] }), field: 'id' },
    {
      what: 'an organisation taking part twice',
      variables: (w) => ({
        id: w.exercise.id,
        participants: [
          { organisationId: w.own.id, role: 'PLAYER' },
          { organisationId: w.own.id, role: 'EVALUATOR' },
        ],
      }),
      field: 'participants.1.organisationId',
    },
    {
      what: 'an unknown organisation',
      variables: (w) => ({ id: w.exercise.id, participants: [{ organisationId: UNKNOWN, role: 'PLAYER' }] }),
      field: 'participants.0.organisationId',
    },
    {
      what: 'another organisation’s contact',
      variables: (w) => ({
        id: w.exercise.id,
        participants: [{ organisationId: w.other.id, role: 'PLAYER', contactIds: [w.contact.id] }],
      }),
      field: 'participants.0.contactIds.0',
    },
  ],
  updateExerciseInject: [
    {
      what: 'a negative offset',
      variables: (w) => ({ injectId: w.planned.k2, input: { offsetSeconds: -60 } }),
      field: 'input.offsetSeconds',
    },
    { what: 'malformed id', variables: () => ({ injectId: 'nope', input: {} }), field: 'injectId' },
    {
      what: 'a duplicate expected action key',
      variables: (w) => ({ injectId: w.planned.k1, input: { expectedActions: [ACTION, ACTION] } }),
      field: 'input.expectedActions.1.key',
    },
    {
      what: 'an expected action of an unknown objective',
      variables: (w) => ({
        injectId: w.planned.k1,
        input: { expectedActions: [{ ...ACTION, objectiveKey: 'OBJ-9' }] },
      }),
      field: 'input.expectedActions.0.objectiveKey',
    },
    {
      what: 'an unknown organisation in the audience',
      variables: (w) => ({ injectId: w.planned.k1, input: { audience: { organisationIds: [UNKNOWN] } } }),
      field: 'input.audience.organisationIds.0',
    },
    {
      what: 'a blank title',
      variables: (w) => ({ injectId: w.planned.k1, input: { titleEn: ' ' } }),
      field: 'input.titleEn',
    },
  ],
  startExercise: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  pauseExercise: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  resumeExercise: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  finishExercise: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  cancelExercise: [{ what: 'malformed id', variables: () => ({ id: 'nope' }), field: 'id' }],
  jumpToExerciseInject: [
    {
      what: 'malformed inject id',
      variables: (w) => ({ id: w.exercise.id, injectId: 'nope' }),
      field: 'injectId',
    },
    {
      what: 'an inject of another exercise',
      variables: (w) => ({ id: w.exercise.id, injectId: w.planned.k2 }),
      field: 'injectId',
    },
  ],
  sendAdHocInject: [
    {
      what: 'a blank title',
      variables: (w) => ({ id: w.exercise.id, input: { ...ADHOC(w), titleJa: ' ' } }),
      field: 'input.titleJa',
    },
    {
      what: 'a duplicate expected action key',
      variables: (w) => ({ id: w.exercise.id, input: { ...ADHOC(w), expectedActions: [ACTION, ACTION] } }),
      field: 'input.expectedActions.1.key',
    },
    {
      what: 'an expected action of an unknown objective',
      variables: (w) => ({
        id: w.exercise.id,
        input: { ...ADHOC(w), expectedActions: [{ ...ACTION, objectiveKey: 'OBJ-9' }] },
      }),
      field: 'input.expectedActions.0.objectiveKey',
    },
    {
      what: 'an unknown organisation in the audience',
      variables: (w) => ({
        id: w.exercise.id,
        input: { ...ADHOC(w), audience: { organisationIds: [w.own.id, UNKNOWN] } },
      }),
      field: 'input.audience.organisationIds.1',
    },
  ],
  acknowledgeExerciseInject: [
    { what: 'malformed id', as: 'responder', variables: () => ({ injectId: 'nope' }), field: 'injectId' },
    {
      what: 'a note over 2000 characters',
      as: 'responder',
      variables: (w) => ({ injectId: w.exercise.k1, note: LONG }),
      field: 'note',
    },
  ],
  postExerciseResponse: [
    {
      what: 'a MESSAGE without addressees',
      as: 'responder',
      variables: (w) => ({ id: w.exercise.id, input: { kind: 'MESSAGE', text: 'Who has the logs?' } }),
      field: 'input.toOrganisationIds',
    },
    {
      what: 'a blank text',
      as: 'responder',
      variables: (w) => ({ id: w.exercise.id, input: { kind: 'DECISION', text: ' ' } }),
      field: 'input.text',
    },
    {
      what: 'an addressee that does not play',
      as: 'responder',
      variables: (w) => ({
        id: w.exercise.id,
        input: { kind: 'MESSAGE', text: 'Who has the logs?', toOrganisationIds: [w.other.id] },
      }),
      field: 'input.toOrganisationIds.0',
    },
    {
      what: 'an inject not (yet) received',
      as: 'responder',
      variables: (w) => ({
        id: w.exercise.id,
        input: { kind: 'DECISION', text: 'Isolate the server', injectId: w.exercise.k2 },
      }),
      field: 'input.injectId',
    },
  ],
  rateExpectedAction: [
    {
      what: 'an unknown action key',
      variables: (w) => ({
        id: w.exercise.id,
        input: { injectId: w.exercise.k1, actionKey: 'ACT-9', rating: 'MET' },
      }),
      field: 'input.actionKey',
    },
    {
      what: 'an inject of another exercise',
      variables: (w) => ({
        id: w.exercise.id,
        input: { injectId: w.planned.k1, actionKey: 'ACT-1', rating: 'MET' },
      }),
      field: 'input.injectId',
    },
  ],
  rateExerciseObjective: [
    {
      what: 'an unknown objective key',
      variables: (w) => ({ id: w.exercise.id, input: { objectiveKey: 'OBJ-9', rating: 'P' } }),
      field: 'input.objectiveKey',
    },
    {
      what: 'a note over 2000 characters',
      variables: (w) => ({ id: w.exercise.id, input: { objectiveKey: 'OBJ-1', rating: 'S', note: LONG } }),
      field: 'input.note',
    },
  ],
  setAfterActionNotes: [
    {
      what: 'a strength over 2000 characters',
      variables: (w) => ({ id: w.exercise.id, input: { strengths: [LONG], areasForImprovement: [] } }),
      field: 'input.strengths',
    },
    {
      what: 'malformed id',
      variables: () => ({ id: 'nope', input: { strengths: [], areasForImprovement: [] } }),
      field: 'id',
    },
  ],
  addImprovementItem: [
    {
      what: 'a due date that is no YYYY-MM-DD',
      variables: (w) => ({
        id: w.exercise.id,
        input: { title: 'Update the runbook', dueDate: '31/12/2026' },
      }),
      field: 'input.dueDate',
    },
    {
      what: 'a due date that does not exist',
      variables: (w) => ({
        id: w.exercise.id,
        input: { title: 'Update the runbook', dueDate: '2026-02-30' },
      }),
      field: 'input.dueDate',
    },
    {
      what: 'no title',
      variables: (w) => ({ id: w.exercise.id, input: { description: 'Something' } }),
      field: 'input.title',
    },
    {
      what: 'a blank title',
      variables: (w) => ({ id: w.exercise.id, input: { title: ' ' } }),
      field: 'input.title',
    },
    {
      what: 'an unknown owner',
      variables: (w) => ({
        id: w.exercise.id,
        input: { title: 'Update the runbook', ownerOrganisationId: UNKNOWN },
      }),
      field: 'input.ownerOrganisationId',
    },
  ],
  updateImprovementItem: [
    { what: 'malformed id', variables: () => ({ itemId: 'nope', input: {} }), field: 'itemId' },
    {
      what: 'a due date that does not exist',
      variables: (w) => ({ itemId: w.exercise.item, input: { dueDate: '2026-13-45' } }),
      field: 'input.dueDate',
    },
    {
      what: 'a blank title',
      variables: (w) => ({ itemId: w.exercise.item, input: { title: ' ' } }),
      field: 'input.title',
    },
    {
      what: 'an unknown owner',
      variables: (w) => ({ itemId: w.exercise.item, input: { ownerOrganisationId: UNKNOWN } }),
      field: 'input.ownerOrganisationId',
    },
  ],
};

/**
 * Mutations whose bad input is, reasonably, not BAD_USER_INPUT. Each is still called with the bad input
 * and must answer exactly as described, without changing the database.
 */
const EXCEPTIONS: Record<
  string,
  { what: string; variables: () => Record<string, unknown>; expect: (result: any) => void }
> = {
  // An unknown or malformed refresh token is an authentication failure, not a malformed request: the
  // caller must log in again. UNAUTHENTICATED (and no field) is the right answer.
  refreshSession: {
    what: 'garbage refresh token',
    variables: () => ({ refreshToken: 'garbage' }),
    expect: (result) => {
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data).toBeNull();
    },
  },
  // Logging out is idempotent: an unknown, already revoked or garbage token simply ends nothing and
  // answers false (no error that would help probe which tokens exist).
  logout: {
    what: 'garbage refresh token',
    variables: () => ({ refreshToken: 'garbage' }),
    expect: (result) => {
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ logout: false });
    },
  },
};

/**
 * Well-formed ids naming nothing, for the records the newer mutations act on: NOT_FOUND, exactly as for
 * a record the caller may not see (so the two look the same), and nothing changed. Called as the admin.
 */
const UNKNOWN_RECORDS: Record<string, (w: World) => Record<string, unknown>> = {
  approvePublicStatement: () => ({ id: UNKNOWN }),
  deleteInquiryContact: () => ({ id: UNKNOWN }),
  deleteReportTemplate: () => ({ id: UNKNOWN }),
  draftPublicStatement: () => ({ incidentId: UNKNOWN, input: STATEMENT }),
  updateInquiryContact: () => ({ id: UNKNOWN, input: INQUIRY }),
  updatePublicStatement: () => ({ id: UNKNOWN, input: STATEMENT }),
  updateReportTemplate: () => ({ id: UNKNOWN, input: TEMPLATE }),
  withdrawPublicStatement: () => ({ id: UNKNOWN }),
  acknowledgeIncident: () => ({ incidentId: UNKNOWN }),
  applyRunbook: (w) => ({ incidentId: UNKNOWN, runbookVersionId: w.runbook.versionId }),
  copyRunbook: () => ({ runbookId: UNKNOWN, input: { scope: 'STAKEHOLDER' } }),
  createRunbookDraft: () => ({ runbookId: UNKNOWN }),
  proposeRunbookChange: () => ({ findingId: UNKNOWN }),
  publishRunbook: () => ({ runbookId: UNKNOWN }),
  retireRunbook: () => ({ runbookId: UNKNOWN }),
  updateReviewFinding: () => ({ id: UNKNOWN, input: { status: 'DONE' } }),
  updateRunbookVersion: () => ({ id: UNKNOWN, input: RUNBOOK_CONTENT }),
  createEventIntegration: (w) => ({
    input: { name: 'PagerDuty', apiKeyId: UNKNOWN, componentId: w.child.id },
  }),
  deleteEscalationPolicy: () => ({ id: UNKNOWN }),
  recordCommissionerNotified: () => ({ id: UNKNOWN }),
  submitObligation: () => ({ id: UNKNOWN, input: { reference: 'PPC-1' } }),
  updateReportingRule: (w) => ({ id: UNKNOWN, input: RULE(w) }),
  enableWebhook: () => ({ contactId: UNKNOWN }),
  redriveAlert: () => ({ alertId: UNKNOWN }),
  revokeEventIntegration: () => ({ id: UNKNOWN }),
  rotateWebhookSecret: () => ({ contactId: UNKNOWN }),
  setSelfAssessmentItem: () => ({
    input: { organisationId: UNKNOWN, itemKey: 'IR-1', status: 'IMPLEMENTED', expectedVersion: 0 },
  }),
  updateEscalationPolicy: () => ({ id: UNKNOWN, input: POLICY }),
  updateExerciseScenario: (w) => ({ id: UNKNOWN, expectedVersion: 1, content: SCENARIO(w) }),
  copyExerciseScenario: () => ({ id: UNKNOWN }),
  archiveExerciseScenario: () => ({ id: UNKNOWN }),
  updateExercise: () => ({ id: UNKNOWN, input: { expectedVersion: 1, title: 'Renamed' } }),
  setExerciseParticipants: () => ({ id: UNKNOWN, participants: [] }),
  updateExerciseInject: () => ({ injectId: UNKNOWN, input: { offsetSeconds: 60 } }),
  startExercise: () => ({ id: UNKNOWN }),
  pauseExercise: () => ({ id: UNKNOWN }),
  resumeExercise: () => ({ id: UNKNOWN }),
  finishExercise: () => ({ id: UNKNOWN }),
  cancelExercise: () => ({ id: UNKNOWN }),
  jumpToExerciseInject: (w) => ({ id: UNKNOWN, injectId: w.exercise.k2 }),
  sendAdHocInject: (w) => ({ id: UNKNOWN, input: ADHOC(w) }),
  acknowledgeExerciseInject: () => ({ injectId: UNKNOWN }),
  postExerciseResponse: () => ({ id: UNKNOWN, input: { kind: 'DECISION', text: 'Isolate the server' } }),
  rateExpectedAction: (w) => ({
    id: UNKNOWN,
    input: { injectId: w.exercise.k1, actionKey: 'ACT-1', rating: 'MET' },
  }),
  rateExerciseObjective: () => ({ id: UNKNOWN, input: { objectiveKey: 'OBJ-1', rating: 'P' } }),
  setAfterActionNotes: () => ({ id: UNKNOWN, input: { strengths: ['Fast'], areasForImprovement: [] } }),
  addImprovementItem: () => ({ id: UNKNOWN, input: { title: 'Update the runbook' } }),
  updateImprovementItem: () => ({ itemId: UNKNOWN, input: { status: 'DONE' } }),
};

/** A six-digit code that TOTP verification rejects now (none of the steps around the current one). */
function wrongTotpCode(secret: string): string {
  const now = Date.now();
  const valid = new Set([-2, -1, 0, 1, 2].map((step) => totp(secret, now + step * 30_000)));
  for (let n = 0; ; n += 1) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/** `mutation($a: T!, …) { name(a: $a, …) { __typename } }` for the variables given. */
function mutationDocument(schema: GraphQLSchema, name: string, variables: Record<string, unknown>): string {
  const field = schema.getMutationType()?.getFields()[name];
  if (!field) throw new Error(`No mutation ${name} in the schema`);
  const args = field.args.filter((arg) => arg.name in variables);
  const definitions = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const call = args.length ? `(${args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `mutation${definitions ? `(${definitions})` : ''} { ${name}${call}${selection} }`;
}

describe('bad input to every mutation', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  const w = {} as World;
  const tokens = {} as Record<Caller, string>;

  beforeAll(async () => {
    t = await startTestApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
    const f = new Fixtures(t.dataSource);
    w.promotion = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    w.own = await f.organisation();
    w.other = await f.organisation();
    const admin = await f.user(w.promotion, PlatformRole.ADMIN);
    const responder = await f.user(w.own, PlatformRole.RESPONDER);
    const totpUser = await f.user(w.own, PlatformRole.VIEWER);
    w.disabledUser = await f.user(w.own, PlatformRole.VIEWER, { disabled: true });
    w.admin = { id: admin.id, token: await t.login(admin.email, PASSWORD) };
    w.responder = { id: responder.id, token: await t.login(responder.email, PASSWORD) };
    const totpToken = await t.login(totpUser.email, PASSWORD);
    const enrolment = await t.gqlOk(`mutation { startTotpEnrollment { secret } }`, {}, totpToken);
    const secret = enrolment.startTotpEnrollment.secret as string;
    const confirmed = await t.gqlOk(
      `mutation($code: String!) { confirmTotpEnrollment(code: $code) { accessToken } }`,
      { code: totp(secret) },
      totpToken,
    );
    w.totpUser = { id: totpUser.id, token: confirmed.confirmTotpEnrollment.accessToken, secret };
    tokens.admin = w.admin.token;
    tokens.responder = w.responder.token;
    tokens.totpUser = w.totpUser.token;

    w.root = await f.component({ nameJa: '都市OS基盤' });
    w.child = await f.component({ nameJa: 'データ連携基盤', parentId: w.root.id });
    w.grandchild = await f.component({ nameJa: 'API', parentId: w.child.id });
    w.assignment = await f.assign(w.child, w.own, Duty.RESPONSIBLE);
    w.contact = await f.contact(w.own, ContactKind.INCIDENT_WINDOW);
    // A second incident window: alerted with the first, then deleted after its alert failed.
    const deadDesk = await f.contact(w.own, ContactKind.INCIDENT_WINDOW);
    const webhookSecret = `whsec_${'C'.repeat(32)}`;
    const webhookContact = await f.contact(w.own, ContactKind.TECHNICAL, {
      webhookUrl: 'https://hooks.example.jp/renkei',
      webhookSecretSealed: new SecretBox(t.config.encryptionKey).encrypt(webhookSecret),
    });
    w.webhookContact = { id: webhookContact.id, secret: webhookSecret };
    w.foreignComponent = await f.component({ nameJa: '他社の機器', operatingOrganisationId: w.other.id });
    w.relationship = await t.dataSource.getRepository(OrganisationRelationshipEntity).save({
      kind: RelationshipKind.OUTSOURCING,
      clientOrganisationId: w.promotion.id,
      contractorOrganisationId: w.own.id,
      description: '',
    });
    w.rule = { id: (await t.dataSource.transaction((manager) => ensureStatutoryRules(manager))).ruleId };
    [w.ppc] = await t.dataSource.query(`SELECT id FROM organisation WHERE name_ja = $1`, [PPC_NAME_JA]);
    const reported = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id version } } }`,
      {
        input: {
          title: '不審な通信',
          severity: 'SEV2',
          category: 'MALWARE',
          componentIds: [w.child.id],
          personalDataInvolved: true,
        },
      },
      w.responder.token,
    );
    w.incident = reported.reportIncident.incident;
    [w.obligation] = await t.dataSource.query(
      `SELECT id FROM obligation WHERE incident_id = $1 AND stage_key = 'preliminary'`,
      [w.incident.id],
    );
    const task = await t.gqlOk(
      `mutation($id: ID!, $input: CreateTaskInput!) { createIncidentTask(incidentId: $id, input: $input) { id } }`,
      { id: w.incident.id, input: { title: 'Block the C2 address', assigneeOrganisationId: w.own.id } },
      w.responder.token,
    );
    w.task = task.createIncidentTask;

    // Alerting: the default policy alerted both of own's incident windows. The alert to the second
    // failed on every channel (a dead letter) and its contact was deleted since.
    const alerts = (await t.dataSource.query(`SELECT id, contact_id FROM alert WHERE incident_id = $1`, [
      w.incident.id,
    ])) as { id: string; contact_id: string }[];
    w.alert = alerts.find((a) => a.contact_id === w.contact.id) as { id: string };
    w.deadLetter = alerts.find((a) => a.contact_id === deadDesk.id) as { id: string };
    expect([w.alert, w.deadLetter].every(Boolean)).toBe(true);
    await t.dataSource.query(`UPDATE alert SET state = 'FAILED', failed_at = now() WHERE id = $1`, [
      w.deadLetter.id,
    ]);
    await t.dataSource.getRepository(ContactEntity).delete({ id: deadDesk.id });
    [w.defaultPolicy] = await t.dataSource.query(`SELECT id FROM escalation_policy WHERE is_default`);
    [w.defaultTemplate] = await t.dataSource.query(`SELECT id FROM report_template WHERE is_default`);

    const apiKey = async (role: PlatformRole) =>
      (
        await t.gqlOk(
          `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }`,
          { input: { name: `SOC ${role}`, organisationId: w.own.id, role } },
          w.admin.token,
        )
      ).createApiKey.apiKey as { id: string };
    w.apiKey = await apiKey(PlatformRole.RESPONDER);
    w.viewerKey = await apiKey(PlatformRole.VIEWER);
    w.revokedKey = await apiKey(PlatformRole.RESPONDER);
    await t.gqlOk(
      `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
      { id: w.revokedKey.id },
      w.admin.token,
    );

    // Exercises (planned by the promotion body's admin, `own` playing).
    const scenario = await t.gqlOk(
      `mutation($content: ScenarioContentInput!) { createExerciseScenario(content: $content) { id version } }`,
      { content: SCENARIO(w) },
      w.admin.token,
    );
    w.scenario = scenario.createExerciseScenario;
    const plan = async () => {
      const created = await t.gqlOk(
        `mutation($input: CreateExerciseInput!) { createExercise(input: $input) { id injects { id key } } }`,
        {
          input: {
            scenarioId: w.scenario.id,
            title: '市の訓練',
            participants: [{ organisationId: w.own.id, role: 'PLAYER' }],
          },
        },
        w.admin.token,
      );
      const { id, injects } = created.createExercise as {
        id: string;
        injects: { id: string; key: string }[];
      };
      const inject = (key: string) => injects.find((i) => i.key === key)?.id as string;
      return { id, k1: inject('K1'), k2: inject('K2') };
    };
    w.planned = await plan();
    const running = await plan();
    await t.gqlOk(`mutation($id: ID!) { startExercise(id: $id) { id } }`, { id: running.id }, w.admin.token);
    await t.gqlOk(
      `mutation($id: ID!, $injectId: ID!) { jumpToExerciseInject(id: $id, injectId: $injectId) { id } }`,
      { id: running.id, injectId: running.k1 },
      w.admin.token,
    );
    const item = await t.gqlOk(
      `mutation($id: ID!, $input: ImprovementItemInput!) { addImprovementItem(id: $id, input: $input) { id } }`,
      { id: running.id, input: { title: 'Keep the incident window staffed', ownerOrganisationId: w.own.id } },
      w.admin.token,
    );
    const read = await t.gqlOk(
      `query($id: ID!) { exercise(id: $id) { status version injects { id state recipientOrganisationIds } } }`,
      { id: running.id },
      w.admin.token,
    );
    expect(read.exercise.status).toBe('RUNNING');
    expect(read.exercise.injects).toEqual([
      { id: running.k1, state: 'SENT', recipientOrganisationIds: [w.own.id] },
      { id: running.k2, state: 'PENDING', recipientOrganisationIds: [] },
    ]);
    w.exercise = { ...running, version: read.exercise.version, item: item.addImprovementItem.id };

    const runbook = async (publish: boolean) => {
      const { createRunbook } = await t.gqlOk(
        `mutation($input: CreateRunbookInput!) { createRunbook(input: $input) { id draft { id } } }`,
        { input: { scope: 'STAKEHOLDER', ownerOrganisationId: w.own.id, content: RUNBOOK_CONTENT } },
        w.admin.token,
      );
      if (publish)
        await t.gqlOk(
          `mutation($id: ID!) { publishRunbook(runbookId: $id) { id } }`,
          { id: createRunbook.id },
          w.admin.token,
        );
      return { id: createRunbook.id as string, versionId: createRunbook.draft.id as string };
    };
    w.runbook = await runbook(true);
    w.draftRunbook = await runbook(false);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has a bad-input case (or a documented exception) for every mutation of the schema', () => {
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {}).sort();
    const covered = new Set([...Object.keys(CASES), ...Object.keys(EXCEPTIONS)]);
    expect(mutations.filter((name) => !covered.has(name) || CASES[name]?.length === 0)).toEqual([]);
    // …and nothing in the tables that the schema no longer has.
    expect([...covered].filter((name) => !mutations.includes(name))).toEqual([]);
  });

  const cases = Object.entries(CASES).flatMap(([mutation, list]) =>
    list.map((c) => ({ mutation, ...c, label: `${mutation}: ${c.what} → BAD_USER_INPUT on ${c.field}` })),
  );

  it.each(cases)('$label', async ({ mutation, as, variables, field }) => {
    const vars = variables(w);
    const document = mutationDocument(schema, mutation, vars);
    const before = await databaseDigest(t.dataSource);
    const result = await t.gql(document, vars, tokens[as ?? 'admin']);
    expect({ data: result.data ?? null, error: result.errors?.[0]?.extensions }).toEqual({
      data: null,
      error: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
    });
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it.each(Object.keys(UNKNOWN_RECORDS))('%s: an unknown id → NOT_FOUND', async (mutation) => {
    const vars = UNKNOWN_RECORDS[mutation](w);
    const before = await databaseDigest(t.dataSource);
    const result = await t.gql(mutationDocument(schema, mutation, vars), vars, tokens.admin);
    expect({ data: result.data ?? null, code: result.errors?.[0]?.extensions?.code }).toEqual({
      data: null,
      code: 'NOT_FOUND',
    });
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it.each(Object.entries(EXCEPTIONS).map(([mutation, c]) => ({ mutation, ...c })))(
    '$mutation: $what (documented exception)',
    async ({ mutation, variables, expect: check }) => {
      const vars = variables();
      const before = await databaseDigest(t.dataSource);
      check(await t.gql(mutationDocument(schema, mutation, vars), vars));
      expect(await databaseDigest(t.dataSource)).toEqual(before);
    },
  );
});
