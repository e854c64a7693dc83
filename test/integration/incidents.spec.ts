import { PlatformRole } from '@renkei/core/context/actor';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

const REPORT = `mutation($input: ReportIncidentInput!) {
  reportIncident(input: $input) {
    deduplicated
    incident { id reference status version occurrenceCount participants { organisation { id } duties source } components { id } }
  }
}`;

describe('incident register', () => {
  let t: TestApp;
  let f: Fixtures;
  let responder: string;
  let promotion: { id: string };
  let vendor: { id: string };
  let provider: { id: string };
  let cityOs: { id: string };
  let gateway: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    promotion = city;
    vendor = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    provider = await f.organisation();
    cityOs = await f.component({ nameJa: '都市OS' });
    gateway = await f.component({ nameJa: 'APIゲートウェイ', parentId: cityOs.id });
    await f.assign(cityOs as never, vendor as never, Duty.RESPONSIBLE);
    await f.assign(cityOs as never, city, Duty.ACCOUNTABLE);
    await f.assign(gateway as never, provider as never, Duty.INFORMED);
    const user = await f.user(city, PlatformRole.RESPONDER);
    responder = await t.login(user.email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('derives participants from the map, with duties inherited from parent components', async () => {
    const data = await t.gqlOk(
      REPORT,
      {
        input: {
          title: 'API ゲートウェイへの不正ログイン',
          severity: 'SEV1',
          category: 'UNAUTHORIZED_ACCESS',
          componentIds: [gateway.id],
        },
      },
      responder,
    );
    const incident = data.reportIncident.incident;
    expect(incident.reference).toMatch(/^INC-\d{4}-\d{4}$/);
    expect(incident.status).toBe('NEW');
    const byOrg = Object.fromEntries(incident.participants.map((p: any) => [p.organisation.id, p]));
    expect(byOrg[vendor.id].duties).toEqual(['RESPONSIBLE']);
    expect(byOrg[promotion.id].duties).toEqual(['ACCOUNTABLE']);
    expect(byOrg[provider.id].duties).toEqual(['INFORMED']);
    expect(byOrg[vendor.id].source).toBe('MAP');
    const [audit] = await t.dataSource.query(
      `SELECT data FROM audit_event WHERE entity_id = $1 AND action = 'incident.reported'`,
      [incident.id],
    );
    expect(audit.data).toMatchObject({ reference: incident.reference, severity: 'SEV1' });
  });

  it('numbers incidents sequentially and uniquely under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.gqlOk(REPORT, { input: { title: `並行 ${i}`, severity: 'SEV4', category: 'OTHER' } }, responder),
      ),
    );
    const numbers = results
      .map((r) => Number(r.reportIncident.incident.reference.split('-')[2]))
      .sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers[19] - numbers[0]).toBe(19);
  });

  it('is idempotent with a dedupKey, also when the same key arrives concurrently', async () => {
    const input = {
      title: 'SOC alert 42',
      severity: 'SEV3',
      category: 'MALWARE',
      dedupKey: `soc-${Date.now()}`,
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => t.gqlOk(REPORT, { input }, responder)));
    const ids = new Set(results.map((r) => r.reportIncident.incident.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.reportIncident.deduplicated)).toHaveLength(1);
    const [id] = [...ids];
    const data = await t.gqlOk(
      `query($id: ID!) { incident(id: $id) { occurrenceCount timeline { totalCount edges { node { kind } } } } }`,
      { id },
      responder,
    );
    expect(data.incident.occurrenceCount).toBe(5);
    expect(
      data.incident.timeline.edges.map((e: any) => e.node.kind).filter((k: string) => k === 'OCCURRENCE'),
    ).toHaveLength(4);
  });

  it('enforces the lifecycle, stamps each phase and records every change on the timeline', async () => {
    const { reportIncident } = await t.gqlOk(
      REPORT,
      { input: { title: 'ライフサイクル', severity: 'SEV2', category: 'DENIAL_OF_SERVICE' } },
      responder,
    );
    const id = reportIncident.incident.id;
    const move = (status: string) =>
      t.gql(
        `mutation($id: ID!, $input: TransitionIncidentInput!) { transitionIncident(id: $id, input: $input) { status triagedAt respondingAt closedAt reopenedAt allowedTransitions } }`,
        { id, input: { status } },
        responder,
      );
    const skip = await move('CONTAINED');
    expect(skip.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(skip.errors?.[0].extensions?.field).toBe('input.status');
    for (const status of ['TRIAGED', 'RESPONDING', 'CONTAINED', 'RECOVERING', 'RESOLVED', 'CLOSED']) {
      const result = await move(status);
      expect(result.errors).toBeUndefined();
      expect(result.data.transitionIncident.status).toBe(status);
    }
    const reopened = await move('RESPONDING');
    expect(reopened.data.transitionIncident.reopenedAt).not.toBeNull();
    expect(reopened.data.transitionIncident.closedAt).toBeNull();
    const data = await t.gqlOk(
      `query($id: ID!) { incident(id: $id) { timeline(page: { first: 50 }) { edges { node { kind data } } } } }`,
      { id },
      responder,
    );
    const kinds = data.incident.timeline.edges.map((e: any) => e.node.kind);
    expect(kinds[0]).toBe('REPORTED');
    expect(kinds.filter((k: string) => k === 'STATUS_CHANGED')).toHaveLength(7);
  });

  it('refuses a timeline edit in the database itself (append-only)', async () => {
    await expect(
      t.dataSource.query(`UPDATE incident_timeline_entry SET message = 'rewritten'`),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM incident_timeline_entry`)).rejects.toThrow(/append-only/);
  });

  it('finds incidents by Japanese text, status and component, paging with cursors', async () => {
    await t.gqlOk(
      REPORT,
      {
        input: {
          title: '冠水センサーの異常値',
          severity: 'SEV2',
          category: 'DATA_INTEGRITY',
          componentIds: [cityOs.id],
        },
      },
      responder,
    );
    const found = await t.gqlOk(
      `{ incidents(filter: { text: "冠水センサー" }) { totalCount edges { node { title } } } }`,
      {},
      responder,
    );
    expect(found.incidents.totalCount).toBe(1);
    expect(found.incidents.edges[0].node.title).toBe('冠水センサーの異常値');
    const byComponent = await t.gqlOk(
      `query($c: ID!) { incidents(filter: { componentId: $c }) { totalCount } }`,
      { c: cityOs.id },
      responder,
    );
    expect(byComponent.incidents.totalCount).toBe(1);
    const seen = new Set<string>();
    let after: string | null = null;
    for (let pageNo = 0; pageNo < 20; pageNo += 1) {
      const page: any = await t.gqlOk(
        `query($after: String) { incidents(page: { first: 7, after: $after }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { after },
        responder,
      );
      page.incidents.edges.forEach((e: any) => seen.add(e.node.id));
      if (!page.incidents.pageInfo.hasNextPage) {
        expect(seen.size).toBe(page.incidents.totalCount);
        break;
      }
      after = page.incidents.pageInfo.endCursor;
    }
    const tooBig = await t.gql(`{ incidents(page: { first: 5000 }) { totalCount } }`, {}, responder);
    expect(tooBig.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets every organisation read a GREEN incident but only participants change it', async () => {
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: '共有の注意喚起',
          severity: 'SEV4',
          category: 'PHISHING',
          tlp: 'GREEN',
          componentIds: [cityOs.id],
        },
      },
      responder,
    );
    const id = reportIncident.incident.id;
    const outsiderOrg = await f.organisation();
    const outsider = await t.login((await f.user(outsiderOrg, PlatformRole.RESPONDER)).email, PASSWORD);
    const read = await t.gqlOk(`query($id: ID!) { incident(id: $id) { id tlp } }`, { id }, outsider);
    expect(read.incident.tlp).toBe('GREEN');
    const before = await databaseDigest(t.dataSource);
    const write = await t.gql(
      `mutation($id: ID!) { updateIncident(id: $id, input: { tlp: RED }) { id } }`,
      { id },
      outsider,
    );
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const note = await t.gql(
      `mutation($id: ID!) { addIncidentNote(id: $id, input: { message: "x" }) { id } }`,
      { id },
      outsider,
    );
    expect(note.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it('rejects bad reports with the field named and changes nothing', async () => {
    const before = await databaseDigest(t.dataSource);
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '  ', severity: 'SEV1', category: 'OTHER' }, 'input.title'],
      [
        {
          title: 'x',
          severity: 'SEV1',
          category: 'OTHER',
          componentIds: ['00000000-0000-4000-8000-000000000000'],
        },
        'input.componentIds',
      ],
      [{ title: 'x', severity: 'SEV1', category: 'OTHER', incidentTypeId: 'INC-99' }, 'input.incidentTypeId'],
      [{ title: 'x', severity: 'SEV1', category: 'OTHER', detectedAt: 'yesterday' }, 'input.detectedAt'],
    ];
    for (const [input, field] of cases) {
      const result = await t.gql(REPORT, { input }, responder);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });
});
