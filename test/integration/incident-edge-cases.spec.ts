import { PlatformRole } from '@renkei/core/context/actor';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { deduplicated incident { id reference components { id } } } }`;
const MOVE = `mutation($id: ID!, $status: IncidentStatus!) { transitionIncident(id: $id, input: { status: $status }) { status } }`;

describe('incident edge cases', () => {
  let t: TestApp;
  let f: Fixtures;
  let responder: string;
  let stakeholder: string;
  let ownComponent: { id: string };
  let childOfOwn: { id: string };
  let foreignComponent: { id: string };
  let organisationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t.dataSource);
    const provider = await f.organisation();
    const other = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    organisationId = provider.id;
    ownComponent = await f.component();
    childOfOwn = await f.component({ parentId: ownComponent.id });
    foreignComponent = await f.component();
    await f.assign(ownComponent as never, provider, Duty.RESPONSIBLE);
    await f.assign(foreignComponent as never, other, Duty.RESPONSIBLE);
    responder = await t.login((await f.user(provider, PlatformRole.RESPONDER)).email, PASSWORD);
    stakeholder = await t.login((await f.user(provider, PlatformRole.STAKEHOLDER)).email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lets a reporter name the components its organisation is involved in (children included) and no others', async () => {
    const ok = await t.gqlOk(
      REPORT,
      {
        input: { title: '自組織の部品', severity: 'SEV3', category: 'OTHER', componentIds: [childOfOwn.id] },
      },
      stakeholder,
    );
    expect(ok.reportIncident.incident.components.map((c: any) => c.id)).toEqual([childOfOwn.id]);
    const before = await databaseDigest(t.dataSource);
    const foreign = await t.gql(
      REPORT,
      {
        input: {
          title: '他組織の部品',
          severity: 'SEV3',
          category: 'OTHER',
          componentIds: [foreignComponent.id],
        },
      },
      stakeholder,
    );
    // Answered exactly like an unknown id: reporting does not reveal what exists elsewhere.
    expect(foreign.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.componentIds',
    });
    expect(foreign.errors?.[0].message).toBe(`Component ${foreignComponent.id} does not exist`);
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it('refuses to reopen an incident whose dedupKey another open incident now uses, with a CONFLICT', async () => {
    const input = { title: 'SOC 重複', severity: 'SEV4', category: 'OTHER', dedupKey: `reuse-${Date.now()}` };
    const first = (await t.gqlOk(REPORT, { input }, responder)).reportIncident.incident.id;
    for (const status of ['TRIAGED', 'RESOLVED', 'CLOSED'])
      await t.gqlOk(MOVE, { id: first, status }, responder);
    const second = await t.gqlOk(REPORT, { input }, responder);
    expect(second.reportIncident.deduplicated).toBe(false);
    const reopen = await t.gql(MOVE, { id: first, status: 'RESPONDING' }, responder);
    expect(reopen.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.status' });
  });

  it('refuses null for required fields, and clears a task due time with null', async () => {
    const { reportIncident } = await t.gqlOk(
      REPORT,
      { input: { title: 'null 検査', severity: 'SEV4', category: 'OTHER' } },
      responder,
    );
    const id = reportIncident.incident.id;
    for (const field of ['title', 'severity', 'tlp', 'personalDataInvolved']) {
      const result = await t.gql(
        `mutation($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { id } }`,
        { id, input: { [field]: null } },
        responder,
      );
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: `input.${field}`,
      });
    }
    const task = await t.gqlOk(
      `mutation($id: ID!) { createIncidentTask(incidentId: $id, input: { title: "連絡", dueAt: "2026-12-01T00:00:00Z" }) { id dueAt } }`,
      { id },
      responder,
    );
    const cleared = await t.gqlOk(
      `mutation($id: ID!) { updateIncidentTask(id: $id, input: { dueAt: null }) { dueAt } }`,
      { id: task.createIncidentTask.id },
      responder,
    );
    expect(cleared.updateIncidentTask.dueAt).toBeNull();
  });

  it('answers a forged page cursor with BAD_USER_INPUT', async () => {
    const forged = Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 'not-a-uuid'])).toString('base64url');
    const result = await t.gql(
      `query($after: String) { incidents(page: { after: $after }) { totalCount } }`,
      { after: forged },
      responder,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'page.after' });
  });

  it('does not let an API key report a TLP:RED incident no person could see', async () => {
    const admin = await t.login(
      (
        await f.user(
          await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] }),
          PlatformRole.ADMIN,
        )
      ).email,
      PASSWORD,
    );
    const key = await t.gqlOk(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { name: 'SOC', organisationId, role: 'RESPONDER' } },
      admin,
    );
    const result = await t.gql(
      REPORT,
      { input: { title: 'RED', severity: 'SEV1', category: 'OTHER', tlp: 'RED' } },
      key.createApiKey.secret,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tlp' });
  });
});
