import { randomBytes } from 'node:crypto';
import { PlatformRole } from '@renkei/core/context/actor';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

const EVENTS = `query($filter: AuditFilter, $page: PageInput) {
  auditEvents(filter: $filter, page: $page) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { sequence action entityType entityId actorKind actorId actorName organisationId requestId data previousHash hash occurredAt } }
  }
}`;
const VERIFY = `{ verifyAuditChain { valid checked brokenAtSequence reason } }`;
const CREATE_ORGANISATION = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id nameJa } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { contact { id } } }`;
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference } } }`;

const unique = () => randomBytes(4).toString('hex');

describe('audit log', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: string;
  let adminId: string;
  let coordinator: string;
  let responder: string;

  /** Every event matching the filter, newest first. */
  const events = async (filter: Record<string, unknown> = {}) => {
    const data = await t.gqlOk(EVENTS, { filter, page: { first: 100 } }, admin);
    return data.auditEvents.edges.map((edge: any) => edge.node);
  };

  /** Runs `sql` on the audit table with its append-only trigger switched off, as a superuser could. */
  const asSuperuser = async (sql: string, parameters: unknown[] = []) => {
    await t.dataSource.transaction(async (manager) => {
      await manager.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
      await manager.query(sql, parameters);
      await manager.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    });
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const adminUser = await f.user(city, PlatformRole.ADMIN);
    adminId = adminUser.id;
    admin = await t.login(adminUser.email, PASSWORD);
    coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    responder = await t.login((await f.user(city, PlatformRole.RESPONDER)).email, PASSWORD);
    // Enough events for the tampering tests below (sequences 2 to 4), whichever tests run.
    for (const nameEn of ['Setup One', 'Setup Two']) {
      await t.gqlOk(
        CREATE_ORGANISATION,
        { input: { nameJa: `${nameEn}-${unique()}`, nameEn, guidelineRoles: ['SERVICE_USER'] } },
        admin,
      );
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('records every mutation with its actor and entity', async () => {
    const { createOrganisation } = await t.gqlOk(
      CREATE_ORGANISATION,
      { input: { nameJa: `監査組織-${unique()}`, nameEn: 'Audited Org', guidelineRoles: ['DATA_PROVIDER'] } },
      admin,
    );
    const { createContact } = await t.gqlOk(
      CREATE_CONTACT,
      {
        input: {
          organisationId: createOrganisation.id,
          type: 'FUNCTION',
          kind: 'INCIDENT_WINDOW',
          name: '受付窓口',
          email: 'desk@audited.example.jp',
        },
      },
      admin,
    );
    const { reportIncident } = await t.gqlOk(
      REPORT,
      { input: { title: '監査テスト', severity: 'SEV3', category: 'OTHER' } },
      admin,
    );

    const [organisationEvent] = await events({
      entityId: createOrganisation.id,
      action: 'organisation.created',
    });
    expect(organisationEvent).toMatchObject({
      action: 'organisation.created',
      entityType: 'organisation',
      entityId: createOrganisation.id,
      organisationId: createOrganisation.id,
      actorKind: 'user',
      actorId: adminId,
    });
    expect(organisationEvent.data).toMatchObject({
      nameJa: createOrganisation.nameJa,
      guidelineRoles: ['DATA_PROVIDER'],
    });

    const [contactEvent] = await events({ entityId: createContact.contact.id });
    expect(contactEvent).toMatchObject({
      action: 'contact.created',
      entityType: 'contact',
      organisationId: createOrganisation.id,
      actorId: adminId,
    });

    const [incidentEvent] = await events({
      entityId: reportIncident.incident.id,
      action: 'incident.reported',
    });
    expect(incidentEvent).toMatchObject({ action: 'incident.reported', actorId: adminId });
  });

  it('echoes the caller’s X-Request-Id and audits the request', async () => {
    const requestId = `req-${unique()}`;
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({
        query: CREATE_ORGANISATION,
        variables: {
          input: {
            nameJa: `要求ID組織-${unique()}`,
            nameEn: 'Request Id Org',
            guidelineRoles: ['SERVICE_USER'],
          },
        },
      }),
    });
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const [event] = await events({ entityId: body.data.createOrganisation.id });
    expect(event.action).toBe('organisation.created');
  });

  it('records the caller’s X-Request-Id on the audit event, and a fresh id per request otherwise', async () => {
    const requestId = `req-${unique()}`;
    const create = (headers: Record<string, string>) =>
      fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers },
        body: JSON.stringify({
          query: CREATE_ORGANISATION,
          variables: {
            input: { nameJa: `要求ID-${unique()}`, nameEn: 'Request Id', guidelineRoles: ['SERVICE_USER'] },
          },
        }),
      }).then((response) => response.json() as Promise<any>);
    const named = await create({ 'x-request-id': requestId });
    const [namedEvent] = await events({ entityId: named.data.createOrganisation.id });
    expect(namedEvent.requestId).toBe(requestId);
    const first = await create({});
    const second = await create({});
    const [a] = await events({ entityId: first.data.createOrganisation.id });
    const [b] = await events({ entityId: second.data.createOrganisation.id });
    expect(a.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.requestId).not.toBe(b.requestId);
  });

  it('records logins and API key creation as well', async () => {
    const city = await f.organisation();
    const user = await f.user(city, PlatformRole.VIEWER);
    await t.login(user.email, PASSWORD);
    const logins = await events({ entityId: user.id, action: 'user.login' });
    expect(logins).toHaveLength(1);
    expect(logins[0]).toMatchObject({ entityType: 'user', actorId: user.id, organisationId: city.id });

    const { createApiKey } = await t.gqlOk(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`,
      { input: { name: 'SOC feed', organisationId: city.id, role: 'RESPONDER' } },
      admin,
    );
    const [keyEvent] = await events({ entityId: createApiKey.apiKey.id });
    expect(keyEvent.action).toBe('api_key.created');
    // The secret never reaches the audit log.
    expect(JSON.stringify(keyEvent)).not.toContain(createApiKey.secret.split('_')[2]);
  });

  it('leaves exactly one event of the right kind for each change', async () => {
    const org = await f.organisation();
    const other = await f.organisation();
    const ids: Record<string, string> = {};
    const steps: [string, () => Promise<string>][] = [
      [
        'organisation.updated',
        async () =>
          (
            await t.gqlOk(
              `mutation($id: ID!) { updateOrganisation(id: $id, input: { description: "更新" }) { id } }`,
              { id: org.id },
              admin,
            )
          ).updateOrganisation.id,
      ],
      [
        'relationship.created',
        async () =>
          (
            await t.gqlOk(
              `mutation($input: CreateRelationshipInput!) { createOrganisationRelationship(input: $input) { id } }`,
              {
                input: {
                  kind: 'OUTSOURCING',
                  clientOrganisationId: org.id,
                  contractorOrganisationId: other.id,
                },
              },
              admin,
            )
          ).createOrganisationRelationship.id,
      ],
      [
        'contact.created',
        async () =>
          (ids.contact = (
            await t.gqlOk(
              CREATE_CONTACT,
              {
                input: {
                  organisationId: org.id,
                  type: 'FUNCTION',
                  kind: 'EMERGENCY',
                  name: '緊急',
                  email: 'sos@example.jp',
                },
              },
              admin,
            )
          ).createContact.contact.id),
      ],
      [
        'contact.updated',
        async () =>
          (
            await t.gqlOk(
              `mutation($id: ID!) { updateContact(id: $id, input: { name: "緊急窓口" }) { contact { id } } }`,
              { id: ids.contact },
              admin,
            )
          ).updateContact.contact.id,
      ],
      [
        'contact.verified',
        async () =>
          (await t.gqlOk(`mutation($id: ID!) { verifyContact(id: $id) { id } }`, { id: ids.contact }, admin))
            .verifyContact.id,
      ],
      [
        'component.created',
        async () =>
          (ids.component = (
            await t.gqlOk(
              `mutation { createComponent(input: { nameJa: "監査部品-${unique()}", nameEn: "Audited", category: SERVICE, kind: SERVICE }) { id } }`,
              {},
              admin,
            )
          ).createComponent.id),
      ],
      [
        'assignment.created',
        async () =>
          (
            await t.gqlOk(
              `mutation($c: ID!, $o: ID!) { assignResponsibility(input: { componentId: $c, organisationId: $o, duty: RESPONSIBLE }) { id } }`,
              { c: ids.component, o: org.id },
              admin,
            )
          ).assignResponsibility.id,
      ],
      [
        'mfa_policy.updated',
        async () =>
          (await t.gqlOk(`mutation { setMfaRequirement(role: VIEWER, required: false) { role } }`, {}, admin))
            .setMfaRequirement.role,
      ],
      [
        'contact.deleted',
        async () =>
          (await t.gqlOk(`mutation($id: ID!) { deleteContact(id: $id) }`, { id: ids.contact }, admin))
            .deleteContact
            ? ids.contact
            : '',
      ],
    ];
    for (const [action, step] of steps) {
      const before = (await t.gqlOk(`{ auditEvents { totalCount } }`, {}, admin)).auditEvents.totalCount;
      const entityId = await step();
      const latest = (await t.gqlOk(EVENTS, { page: { first: 2 } }, admin)).auditEvents;
      expect({ action, added: latest.totalCount - before }).toEqual({ action, added: 1 });
      expect(latest.edges[0].node).toMatchObject({ action, entityId, actorKind: 'user', actorId: adminId });
    }
  });

  it('attributes changes made with an API key to the key', async () => {
    const { createApiKey } = await t.gqlOk(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id organisationId } secret } }`,
      { input: { name: 'SOAR', organisationId: (await f.organisation()).id, role: 'RESPONDER' } },
      admin,
    );
    const { reportIncident } = await t.gqlOk(
      REPORT,
      { input: { title: 'API キーからの報告', severity: 'SEV4', category: 'OTHER' } },
      createApiKey.secret,
    );
    const [event] = await events({ entityId: reportIncident.incident.id, action: 'incident.reported' });
    expect(event).toMatchObject({
      actorKind: 'apiKey',
      actorId: createApiKey.apiKey.id,
      actorName: 'API key SOAR',
      organisationId: createApiKey.apiKey.organisationId,
    });
  });

  it('writes no event for a mutation that fails', async () => {
    const before = await databaseDigest(t.dataSource);
    const result = await t.gql(
      CREATE_CONTACT,
      {
        input: {
          organisationId: '00000000-0000-4000-8000-000000000000',
          type: 'FUNCTION',
          kind: 'EMERGENCY',
          name: 'x',
          email: 'x@example.jp',
        },
      },
      admin,
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.organisationId',
    });
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it('pages through the log newest first without gaps or repeats', async () => {
    const all: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let pageNo = 0; pageNo < 50; pageNo += 1) {
      const data: any = await t.gqlOk(EVENTS, { page: { first: 3, after } }, admin);
      totalCount = data.auditEvents.totalCount;
      all.push(...data.auditEvents.edges.map((edge: any) => edge.node.sequence));
      if (!data.auditEvents.pageInfo.hasNextPage) break;
      after = data.auditEvents.pageInfo.endCursor;
    }
    expect(totalCount).toBeGreaterThanOrEqual(5);
    expect(all).toHaveLength(totalCount);
    const numbers = all.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(numbers.at(-1)).toBe(1);
    expect(numbers[0]).toBe(totalCount);
  });

  it('is refused to anyone but administrators', async () => {
    for (const token of [coordinator, responder]) {
      const list = await t.gql(EVENTS, {}, token);
      expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(list.data).toBeNull();
      const verify = await t.gql(VERIFY, {}, token);
      expect(verify.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await t.gql(EVENTS, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses edits in the database itself (append-only)', async () => {
    await expect(
      t.dataSource.query(`UPDATE audit_event SET action = 'rewritten' WHERE sequence = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_event WHERE sequence = 1`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('verifies the whole chain', async () => {
    const data = await t.gqlOk(VERIFY, {}, admin);
    const { auditEvents } = await t.gqlOk(`{ auditEvents { totalCount } }`, {}, admin);
    expect(data.verifyAuditChain).toEqual({
      valid: true,
      checked: auditEvents.totalCount,
      brokenAtSequence: null,
      reason: null,
    });
    expect(auditEvents.totalCount).toBeGreaterThan(3);
  });

  it('detects an event whose content was changed behind its back', async () => {
    const [original] = await t.dataSource.query(`SELECT data FROM audit_event WHERE sequence = 3`);
    await asSuperuser(`UPDATE audit_event SET data = '{"x":1}' WHERE sequence = 3`);
    try {
      const { verifyAuditChain } = await t.gqlOk(VERIFY, {}, admin);
      expect(verifyAuditChain.valid).toBe(false);
      expect(verifyAuditChain.brokenAtSequence).toBe('3');
      expect(verifyAuditChain.checked).toBe(2);
      expect(verifyAuditChain.reason).toMatch(/content/);
    } finally {
      await asSuperuser(`UPDATE audit_event SET data = $1 WHERE sequence = 3`, [
        JSON.stringify(original.data),
      ]);
    }
    // Restoring the original content makes the chain whole again: the check is about content, not a flag.
    expect((await t.gqlOk(VERIFY, {}, admin)).verifyAuditChain.valid).toBe(true);
  });

  it('detects an event whose stored hash was rewritten', async () => {
    const [original] = await t.dataSource.query(`SELECT hash FROM audit_event WHERE sequence = 2`);
    await asSuperuser(`UPDATE audit_event SET hash = $1 WHERE sequence = 2`, ['f'.repeat(64)]);
    try {
      const { verifyAuditChain } = await t.gqlOk(VERIFY, {}, admin);
      expect(verifyAuditChain.valid).toBe(false);
      expect(verifyAuditChain.brokenAtSequence).toBe('2');
    } finally {
      await asSuperuser(`UPDATE audit_event SET hash = $1 WHERE sequence = 2`, [original.hash]);
    }
    expect((await t.gqlOk(VERIFY, {}, admin)).verifyAuditChain.valid).toBe(true);
  });

  it('detects an event deleted from the middle of the chain', async () => {
    const [row] = await t.dataSource.query(`SELECT * FROM audit_event WHERE sequence = 4`);
    await asSuperuser(`DELETE FROM audit_event WHERE sequence = 4`);
    try {
      const { verifyAuditChain } = await t.gqlOk(VERIFY, {}, admin);
      expect(verifyAuditChain.valid).toBe(false);
      expect(verifyAuditChain.brokenAtSequence).toBe('4');
      expect(verifyAuditChain.checked).toBe(3);
      expect(verifyAuditChain.reason).toMatch(/missing/);
    } finally {
      const columns = Object.keys(row);
      await t.dataSource.query(
        `INSERT INTO audit_event (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => (c === 'data' ? JSON.stringify(row[c]) : row[c])),
      );
    }
    expect((await t.gqlOk(VERIFY, {}, admin)).verifyAuditChain.valid).toBe(true);
  });

  it('keeps the chain valid under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.gqlOk(
          CREATE_ORGANISATION,
          {
            input: {
              nameJa: `並行監査${i}-${unique()}`,
              nameEn: `Concurrent ${i}`,
              guidelineRoles: ['SERVICE_USER'],
            },
          },
          admin,
        ),
      ),
    );
    const { verifyAuditChain } = await t.gqlOk(VERIFY, {}, admin);
    expect(verifyAuditChain.valid).toBe(true);
    const [{ count, max }] = await t.dataSource.query(
      `SELECT count(*)::int AS count, max(sequence)::int AS max FROM audit_event`,
    );
    expect(count).toBe(max);
    expect(verifyAuditChain.checked).toBe(count);
  });
});
