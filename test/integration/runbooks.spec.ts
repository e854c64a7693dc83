import { PlatformRole } from '@renkei/core/context/actor';
import { DEMO_PASSWORD, seedDemoCity } from '@renkei/demo/demo-city';
import { hashPassword } from '@renkei/identity/auth/password';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { ComponentCategory, Duty } from '@renkei/responsibility/responsibility.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

const DAY = 24 * 60;

/** A small valid step list; tests break one thing at a time. */
const STEPS = [
  {
    key: 'contain',
    titleJa: '封じ込め',
    titleEn: 'Contain',
    instructionsJa: 'ネットワークから切り離す。',
    instructionsEn: 'Disconnect it.',
    assigneeKind: 'DUTY',
    assigneeDuty: 'RESPONSIBLE',
    expectedMinutes: 30,
    checkSheetKeys: ['IR-1'],
    cpsfMeasureIds: ['CPS.MI-1'],
    decision: {
      questionJa: '封じ込めたか？',
      questionEn: 'Contained?',
      options: [
        { labelJa: 'はい', labelEn: 'Yes', nextStepKey: 'report' },
        { labelJa: 'いいえ', labelEn: 'No', nextStepKey: 'escalate' },
      ],
    },
  },
  {
    key: 'escalate',
    titleJa: '上位エスカレーション',
    titleEn: 'Escalate',
    assigneeKind: 'DUTY',
    assigneeDuty: 'CONSULTED',
    expectedMinutes: 20,
    checkSheetKeys: ['IR-2'],
  },
  {
    key: 'report',
    titleJa: '報告',
    titleEn: 'Report',
    assigneeKind: 'REPORTER',
    expectedMinutes: 45,
    cpsfMeasureIds: ['CPS.RP-2'],
    templateJa: '{{incident.reference}}：{{incident.title}}',
    templateEn: '{{incident.reference}}: {{incident.title}}',
  },
];
const CONTENT = { titleJa: '決済サービスの手順', titleEn: 'Payment service procedure', steps: STEPS };

const RUNBOOK_FIELDS = `id scope ownerOrganisationId isExample currentVersionId
  currentVersion { id number status }
  draft { id number status changeNote steps { key instructionsJa instructionsEn } }
  versions { id number status }`;

