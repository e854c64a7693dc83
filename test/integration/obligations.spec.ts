import { PlatformRole } from '@renkei/core/context/actor';
import { ContactKind, GuidelineRole, RelationshipKind } from '@renkei/directory/directory.enums';
import { OrganisationRelationshipEntity } from '@renkei/directory/entities/organisation-relationship.entity';
import { ensureStatutoryRules, PPC_NAME_JA } from '@renkei/obligations/statutory-rules';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { startMailSink } from '../support/mail-sink';
import { TestApp, startTestApp } from '../support/test-app';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(100);
  }
}

const OBLIGATIONS = `query($id: ID) { incident(id: $id) { id awareAt maliciousSuspected obligations {
  id ruleId stageKey stageNameJa ownerOrganisationId delegatedFromOrganisationId commissionerNotifiedAt commissionerNotifiedBy
  dueAt alternativeDuration status submittedAt submissionReference submittedByName } } }`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reportedAt } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { id version } }`;

/**
 * Statutory reporting clocks (APPI Art. 26): flagging personal data starts them, the malicious flag
 * and the awareness time move them, the contractor's notice passes them to the commissioning
 * organisation, and the worker sends reminders and the overdue notice through alerting.
 */
describe('statutory reporting obligations', () => {
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let f: Fixtures;
  let admin: string;
  let contractorResponder: string;
  let outsider: string;
  let orgs: { city: string; client: string; contractor: string; other: string; ppc: string };
  let desks: { city: string; client: string; contractor: string };
  let component: { id: string };
  let appiRuleId: string;

  beforeAll(async () => {
    mail = await startMailSink();
    t = await startTestApp({
      modules: [WorkerModule],
      env: { SMTP_URL: mail.url, OUTBOX_POLL_MS: '200', RECONCILE_INTERVAL_MS: '500' },
    });
    f = new Fixtures(t.dataSource);
    // What the boot importer does on every installation.
    appiRuleId = (await t.dataSource.transaction((manager) => ensureStatutoryRules(manager))).ruleId;
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const client = await f.organisation({ guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    const contractor = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    const other = await f.organisation({ guidelineRoles: [GuidelineRole.DATA_PROVIDER] });
    const [ppc] = await t.dataSource.query(`SELECT id FROM organisation WHERE name_ja = $1`, [PPC_NAME_JA]);
    orgs = { city: city.id, client: client.id, contractor: contractor.id, other: other.id, ppc: ppc.id };
    desks = {
      city: (await f.contact(city, ContactKind.INCIDENT_WINDOW)).email as string,
      client: (await f.contact(client, ContactKind.INCIDENT_WINDOW)).email as string,
      contractor: (await f.contact(contractor, ContactKind.INCIDENT_WINDOW)).email as string,
    };
    await t.dataSource.getRepository(OrganisationRelationshipEntity).save({
      kind: RelationshipKind.OUTSOURCING,
      clientOrganisationId: client.id,
      contractorOrganisationId: contractor.id,
      description: '住民ポータルの運用委託',
    });
    component = await f.component({ nameJa: '住民ポータル', operatingOrganisationId: contractor.id });
    await f.assign(component as never, contractor, Duty.RESPONSIBLE);
    admin = await t.login((await f.user(city, PlatformRole.ADMIN)).email, PASSWORD);
    contractorResponder = await t.login((await f.user(contractor, PlatformRole.RESPONDER)).email, PASSWORD);
    outsider = await t.login((await f.user(other, PlatformRole.RESPONDER)).email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
    await mail?.close();
  });

  const obligationsOf = async (id: string, token = admin) =>
    (await t.gqlOk(OBLIGATIONS, { id }, token)).incident as {
      awareAt: string;
      obligations: Record<string, any>[];
    };

  it('seeds the APPI rule once, with the PPC as its authority', async () => {
    const again = await t.dataSource.transaction((manager) => ensureStatutoryRules(manager));
    expect(again).toEqual({ created: false, ruleId: appiRuleId });
    const { reportingRules } = await t.gqlOk(
      `{ reportingRules { id key authorityOrganisationId trigger { kind } stages { key anchor durationSeconds alternative { condition durationSeconds } reminderOffsetsSeconds } } }`,
      {},
      outsider,
    );
    const appi = reportingRules.find((r: any) => r.key === 'APPI_ART26');
    expect(appi.authorityOrganisationId).toBe(orgs.ppc);
    expect(appi.trigger).toEqual([{ kind: 'PERSONAL_DATA' }]);
    expect(
      appi.stages.map((s: any) => [s.key, s.durationSeconds / 86400, s.alternative?.durationSeconds ?? null]),
    ).toEqual([
      ['preliminary', 5, null],
      ['final', 30, 60 * 86400],
    ]);
  });

  it('starts the clocks when personal data is flagged, owned by the contractor, and moves them for malice and awareness', async () => {
    const detectedAt = new Date(Date.now() - 2 * DAY);
    detectedAt.setMilliseconds(0);
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: '住民ポータルの不審なアクセス',
          severity: 'SEV2',
          category: 'UNAUTHORIZED_ACCESS',
          componentIds: [component.id],
          detectedAt: detectedAt.toISOString(),
        },
      },
      contractorResponder,
    );
    const id = reportIncident.incident.id;
    expect((await obligationsOf(id)).obligations).toEqual([]);

    await t.gqlOk(UPDATE, { id, input: { personalDataInvolved: true } }, contractorResponder);
    let view = await obligationsOf(id);
    expect(view.awareAt).toBe(detectedAt.toISOString());
    expect(view.obligations.map((o) => [o.stageKey, o.status, o.ownerOrganisationId, o.dueAt])).toEqual([
      ['preliminary', 'PENDING', orgs.contractor, new Date(detectedAt.getTime() + 5 * DAY).toISOString()],
      ['final', 'PENDING', orgs.contractor, new Date(detectedAt.getTime() + 30 * DAY).toISOString()],
    ]);
    const [audit] = await t.dataSource.query(
      `SELECT data FROM audit_event WHERE action = 'obligation.synced' AND entity_id = $1`,
      [id],
    );
    expect(audit.data.changes).toHaveLength(2);
    const timeline = await t.dataSource.query(
      `SELECT message FROM incident_timeline_entry WHERE incident_id = $1 AND kind = 'OBLIGATION_UPDATED'`,
      [id],
    );
    expect(timeline.map((e: any) => e.message)).toEqual(['Reporting obligations: 2 statutory report(s) due']);
    // Malicious: the final report gets 60 days; the preliminary one keeps 5.
    await t.gqlOk(UPDATE, { id, input: { maliciousSuspected: true } }, contractorResponder);
    view = await obligationsOf(id);
    expect(view.obligations.map((o) => [o.stageKey, o.dueAt, o.alternativeDuration])).toEqual([
      ['preliminary', new Date(detectedAt.getTime() + 5 * DAY).toISOString(), false],
      ['final', new Date(detectedAt.getTime() + 60 * DAY).toISOString(), true],
    ]);

    // A responder corrects the awareness time: both deadlines follow it.
    const awareAt = new Date(detectedAt.getTime() + DAY);
    await t.gqlOk(UPDATE, { id, input: { awareAt: awareAt.toISOString() } }, contractorResponder);
    view = await obligationsOf(id);
    expect(view.awareAt).toBe(awareAt.toISOString());
    expect(view.obligations.map((o) => o.dueAt)).toEqual([
      new Date(awareAt.getTime() + 5 * DAY).toISOString(),
      new Date(awareAt.getTime() + 60 * DAY).toISOString(),
    ]);

    // Clearing the flag withdraws the open obligations; setting it again reopens the same ones.
    const ids = view.obligations.map((o) => o.id);
    await t.gqlOk(UPDATE, { id, input: { personalDataInvolved: false } }, contractorResponder);
    expect((await obligationsOf(id)).obligations.map((o) => o.status)).toEqual(['WITHDRAWN', 'WITHDRAWN']);
    await t.gqlOk(UPDATE, { id, input: { personalDataInvolved: true } }, contractorResponder);
    view = await obligationsOf(id);
    expect(view.obligations.map((o) => [o.id, o.status])).toEqual([
      [ids[0], 'PENDING'],
      [ids[1], 'PENDING'],
    ]);

    // The contractor tells its commissioning organisation: the duty passes to it, which hears of it.
    const before = await databaseDigest(t.dataSource);
    const refused = await t.gql(
      `mutation($id: ID!) { recordCommissionerNotified(id: $id) { id } }`,
      { id: ids[0] },
      outsider,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await databaseDigest(t.dataSource)).toEqual(before);
    const { recordCommissionerNotified } = await t.gqlOk(
      `mutation($id: ID!, $input: CommissionerNotifiedInput) { recordCommissionerNotified(id: $id, input: $input) { id ownerOrganisationId delegatedFromOrganisationId commissionerNotifiedBy } }`,
      { id: ids[0], input: { notifiedBy: '委託先 運用責任者' } },
      contractorResponder,
    );
    expect(recordCommissionerNotified).toEqual(
      ids.map((oid) => ({
        id: oid,
        ownerOrganisationId: orgs.client,
        delegatedFromOrganisationId: orgs.contractor,
        commissionerNotifiedBy: '委託先 運用責任者',
      })),
    );
    const participants = await t.dataSource.query(
      `SELECT organisation_id FROM incident_participant WHERE incident_id = $1`,
      [id],
    );
    expect(participants.map((p: any) => p.organisation_id)).toContain(orgs.client);
    const assigned = await mail.waitFor((all) =>
      all.some((m) => m.to.includes(desks.client) && m.subject.includes('報告義務が移りました')),
    );
    const notice = assigned.find((m) => m.to.includes(desks.client))!;
    expect(notice.text).toContain('委託元');
    expect(notice.text).not.toContain('受領を確認する');
    const [handover] = await t.dataSource.query(
      `SELECT data FROM audit_event WHERE action = 'obligation.commissioner_notified'`,
    );
    expect(handover.data).toMatchObject({ from: orgs.contractor, to: orgs.client });
    // The duty no longer sits with the contractor: a second notice has nothing to pass.
    const again = await t.gql(
      `mutation($id: ID!) { recordCommissionerNotified(id: $id) { id } }`,
      { id: ids[0] },
      contractorResponder,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('sends reminders before the deadline, then makes the obligation overdue and says so; a late submission is SUBMITTED_LATE', async () => {
    const { createReportingRule } = await t.gqlOk(
      `mutation($input: ReportingRuleInput!) { createReportingRule(input: $input) { id stages { durationSeconds reminderOffsetsSeconds } } }`,
      {
        input: {
          key: 'SAFETY_QUICK',
          nameJa: '安全影響の即時報告',
          nameEn: 'Safety impact quick report',
          authorityOrganisationId: orgs.ppc,
          trigger: [{ kind: 'SAFETY_IMPACT' }],
          stages: [
            {
              key: 'quick',
              nameJa: '即時報告',
              nameEn: 'Quick report',
              anchor: 'AWARENESS',
              duration: { seconds: 8 },
              remindBefore: [{ seconds: 5 }],
            },
          ],
        },
      },
      admin,
    );
    expect(createReportingRule.stages).toEqual([{ durationSeconds: 8, reminderOffsetsSeconds: [5] }]);
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: '冠水センサーの誤作動',
          severity: 'SEV3',
          category: 'DEVICE_COMPROMISE',
          componentIds: [component.id],
          safetyImpact: true,
        },
      },
      contractorResponder,
    );
    const id = reportIncident.incident.id;
    const [obligation] = (await obligationsOf(id)).obligations;
    expect(obligation).toMatchObject({
      stageKey: 'quick',
      status: 'PENDING',
      ownerOrganisationId: orgs.contractor,
    });

    const reminder = (
      await mail.waitFor((all) =>
        all.some((m) => m.to.includes(desks.contractor) && m.subject.includes('報告期限が近づいています')),
      )
    ).find((m) => m.to.includes(desks.contractor) && m.subject.includes('報告期限が近づいています'))!;
    expect(reminder.subject).toContain('即時報告');
    await until(async () => {
      const [row] = await t.dataSource.query(`SELECT status FROM obligation WHERE id = $1`, [obligation.id]);
      return row.status === 'OVERDUE';
    });
    const overdue = await mail.waitFor(
      (all) => all.filter((m) => m.subject.includes('報告期限を過ぎました')).length >= 2,
    );
    const overdueMails = overdue.filter((m) => m.subject.includes('報告期限を過ぎました'));
    expect(overdueMails.flatMap((m) => m.to).sort()).toEqual([desks.city, desks.contractor].sort());
    expect(overdueMails.every((m) => m.receivedAt >= reminder.receivedAt)).toBe(true);
    // Exactly one reminder and one overdue notice per recipient, however the jobs ran.
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM alert WHERE incident_id = $1 AND purpose = 'NOTICE'`,
      [id],
    );
    expect(n).toBe(3);

    // Everyone who sees the incident sees it overdue; an outsider does not.
    const list = `query($mine: Boolean) { overdueObligations(mine: $mine) { id status incidentId } }`;
    expect((await t.gqlOk(list, {}, admin)).overdueObligations.map((o: any) => o.id)).toContain(
      obligation.id,
    );
    expect((await t.gqlOk(list, { mine: true }, contractorResponder)).overdueObligations).toEqual([
      { id: obligation.id, status: 'OVERDUE', incidentId: id },
    ]);
    expect((await t.gqlOk(list, {}, outsider)).overdueObligations).toEqual([]);

    // Bad input changes nothing.
    const before = await databaseDigest(t.dataSource);
    const blank = await t.gql(
      `mutation($id: ID!, $input: SubmitObligationInput!) { submitObligation(id: $id, input: $input) { id } }`,
      { id: obligation.id, input: { reference: ' ' } },
      contractorResponder,
    );
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reference' });
    const future = await t.gql(
      `mutation($id: ID!, $input: SubmitObligationInput!) { submitObligation(id: $id, input: $input) { id } }`,
      {
        id: obligation.id,
        input: { reference: 'PPC-1', submittedAt: new Date(Date.now() + DAY).toISOString() },
      },
      contractorResponder,
    );
    expect(future.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.submittedAt',
    });
    expect(await databaseDigest(t.dataSource)).toEqual(before);

    const { submitObligation } = await t.gqlOk(
      `mutation($id: ID!, $input: SubmitObligationInput!) { submitObligation(id: $id, input: $input) { status submissionReference submittedByName } }`,
      { id: obligation.id, input: { reference: 'PPC-2026-000123' } },
      contractorResponder,
    );
    expect(submitObligation).toMatchObject({
      status: 'SUBMITTED_LATE',
      submissionReference: 'PPC-2026-000123',
    });
    expect((await t.gqlOk(list, {}, admin)).overdueObligations.map((o: any) => o.id)).not.toContain(
      obligation.id,
    );
  });

  it('refuses rules that make no sense, changing nothing', async () => {
    const before = await databaseDigest(t.dataSource);
    const base = {
      key: 'BAD_RULE',
      nameJa: 'x',
      nameEn: 'x',
      authorityOrganisationId: orgs.ppc,
      trigger: [{ kind: 'PERSONAL_DATA' }],
      stages: [{ key: 'one', nameJa: 'x', nameEn: 'x', anchor: 'AWARENESS', duration: { days: 1 } }],
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, authorityOrganisationId: orgs.other }, 'input.authorityOrganisationId'],
      [{ ...base, stages: [{ ...base.stages[0], anchor: 'PREVIOUS_STAGE' }] }, 'input.stages.0.anchor'],
      [{ ...base, stages: [{ ...base.stages[0], duration: {} }] }, 'input.stages.0.duration'],
      [
        { ...base, stages: [{ ...base.stages[0], remindBefore: [{ days: 2 }] }] },
        'input.stages.0.remindBefore.0',
      ],
      [{ ...base, trigger: [{ kind: 'SEVERITY_AT_LEAST' }] }, 'input.trigger.0.severity'],
      [{ ...base, key: 'APPI_ART26' }, 'input.key'],
    ];
    for (const [input, field] of cases) {
      const result = await t.gql(
        `mutation($input: ReportingRuleInput!) { createReportingRule(input: $input) { id } }`,
        { input },
        admin,
      );
      expect({ field, got: result.errors?.[0]?.extensions?.field }).toEqual({ field, got: field });
    }
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it('a tabletop exercise’s drill incident gets no statutory clocks, even when personal data is flagged', async () => {
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: '演習: 住民ポータルからの漏えい',
          severity: 'SEV2',
          category: 'DATA_BREACH',
          componentIds: [component.id],
        },
      },
      admin,
    );
    const id = reportIncident.incident.id;
    // What InjectDispatch writes on every drill incident (the exercise row itself does not matter here).
    await t.dataSource.query(`UPDATE incident SET exercise_id = gen_random_uuid() WHERE id = $1`, [id]);
    await t.gqlOk(UPDATE, { id, input: { personalDataInvolved: true, maliciousSuspected: true } }, admin);
    expect((await obligationsOf(id)).obligations).toEqual([]);
  });

  it('re-times the open obligations of a rule as soon as the rule changes', async () => {
    const STAGE = { key: 'notice', nameJa: '通知', nameEn: 'Notice', anchor: 'AWARENESS' };
    const input = (days: number) => ({
      key: 'TYPE_NOTICE',
      nameJa: '種別通知',
      nameEn: 'Type notice',
      authorityOrganisationId: orgs.ppc,
      trigger: [{ kind: 'INCIDENT_TYPE', incidentTypeIds: ['INC-07'] }],
      stages: [{ ...STAGE, duration: { days } }],
    });
    const { createReportingRule: rule } = await t.gqlOk(
      `mutation($input: ReportingRuleInput!) { createReportingRule(input: $input) { id } }`,
      { input: input(10) },
      admin,
    );
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: '種別通知の対象',
          severity: 'SEV3',
          category: 'OTHER',
          incidentTypeId: 'INC-07',
          componentIds: [component.id],
        },
      },
      contractorResponder,
    );
    const id = reportIncident.incident.id;
    const dueOf = async () => {
      const [row] = await t.dataSource.query(
        `SELECT o.due_at, i.aware_at, i.detected_at, i.reported_at FROM obligation o JOIN incident i ON i.id = o.incident_id
          WHERE o.incident_id = $1 AND o.rule_id = $2`,
        [id, rule.id],
      );
      const anchor = new Date(row.aware_at ?? row.detected_at ?? row.reported_at).getTime();
      return (new Date(row.due_at).getTime() - anchor) / 86_400_000;
    };
    expect(await dueOf()).toBeCloseTo(10, 5);
    await t.gqlOk(
      `mutation($id: ID!, $input: ReportingRuleInput!) { updateReportingRule(id: $id, input: $input) { id } }`,
      { id: rule.id, input: input(4) },
      admin,
    );
    // No change to the incident: the rule alone moved the deadline.
    expect(await dueOf()).toBeCloseTo(4, 5);
  });
});