describe('runbooks', () => {
  let t: TestApp;
  let f: Fixtures;
  let city: OrganisationEntity;
  let vendor: OrganisationEntity;
  let pay: OrganisationEntity;
  let other: OrganisationEntity;
  let coordinator: string;
  let payStaff: string;
  let payViewer: string;
  let payResponder: string;
  let otherStaff: string;
  let incident: { id: string; reference: string; title: string };
  const examples: Record<string, { id: string; versionId: string }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t.dataSource);
    // A demo-city-like map: the city OS vendor runs the identity platform (the city accountable for it);
    // the portal provider runs the portal, whose backend inherits its duties and whose payments have their own.
    city = await f.organisation({ nameEn: 'Minato City', guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    vendor = await f.organisation({
      nameEn: 'CityOS Vendor',
      guidelineRoles: [GuidelineRole.CITY_OS_VENDOR],
    });
    pay = await f.organisation({ nameEn: 'Portal Pay', guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    other = await f.organisation({
      nameEn: 'Other Provider',
      guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
    });
    const cityOs = await f.component({
      nameJa: '都市OS',
      category: ComponentCategory.CITY_OS,
      operatingOrganisationId: vendor.id,
    });
    const cityId = await f.component({
      nameJa: '認証基盤',
      category: ComponentCategory.CITY_OS,
      parentId: cityOs.id,
    });
    const portal = await f.component({
      nameJa: '住民ポータル',
      category: ComponentCategory.SERVICE,
      operatingOrganisationId: pay.id,
    });
    const backend = await f.component({
      nameJa: 'バックエンド',
      category: ComponentCategory.SERVICE,
      parentId: portal.id,
    });
    const payment = await f.component({
      nameJa: '決済',
      category: ComponentCategory.SERVICE,
      parentId: portal.id,
    });
    await f.assign(cityOs, vendor, Duty.RESPONSIBLE);
    await f.assign(cityId, city, Duty.ACCOUNTABLE);
    await f.assign(portal, pay, Duty.RESPONSIBLE);
    await f.assign(portal, pay, Duty.ACCOUNTABLE);
    await f.assign(payment, pay, Duty.RESPONSIBLE);
    coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    payStaff = await t.login((await f.user(pay, PlatformRole.STAKEHOLDER)).email, PASSWORD);
    payViewer = await t.login((await f.user(pay, PlatformRole.VIEWER)).email, PASSWORD);
    payResponder = await t.login((await f.user(pay, PlatformRole.RESPONDER)).email, PASSWORD);
    otherStaff = await t.login((await f.user(other, PlatformRole.RESPONDER)).email, PASSWORD);
    const reported = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference title } } }`,
      {
        input: {
          title: '住民ポータルへの不正ログイン [link](https://evil.example)',
          severity: 'SEV2',
          category: 'UNAUTHORIZED_ACCESS',
          incidentTypeId: 'INC-22',
          personalDataInvolved: true,
          componentIds: [cityId.id, backend.id, payment.id],
        },
      },
      coordinator,
    );
    incident = reported.reportIncident.incident;
    const rows = (await t.dataSource.query(
      `SELECT example_key, id, current_version_id FROM runbook WHERE is_example`,
    )) as { example_key: string; id: string; current_version_id: string }[];
    for (const row of rows) examples[row.example_key] = { id: row.id, versionId: row.current_version_id };
  });

  afterAll(async () => {
    await t?.close();
  });

  it('ships five published, bilingual example runbooks that everyone signed in can read', async () => {
    expect(Object.keys(examples).sort()).toEqual([
      'ddos-resident-service',
      'iot-false-data',
      'personal-data-leak',
      'ransomware-city-os',
      'unauthorised-login-via-service',
    ]);
    const data = await t.gqlOk(
      `{ runbooks(filter: { isExample: true }) { totalCount edges { node { isExample scope ownerOrganisationId currentVersion { status titleJa titleEn } } } } }`,
      {},
      payViewer,
    );
    expect(data.runbooks.totalCount).toBe(5);
    for (const { node } of data.runbooks.edges) {
      expect(node).toMatchObject({ isExample: true, scope: 'CITY_WIDE', ownerOrganisationId: null });
      expect(node.currentVersion.status).toBe('PUBLISHED');
    }
  });

  it('creates, publishes and versions a stakeholder runbook; a published version cannot be edited through the API', async () => {
    const created = await t.gqlOk(
      `mutation($input: CreateRunbookInput!) { createRunbook(input: $input) { ${RUNBOOK_FIELDS} } }`,
      { input: { scope: 'STAKEHOLDER', content: CONTENT } },
      payStaff,
    );
    const runbook = created.createRunbook;
    expect(runbook).toMatchObject({
      scope: 'STAKEHOLDER',
      ownerOrganisationId: pay.id,
      currentVersion: null,
    });
    expect(runbook.draft).toMatchObject({ number: 1, status: 'DRAFT' });
    const published = await t.gqlOk(
      `mutation($id: ID!) { publishRunbook(runbookId: $id) { ${RUNBOOK_FIELDS} } }`,
      { id: runbook.id },
      payStaff,
    );
    expect(published.publishRunbook).toMatchObject({
      currentVersion: { number: 1, status: 'PUBLISHED' },
      draft: null,
    });
    const v1 = published.publishRunbook.currentVersion.id;

    const before = await databaseDigest(t.dataSource);
    const refused = await t.gql(
      `mutation($id: ID!, $input: RunbookContentInput!) { updateRunbookVersion(id: $id, input: $input) { id } }`,
      { id: v1, input: { ...CONTENT, titleEn: 'Changed after publication' } },
      payStaff,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await databaseDigest(t.dataSource)).toEqual(before);

    const draft = await t.gqlOk(
      `mutation($id: ID!) { createRunbookDraft(runbookId: $id) { id number status basedOnVersionId } }`,
      { id: runbook.id },
      payStaff,
    );
    expect(draft.createRunbookDraft).toMatchObject({ number: 2, status: 'DRAFT', basedOnVersionId: v1 });
    const again = await t.gql(
      `mutation($id: ID!) { createRunbookDraft(runbookId: $id) { id } }`,
      { id: runbook.id },
      payStaff,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await t.gqlOk(
      `mutation($id: ID!, $input: RunbookContentInput!) { updateRunbookVersion(id: $id, input: $input) { id } }`,
      {
        id: draft.createRunbookDraft.id,
        input: { ...CONTENT, titleEn: 'Payment service procedure, v2', changeNote: 'Clearer' },
      },
      payStaff,
    );
    const second = await t.gqlOk(
      `mutation($id: ID!) { publishRunbook(runbookId: $id) { ${RUNBOOK_FIELDS} } }`,
      { id: runbook.id },
      payStaff,
    );
    expect(second.publishRunbook.currentVersion).toMatchObject({ number: 2, status: 'PUBLISHED' });
    expect(second.publishRunbook.versions.map((v: any) => [v.number, v.status])).toEqual([
      [1, 'PUBLISHED'],
      [2, 'PUBLISHED'],
    ]);
    // Version 1 is as it was.
    const [{ title_en }] = await t.dataSource.query(`SELECT title_en FROM runbook_version WHERE id = $1`, [
      v1,
    ]);
    expect(title_en).toBe('Payment service procedure');
  });

  it('the database refuses UPDATE and DELETE of a published version and any change to its steps', async () => {
    const versionId = examples['personal-data-leak'].versionId;
    const attempts = [
      [`UPDATE runbook_version SET title_en = 'tampered' WHERE id = $1`, [versionId]],
      [`UPDATE runbook_version SET status = 'DRAFT' WHERE id = $1`, [versionId]],
      [`DELETE FROM runbook_version WHERE id = $1`, [versionId]],
      [`UPDATE runbook_step SET instructions_ja = 'tampered' WHERE version_id = $1`, [versionId]],
      [`DELETE FROM runbook_step WHERE version_id = $1`, [versionId]],
      [
        `INSERT INTO runbook_step (version_id, key, position, title_ja, title_en, assignee_kind, expected_minutes) VALUES ($1, 'extra', 99, 'x', 'x', 'REPORTER', 1)`,
        [versionId],
      ],
      [`TRUNCATE runbook_step CASCADE`, []],
    ] as const;
    for (const [sql, params] of attempts) {
      await expect(t.dataSource.query(sql, [...params])).rejects.toThrow(/published|append-only/);
    }
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM runbook_step WHERE version_id = $1 AND instructions_ja <> 'tampered'`,
      [versionId],
    );
    expect(count).toBe(9);
  });

  it.each([
    [
      'an unknown check-sheet key',
      { steps: [{ ...STEPS[2], checkSheetKeys: ['IR-9'] }] },
      'input.content.steps.0.checkSheetKeys',
    ],
    [
      'an unknown CPSF measure',
      { steps: [{ ...STEPS[2], cpsfMeasureIds: ['CPS.XX-1'] }] },
      'input.content.steps.0.cpsfMeasureIds',
    ],
    ['an unknown incident type', { incidentTypeIds: ['INC-99'] }, 'input.content.incidentTypeIds'],
    [
      'an unknown placeholder',
      { steps: [{ ...STEPS[2], templateJa: '{{incident.password}}' }] },
      'input.content.steps.0.templateJa',
    ],
    [
      'a decision leading nowhere',
      { steps: [STEPS[0], STEPS[2]] },
      'input.content.steps.0.decision.options.1.nextStepKey',
    ],
  ])('refuses %s, naming the field, and writes nothing', async (_what, change, field) => {
    const before = await databaseDigest(t.dataSource);
    const result = await t.gql(
      `mutation($input: CreateRunbookInput!) { createRunbook(input: $input) { id } }`,
      { input: { scope: 'STAKEHOLDER', content: { ...CONTENT, ...change } } },
      payStaff,
    );
    expect({ data: result.data ?? null, error: result.errors?.[0]?.extensions }).toEqual({
      data: null,
      error: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
    });
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it('suggests matching runbooks, most specific first', async () => {
    const data = await t.gqlOk(
      `query($id: ID!) { suggestedRunbooks(incidentId: $id) { runbook { id isExample } score reasons } }`,
      { id: incident.id },
      coordinator,
    );
    const byId = new Map(Object.entries(examples).map(([key, e]) => [e.id, key]));
    const suggested = data.suggestedRunbooks.map((s: any) => [byId.get(s.runbook.id) ?? 'own', s.score]);
    // Unauthorised login: type 8 + category 4 + component category 2; personal data: type 8 + category 4.
    // Ransomware, DDoS and IoT do not match the category; the pay runbook names no applicability (0).
    expect(suggested.filter(([key]: [string]) => key !== 'own')).toEqual([
      ['unauthorised-login-via-service', 14],
      ['personal-data-leak', 12],
    ]);
  });

  it('suggests by what an incident tells so far: no incident type yet does not rule a runbook out', async () => {
    const { reportIncident } = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } } }`,
      { input: { title: '不審なログイン（種別未確定）', severity: 'SEV3', category: 'UNAUTHORIZED_ACCESS' } },
      coordinator,
    );
    const data = await t.gqlOk(
      `query($id: ID!) { suggestedRunbooks(incidentId: $id) { runbook { id } score reasons } }`,
      { id: reportIncident.incident.id },
      coordinator,
    );
    const byId = new Map(Object.entries(examples).map(([key, e]) => [e.id, key]));
    const suggested = data.suggestedRunbooks
      .map((s: any) => [byId.get(s.runbook.id) ?? 'own', s.score])
      .filter(([key]: [string]) => key !== 'own');
    // The category matches (4); the type is unknown, so neither counted nor held against it. The
    // ransomware, DDoS and IoT runbooks name other categories: still out.
    expect(suggested).toContainEqual(['unauthorised-login-via-service', 4]);
    expect(suggested.map(([key]: [string]) => key)).not.toContain('ransomware-city-os');
  });

  it('suggests nothing for a tabletop exercise’s drill incident', async () => {
    const { reportIncident } = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } } }`,
      {
        input: {
          title: '演習: 不正ログイン',
          severity: 'SEV2',
          category: 'UNAUTHORIZED_ACCESS',
          incidentTypeId: 'INC-22',
          personalDataInvolved: true,
        },
      },
      coordinator,
    );
    const query = `query($id: ID!) { suggestedRunbooks(incidentId: $id) { runbook { id } } }`;
    const id = reportIncident.incident.id;
    // The same incident matches the examples while it is real...
    expect((await t.gqlOk(query, { id }, coordinator)).suggestedRunbooks.length).toBeGreaterThan(0);
    // ...and nothing once it is a drill (what InjectDispatch writes on every drill incident).
    await t.dataSource.query(`UPDATE incident SET exercise_id = gen_random_uuid() WHERE id = $1`, [id]);
    expect((await t.gqlOk(query, { id }, coordinator)).suggestedRunbooks).toEqual([]);
  });

  it('applies the personal data runbook: exactly the expected tasks, assignees and due times', async () => {
    const applied = await t.gqlOk(
      `mutation($incidentId: ID!, $v: ID!) { applyRunbook(incidentId: $incidentId, runbookVersionId: $v) { id appliedAt versionId taskIds version { number titleEn } } }`,
      { incidentId: incident.id, v: examples['personal-data-leak'].versionId },
      coordinator,
    );
    const application = applied.applyRunbook;
    const appliedAt = Date.parse(application.appliedAt);
    // Computed here from the runbook's durations and the map above, independently of the product.
    const R = [vendor.id, pay.id]; // RESPONSIBLE on the components, by English name
    const A = [city.id, pay.id]; // ACCOUNTABLE
    const elapsed = 120 + 240 + 60 + 3 * DAY + 2 * DAY + DAY;
    const expected: [string, string[], number, boolean][] = [
      ['initial-assessment', R, 120, true],
      ['contain', R, 360, true],
      ['brief-management', A, 420, true],
      ['ppc-preliminary', A, 420 + 3 * DAY, true],
      ['notify-subjects', A, 420 + 5 * DAY, true],
      ['public-notice', [city.id], elapsed, true],
      ['ppc-final-malicious', A, 60 * DAY, true],
      ['ppc-final', A, 30 * DAY, false],
      ['close-out', [city.id], 61 * DAY, true],
    ];
    const rows = expected.flatMap(([key, orgs, minutes, onDefaultPath]) =>
      orgs.map((org) => ({
        stepKey: key,
        assigneeOrganisationId: org,
        dueAt: new Date(appliedAt + minutes * 60_000).toISOString(),
        onDefaultPath,
        responsibilityGap: false,
      })),
    );
    const data = await t.gqlOk(
      `query($id: ID!) { incident(id: $id) {
         appliedRunbooks { id }
         tasks { id title assigneeOrganisationId dueAt runbookStep { stepKey checkSheetKeys cpsfMeasureIds onDefaultPath responsibilityGap renderedTemplateJa renderedTemplateEn } }
         timeline(page: { first: 50 }) { edges { node { kind message data } } } } }`,
      { id: incident.id },
      payStaff,
    );
    const tasks = data.incident.tasks.filter((task: any) => task.runbookStep);
    expect(
      tasks
        .map((task: any) => ({
          stepKey: task.runbookStep.stepKey,
          assigneeOrganisationId: task.assigneeOrganisationId,
          dueAt: new Date(task.dueAt).toISOString(),
          onDefaultPath: task.runbookStep.onDefaultPath,
          responsibilityGap: task.runbookStep.responsibilityGap,
        }))
        .sort(
          (a: any, b: any) =>
            a.dueAt.localeCompare(b.dueAt) ||
            a.stepKey.localeCompare(b.stepKey) ||
            a.assigneeOrganisationId.localeCompare(b.assigneeOrganisationId),
        ),
    ).toEqual(
      rows.sort(
        (a, b) =>
          a.dueAt.localeCompare(b.dueAt) ||
          a.stepKey.localeCompare(b.stepKey) ||
          a.assigneeOrganisationId.localeCompare(b.assigneeOrganisationId),
      ),
    );
    expect(application.taskIds.sort()).toEqual(tasks.map((task: any) => task.id).sort());
    expect(data.incident.appliedRunbooks.map((a: any) => a.id)).toEqual([application.id]);
    const preliminary = tasks.find((task: any) => task.runbookStep.stepKey === 'ppc-preliminary');
    expect(preliminary.title).toBe('個人情報保護委員会への速報（法第26条）');
    expect(preliminary.runbookStep.checkSheetKeys).toEqual(['GOV-1-8', 'IR-3']);
    expect(preliminary.runbookStep.cpsfMeasureIds).toEqual(['CPS.RP-2', 'CPS.CO-1']);
    // The template is filled in; the incident title is text, not a link.
    expect(preliminary.runbookStep.renderedTemplateJa).toContain(
      `事案番号：${incident.reference.replace(/-/g, '\\-')}`,
    );
    expect(preliminary.runbookStep.renderedTemplateJa).toContain('\\[link\\]\\(https://evil\\.example\\)');
    const entry = data.incident.timeline.edges
      .map((e: any) => e.node)
      .find((n: any) => n.kind === 'RUNBOOK_APPLIED');
    expect(entry.data).toMatchObject({ applicationId: application.id, tasks: 16, responsibilityGaps: 0 });
    const [audit] = await t.dataSource.query(
      `SELECT data FROM audit_event WHERE action = 'runbook.applied' AND entity_id = $1`,
      [incident.id],
    );
    expect(audit.data.taskIds.sort()).toEqual(application.taskIds.sort());

    // The same version again: refused, nothing written.
    const before = await databaseDigest(t.dataSource);
    const again = await t.gql(
      `mutation($incidentId: ID!, $v: ID!) { applyRunbook(incidentId: $incidentId, runbookVersionId: $v) { id } }`,
      { incidentId: incident.id, v: examples['personal-data-leak'].versionId },
      coordinator,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await databaseDigest(t.dataSource)).toEqual(before);
    // …and no longer suggested.
    const suggested = await t.gqlOk(
      `query($id: ID!) { suggestedRunbooks(incidentId: $id) { runbook { id } } }`,
      { id: incident.id },
      coordinator,
    );
    expect(suggested.suggestedRunbooks.map((s: any) => s.runbook.id)).not.toContain(
      examples['personal-data-leak'].id,
    );
  });

  it('a step nobody can be resolved for becomes an unassigned task flagged as a responsibility gap', async () => {
    const created = await t.gqlOk(
      `mutation($input: CreateRunbookInput!) { createRunbook(input: $input) { id } }`,
      { input: { scope: 'STAKEHOLDER', content: { ...CONTENT, titleEn: 'Gap check' } } },
      payStaff,
    );
    const published = await t.gqlOk(
      `mutation($id: ID!) { publishRunbook(runbookId: $id) { currentVersionId } }`,
      { id: created.createRunbook.id },
      payStaff,
    );
    const applied = await t.gqlOk(
      `mutation($i: ID!, $v: ID!) { applyRunbook(incidentId: $i, runbookVersionId: $v) { taskIds } }`,
      { i: incident.id, v: published.publishRunbook.currentVersionId },
      payResponder,
    );
    const rows = await t.dataSource.query(
      `SELECT l.step_key, t.assignee_organisation_id, l.responsibility_gap, l.gap_reason FROM runbook_task_link l JOIN incident_task t ON t.id = l.task_id WHERE l.task_id = ANY($1::uuid[]) ORDER BY l.position, t.assignee_organisation_id`,
      [applied.applyRunbook.taskIds],
    );
    expect(rows.map((r: any) => [r.step_key, r.assignee_organisation_id, r.responsibility_gap])).toEqual(
      [
        ['contain', pay.id, false],
        ['contain', vendor.id, false],
        ['escalate', null, true],
        ['report', city.id, false],
      ].sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)),
    );
    expect(rows.find((r: any) => r.step_key === 'escalate').gap_reason).toMatch(/CONSULTED/);
  });

  it('isolation: a stakeholder runbook is its owner’s and the city’s; drafts likewise; other organisations get NOT_FOUND', async () => {
    const created = await t.gqlOk(
      `mutation($input: CreateRunbookInput!) { createRunbook(input: $input) { id draft { id } } }`,
      { input: { scope: 'STAKEHOLDER', content: { ...CONTENT, titleEn: 'Private procedure' } } },
      payStaff,
    );
    const { id, draft } = created.createRunbook;
    const get = (token: string) =>
      t.gql(`query($id: ID!) { runbook(id: $id) { id draft { id } } }`, { id }, token);
    expect((await get(payViewer)).data.runbook).toEqual({ id, draft: { id: draft.id } });
    expect((await get(coordinator)).data.runbook).toEqual({ id, draft: { id: draft.id } });
    expect((await get(otherStaff)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await t.gqlOk(
      `{ runbooks(page: { first: 100 }) { edges { node { id ownerOrganisationId } } } }`,
      {},
      otherStaff,
    );
    expect(list.runbooks.edges.filter((e: any) => e.node.ownerOrganisationId === pay.id)).toEqual([]);
    const before = await databaseDigest(t.dataSource);
    for (const [document, variables] of [
      [`mutation($id: ID!) { publishRunbook(runbookId: $id) { id } }`, { id }],
      [
        `mutation($id: ID!, $input: RunbookContentInput!) { updateRunbookVersion(id: $id, input: $input) { id } }`,
        { id: draft.id, input: CONTENT },
      ],
      [`mutation($id: ID!) { copyRunbook(runbookId: $id, input: { scope: STAKEHOLDER }) { id } }`, { id }],
      [`mutation($id: ID!) { retireRunbook(runbookId: $id) { id } }`, { id }],
    ] as const) {
      const result = await t.gql(document, variables, otherStaff);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    // A city-wide runbook is the promotion body’s: stakeholders cannot write one or change an example.
    const cityWide = await t.gql(
      `mutation($input: CreateRunbookInput!) { createRunbook(input: $input) { id } }`,
      { input: { scope: 'CITY_WIDE', content: CONTENT } },
      payStaff,
    );
    expect(cityWide.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const example = await t.gql(
      `mutation($id: ID!) { createRunbookDraft(runbookId: $id) { id } }`,
      { id: examples['ddos-resident-service'].id },
      coordinator,
    );
    expect(example.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Applying needs an incident one may see and manage.
    const apply = await t.gql(
      `mutation($i: ID!, $v: ID!) { applyRunbook(incidentId: $i, runbookVersionId: $v) { id } }`,
      { i: incident.id, v: examples['ddos-resident-service'].versionId },
      otherStaff,
    );
    expect(apply.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const suggestions = await t.gql(
      `query($id: ID!) { suggestedRunbooks(incidentId: $id) { score } }`,
      { id: incident.id },
      otherStaff,
    );
    expect(suggestions.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it('lessons learned: a finding becomes a proposed change in a new draft of the city’s runbook; the owner tracks its action to done', async () => {
    const copy = await t.gqlOk(
      `mutation($id: ID!) { copyRunbook(runbookId: $id, input: { scope: CITY_WIDE }) { id copiedFromRunbookId ownerOrganisationId } }`,
      { id: examples['personal-data-leak'].id },
      coordinator,
    );
    expect(copy.copyRunbook).toMatchObject({
      copiedFromRunbookId: examples['personal-data-leak'].id,
      ownerOrganisationId: city.id,
    });
    const runbookId = copy.copyRunbook.id;
    const published = await t.gqlOk(
      `mutation($id: ID!) { publishRunbook(runbookId: $id) { currentVersionId } }`,
      { id: runbookId },
      coordinator,
    );
    await t.gqlOk(
      `mutation($id: ID!, $input: SaveReviewInput!) { savePostIncidentReview(incidentId: $id, input: $input) { id status } }`,
      {
        id: incident.id,
        input: {
          summary: 'パスワードリスト攻撃',
          wentWell: 'SOC detected it in minutes',
          wentBadly: 'Subjects were notified late',
        },
      },
      coordinator,
    );
    // An example runbook is never changed in place: a finding must name the city's own copy.
    const onExample = await t.gql(
      `mutation($id: ID!, $input: AddFindingInput!) { addReviewFinding(incidentId: $id, input: $input) { id } }`,
      {
        id: incident.id,
        input: {
          finding: 'The example misses a step',
          actionKind: 'UPDATE_RUNBOOK_STEP',
          runbookId: examples['personal-data-leak'].id,
          stepKey: 'notify-subjects',
          proposedChange: 'Add it',
          ownerOrganisationId: pay.id,
        },
      },
      coordinator,
    );
    expect(onExample.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.runbookId',
    });
    const added = await t.gqlOk(
      `mutation($id: ID!, $input: AddFindingInput!) { addReviewFinding(incidentId: $id, input: $input) { id status proposedVersionId } }`,
      {
        id: incident.id,
        input: {
          finding: 'Notifying 2,000 people by post took a week',
          actionKind: 'UPDATE_RUNBOOK_STEP',
          runbookId,
          stepKey: 'notify-subjects',
          proposedChange: 'Prepare the notice text and the mailing list before the preliminary report.',
          ownerOrganisationId: pay.id,
          dueAt: '2026-06-30T00:00:00Z',
        },
      },
      coordinator,
    );
    const findingId = added.addReviewFinding.id;
    const proposed = await t.gqlOk(
      `mutation($id: ID!) { proposeRunbookChange(findingId: $id) { id number status basedOnVersionId } }`,
      { id: findingId },
      coordinator,
    );
    expect(proposed.proposeRunbookChange).toMatchObject({
      number: 2,
      status: 'DRAFT',
      basedOnVersionId: published.publishRunbook.currentVersionId,
    });
    const runbook = await t.gqlOk(
      `query($id: ID!) { runbook(id: $id) { ${RUNBOOK_FIELDS} } }`,
      { id: runbookId },
      coordinator,
    );
    const step = runbook.runbook.draft.steps.find((s: any) => s.key === 'notify-subjects');
    expect(step.instructionsEn).toContain(
      '> Prepare the notice text and the mailing list before the preliminary report.',
    );
    expect(step.instructionsJa).toContain(incident.reference);
    expect(runbook.runbook.currentVersion.number).toBe(1);

    // The owner (pay) moves its action to done; another organisation cannot touch it.
    const foreign = await t.gql(
      `mutation($id: ID!) { updateReviewFinding(id: $id, input: { status: DONE }) { id } }`,
      { id: findingId },
      otherStaff,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const done = await t.gqlOk(
      `mutation($id: ID!) { updateReviewFinding(id: $id, input: { status: DONE }) { status doneAt proposedVersionId } }`,
      { id: findingId },
      payStaff,
    );
    expect(done.updateReviewFinding).toMatchObject({
      status: 'DONE',
      proposedVersionId: proposed.proposeRunbookChange.id,
    });
    expect(done.updateReviewFinding.doneAt).toEqual(expect.any(String));
    const reassign = await t.gql(
      `mutation($id: ID!, $o: ID!) { updateReviewFinding(id: $id, input: { ownerOrganisationId: $o }) { id } }`,
      { id: findingId, o: vendor.id },
      payStaff,
    );
    expect(reassign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const completed = await t.gqlOk(
      `mutation($id: ID!) { savePostIncidentReview(incidentId: $id, input: { completed: true }) { status completedAt } }`,
      { id: incident.id },
      coordinator,
    );
    expect(completed.savePostIncidentReview.status).toBe('COMPLETED');
    const read = await t.gqlOk(
      `query($id: ID!) { incident(id: $id) { postIncidentReview { status findings { id status } } } }`,
      { id: incident.id },
      payViewer,
    );
    expect(read.incident.postIncidentReview).toEqual({
      status: 'COMPLETED',
      findings: [{ id: findingId, status: 'DONE' }],
    });
  });
});

describe('runbooks in the demo city', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoCity(t.dataSource, { passwordHash: hashPassword });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('applies the city’s copy of the personal data example and MinatoPay’s own runbook to INC-2026-0002, and reviews INC-2026-0001', async () => {
    const token = await t.login('coordinator@minato-city.example.jp', DEMO_PASSWORD);
    const data = await t.gqlOk(
      `{ leak: incident(reference: "INC-2026-0002") {
           personalDataInvolved
           appliedRunbooks { runbookId version { titleJa status } taskIds }
           tasks { runbookStep { stepKey responsibilityGap } }
         }
         closed: incident(reference: "INC-2026-0001") {
           status postIncidentReview { status findings { actionKind status } }
         }
         runbooks(filter: { isExample: false }) { edges { node { scope copiedFromRunbookId ownerOrganisation { nameEn } } } } }`,
      {},
      token,
    );
    expect(data.leak.personalDataInvolved).toBe(true);
    expect(data.leak.appliedRunbooks.map((a: any) => a.version.titleJa)).toEqual([
      '個人データの漏えい等への対応（個人情報保護法第26条の報告を含む）',
      '住民ポータル：アカウント乗っ取り時の利用者保護手順',
    ]);
    const linked = data.leak.tasks.filter((task: any) => task.runbookStep);
    expect(linked.length).toBe(
      data.leak.appliedRunbooks.reduce((n: number, a: any) => n + a.taskIds.length, 0),
    );
    expect(linked.map((task: any) => task.runbookStep.stepKey)).toEqual(
      expect.arrayContaining(['ppc-preliminary', 'lock-accounts']),
    );
    expect(data.closed.status).toBe('CLOSED');
    expect(data.closed.postIncidentReview.status).toBe('COMPLETED');
    expect(data.closed.postIncidentReview.findings.map((f: any) => f.actionKind).sort()).toEqual([
      'ADD_DRILL_SCENARIO',
      'ADD_RESPONSIBILITY',
      'FIX_CONTACT',
    ]);
    expect(
      data.runbooks.edges
        .map((e: any) => [e.node.scope, e.node.ownerOrganisation.nameEn, Boolean(e.node.copiedFromRunbookId)])
        .sort(),
    ).toEqual([
      ['CITY_WIDE', 'Minato City Smart City Promotion Office', true],
      ['STAKEHOLDER', 'MinatoPay Inc.', false],
    ]);
  });
});
