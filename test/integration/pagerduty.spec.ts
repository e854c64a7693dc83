import { createHash } from 'node:crypto';
import { EventIntegrationsService } from '@renkei/alerting/integrations/event-integrations.service';
import { Actor, PlatformRole } from '@renkei/core/context/actor';
import { DomainError } from '@renkei/core/errors/domain.errors';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const FIELDS = `id name apiKeyId componentId category tlp routingKeyPrefix createdAt lastEventAt revokedAt`;
const CREATE = `mutation($input: CreateEventIntegrationInput!) {
  createEventIntegration(input: $input) { routingKey integration { ${FIELDS} } }
}`;
const LIST = `{ eventIntegrations { ${FIELDS} } }`;
const REVOKE = `mutation($id: ID!) { revokeEventIntegration(id: $id) { ${FIELDS} } }`;

/**
 * Ingestion from existing tools: a SIEM that can page PagerDuty sends its Events API v2 events to
 * Renkei instead, with a routing key that reports as the SOC's API key against one component.
 */
describe('PagerDuty Events API v2 ingestion', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: string;
  let socResponder: string;
  let soc: OrganisationEntity;
  let vendor: OrganisationEntity;
  let other: OrganisationEntity;
  let gateway: ComponentEntity;
  let unrelated: ComponentEntity;
  let socKeyId: string;
  let otherKeyId: string;
  let routingKey: string;
  let integrationId: string;

  /** POSTs an event as a PagerDuty client would. */
  const send = async (body: unknown, path = '/v2/enqueue') => {
    const response = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const incidentCount = async () =>
    Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM incident`))[0].n);
  const incidentByKey = async (dedupKey: string) =>
    (await t.dataSource.query(`SELECT * FROM incident WHERE dedup_key = $1 ORDER BY reported_at`, [
      dedupKey,
    ])) as Record<string, any>[];

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    soc = await f.organisation({ guidelineRoles: [GuidelineRole.SECURITY_SERVICE_PROVIDER] });
    vendor = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    other = await f.organisation();
    await f.contact(city, ContactKind.INCIDENT_WINDOW);
    await f.contact(soc, ContactKind.INCIDENT_WINDOW);
    await f.contact(vendor, ContactKind.INCIDENT_WINDOW);
    gateway = await f.component({ nameJa: 'APIゲートウェイ' });
    unrelated = await f.component({ nameJa: '別の部品' });
    await f.assign(gateway, vendor, Duty.RESPONSIBLE);
    // The SOC monitors the gateway (so its key may report on it), but not the other component.
    await f.assign(gateway, soc, Duty.CONSULTED);
    await f.assign(unrelated, vendor, Duty.RESPONSIBLE);
    admin = await t.login((await f.user(city, PlatformRole.ADMIN)).email, PASSWORD);
    socResponder = await t.login((await f.user(soc, PlatformRole.RESPONDER)).email, PASSWORD);
    const key = async (organisationId: string, name: string) =>
      (await t.gqlOk(CREATE_KEY, { input: { name, organisationId, role: 'RESPONDER' } }, admin)).createApiKey
        .apiKey.id as string;
    socKeyId = await key(soc.id, 'SOC SIEM');
    otherKeyId = await key(other.id, 'Other tool');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('creates a routing key shown once; only its hash is kept', async () => {
    const { createEventIntegration } = await t.gqlOk(
      CREATE,
      {
        input: {
          name: 'SIEM',
          apiKeyId: socKeyId,
          componentId: gateway.id,
          category: 'UNAUTHORIZED_ACCESS',
        },
      },
      admin,
    );
    routingKey = createEventIntegration.routingKey;
    integrationId = createEventIntegration.integration.id;
    expect(routingKey).toMatch(/^[0-9a-f]{32}$/);
    expect(createEventIntegration.integration).toMatchObject({
      name: 'SIEM',
      apiKeyId: socKeyId,
      componentId: gateway.id,
      category: 'UNAUTHORIZED_ACCESS',
      tlp: 'AMBER',
      routingKeyPrefix: routingKey.slice(0, 8),
      lastEventAt: null,
      revokedAt: null,
    });

    const listed = (await t.gqlOk(LIST, {}, admin)).eventIntegrations;
    expect(listed.map((row: any) => row.id)).toEqual([integrationId]);
    expect(JSON.stringify(listed)).not.toContain(routingKey);
    const [row] = await t.dataSource.query(`SELECT * FROM event_integration WHERE id = $1`, [integrationId]);
    expect(JSON.stringify(row)).not.toContain(routingKey);
    expect(row.routing_key_hash).toBe(createHash('sha256').update(routingKey).digest('hex'));
    const [audit] = await t.dataSource.query(
      `SELECT organisation_id, data FROM audit_event WHERE action = 'event_integration.created' AND entity_id = $1`,
      [integrationId],
    );
    expect(audit).toMatchObject({ organisation_id: soc.id });
    expect(JSON.stringify(audit.data)).not.toContain(routingKey);
  });

  it('refuses RED, components the key’s organisation may not report on, and other organisations’ keys', async () => {
    const before = await databaseDigest(t.dataSource);
    const red = await t.gql(
      CREATE,
      { input: { name: 'x', apiKeyId: socKeyId, componentId: gateway.id, tlp: 'RED' } },
      admin,
    );
    expect(red.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tlp' });
    const foreign = await t.gql(
      CREATE,
      { input: { name: 'x', apiKeyId: socKeyId, componentId: unrelated.id } },
      admin,
    );
    expect(foreign.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.componentId',
    });

    // A SOC responder manages no keys at all (API_KEY_MANAGE)…
    const asResponder = await t.gql(
      CREATE,
      { input: { name: 'x', apiKeyId: otherKeyId, componentId: gateway.id } },
      socResponder,
    );
    expect(asResponder.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(LIST, {}, socResponder)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // …and the organisation scope holds in the service too: another organisation's key is not found.
    const service = t.app.get(EventIntegrationsService);
    const outsider: Actor = {
      kind: 'user',
      id: '00000000-0000-4000-8000-000000000001',
      userId: '00000000-0000-4000-8000-000000000001',
      organisationId: soc.id,
      role: PlatformRole.RESPONDER,
      displayName: 'SOC responder',
    };
    const refused = await service
      .create(outsider, { name: 'x', apiKeyId: otherKeyId, componentId: gateway.id })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('NOT_FOUND');
    // An actor of another organisation neither sees nor revokes the SOC's integration.
    const elsewhere: Actor = { ...outsider, organisationId: other.id };
    const revokeForeign = await service.revoke(elsewhere, integrationId).catch((error: unknown) => error);
    expect((revokeForeign as DomainError).code).toBe('NOT_FOUND');
    expect(await service.list(elsewhere)).toEqual([]);
    expect((await service.list(outsider)).map((row) => row.id)).toEqual([integrationId]);
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  });

  it('trigger reports as the API key, alerts the responsible vendor; a repeat is an occurrence', async () => {
    const detectedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const event = {
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: 'siem-rule-42/gw-01',
      payload: {
        summary: 'Brute force against the API gateway admin console',
        source: 'gw-01.city.example',
        severity: 'critical',
        timestamp: detectedAt,
        custom_details: { attempts: 4812, origin: ['198.51.100.7'] },
      },
      client: 'Example SIEM',
      client_url: 'https://siem.example/alerts/42',
    };
    const first = await send(event);
    expect(first).toEqual({
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: 'siem-rule-42/gw-01' },
    });
    const [incident] = await incidentByKey('siem-rule-42/gw-01');
    expect(incident).toMatchObject({
      title: 'Brute force against the API gateway admin console',
      severity: 'SEV1',
      category: 'UNAUTHORIZED_ACCESS',
      tlp: 'AMBER',
      status: 'NEW',
      detection_source: 'AUTOMATED_ALERT',
      reporter_api_key_id: socKeyId,
      reporter_user_id: null,
      reporter_organisation_id: soc.id,
      occurrence_count: 1,
    });
    expect(new Date(incident.detected_at).toISOString()).toBe(detectedAt);
    expect(incident.description).toContain('Source: gw-01.city.example');
    expect(incident.description).toContain('"attempts": 4812');
    const components = await t.dataSource.query(
      `SELECT component_id FROM incident_component WHERE incident_id = $1`,
      [incident.id],
    );
    expect(components).toEqual([{ component_id: gateway.id }]);
    const alerts = await t.dataSource.query(
      `SELECT organisation_id, acknowledgement_required FROM alert WHERE incident_id = $1`,
      [incident.id],
    );
    expect(alerts).toContainEqual({ organisation_id: vendor.id, acknowledgement_required: true });
    const [reported] = await t.dataSource.query(
      `SELECT actor_kind, actor_id FROM audit_event WHERE action = 'incident.reported' AND entity_id = $1`,
      [incident.id],
    );
    expect(reported).toEqual({ actor_kind: 'apiKey', actor_id: socKeyId });

    const again = await send({ ...event, payload: { ...event.payload, severity: 'warning' } });
    expect(again.status).toBe(202);
    expect(again.body.dedup_key).toBe('siem-rule-42/gw-01');
    const rows = await incidentByKey('siem-rule-42/gw-01');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: incident.id, occurrence_count: 2, severity: 'SEV1' });
    const [integration] = (await t.gqlOk(LIST, {}, admin)).eventIntegrations;
    expect(integration.lastEventAt).not.toBeNull();
  });

  it('trigger without a dedup_key gets one; the /integrations path works the same', async () => {
    const { status, body } = await send(
      {
        routing_key: routingKey,
        event_action: 'trigger',
        payload: { summary: 'Certificate expires in 7 days', source: 'cert-monitor', severity: 'info' },
      },
      '/integrations/pagerduty/v2/enqueue',
    );
    expect(status).toBe(202);
    expect(body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    const [incident] = await incidentByKey(body.dedup_key);
    expect(incident).toMatchObject({ severity: 'SEV4', reporter_organisation_id: soc.id });
  });

  it('acknowledge stops the chase for every organisation being chased', async () => {
    const [incident] = await incidentByKey('siem-rule-42/gw-01');
    const chased = await t.dataSource.query(
      `SELECT organisation_id FROM alert_engagement WHERE incident_id = $1 AND acknowledgement_required`,
      [incident.id],
    );
    expect(chased).toEqual([{ organisation_id: vendor.id }]);
    const { status, body } = await send({
      routing_key: routingKey,
      event_action: 'acknowledge',
      dedup_key: 'siem-rule-42/gw-01',
    });
    expect(status).toBe(202);
    expect(body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'siem-rule-42/gw-01' });
    const [engagement] = await t.dataSource.query(
      `SELECT acknowledged_at, acknowledged_via, acknowledged_by_name FROM alert_engagement
        WHERE incident_id = $1 AND organisation_id = $2`,
      [incident.id, vendor.id],
    );
    expect(engagement.acknowledged_at).not.toBeNull();
    expect(engagement).toMatchObject({
      acknowledged_via: 'INTEGRATION',
      acknowledged_by_name: 'SIEM (PagerDuty event)',
    });
    const escalations = await t.dataSource.query(`SELECT state FROM escalation WHERE incident_id = $1`, [
      incident.id,
    ]);
    expect(escalations).toEqual([{ state: 'ACKNOWLEDGED' }]);
    const [timeline] = await t.dataSource.query(
      `SELECT actor_kind, actor_id FROM incident_timeline_entry WHERE incident_id = $1 AND kind = 'ACKNOWLEDGED'`,
      [incident.id],
    );
    expect(timeline).toEqual({ actor_kind: 'apiKey', actor_id: socKeyId });

    // Again, and for a key nobody knows: accepted, nothing changes (PagerDuty semantics).
    const before = await t.dataSource.query(
      `SELECT * FROM alert_engagement ORDER BY incident_id, organisation_id`,
    );
    for (const dedupKey of ['siem-rule-42/gw-01', 'never-sent']) {
      const response = await send({
        routing_key: routingKey,
        event_action: 'acknowledge',
        dedup_key: dedupKey,
      });
      expect(response.status).toBe(202);
    }
    expect(
      await t.dataSource.query(`SELECT * FROM alert_engagement ORDER BY incident_id, organisation_id`),
    ).toEqual(before);
  });

  it('resolve walks the lifecycle to RESOLVED as the API key; a later trigger opens a new incident', async () => {
    const [incident] = await incidentByKey('siem-rule-42/gw-01');
    const unknown = await send({ routing_key: routingKey, event_action: 'resolve', dedup_key: 'never-sent' });
    expect(unknown.status).toBe(202);
    const { status } = await send({
      routing_key: routingKey,
      event_action: 'resolve',
      dedup_key: 'siem-rule-42/gw-01',
    });
    expect(status).toBe(202);
    const [resolved] = await incidentByKey('siem-rule-42/gw-01');
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.triaged_at).not.toBeNull();
    expect(resolved.resolved_at).not.toBeNull();
    const steps = await t.dataSource.query(
      `SELECT data->>'from' AS "from", data->>'to' AS "to", actor_kind FROM incident_timeline_entry
        WHERE incident_id = $1 AND kind = 'STATUS_CHANGED' ORDER BY sequence`,
      [incident.id],
    );
    expect(steps).toEqual([
      { from: 'NEW', to: 'TRIAGED', actor_kind: 'apiKey' },
      { from: 'TRIAGED', to: 'RESOLVED', actor_kind: 'apiKey' },
    ]);

    const reopened = await send({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: 'siem-rule-42/gw-01',
      payload: { summary: 'It is back', source: 'gw-01.city.example', severity: 'error' },
    });
    expect(reopened.status).toBe(202);
    const rows = await incidentByKey('siem-rule-42/gw-01');
    expect(rows.map((row) => [row.status, row.severity])).toEqual([
      ['RESOLVED', 'SEV1'],
      ['NEW', 'SEV2'],
    ]);
  });

  it('refuses invalid events with 400 "invalid event" and changes nothing', async () => {
    const valid = {
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: 'refused',
      payload: { summary: 'Refused', source: 'siem', severity: 'critical' },
    };
    const cases: [string, unknown, string][] = [
      ['bad severity', { ...valid, payload: { ...valid.payload, severity: 'fatal' } }, "'payload.severity'"],
      ['missing summary', { ...valid, payload: { source: 'siem', severity: 'error' } }, "'payload.summary'"],
      [
        'summary too long',
        { ...valid, payload: { ...valid.payload, summary: 'x'.repeat(1025) } },
        "'payload.summary'",
      ],
      ['missing source', { ...valid, payload: { summary: 'x', severity: 'error' } }, "'payload.source'"],
      ['no payload', { ...valid, payload: undefined }, "'payload'"],
      ['bad action', { ...valid, event_action: 'escalate' }, "'event_action'"],
      ['short routing key', { ...valid, routing_key: 'abc' }, "'routing_key'"],
      ['unknown routing key', { ...valid, routing_key: '0'.repeat(32) }, 'Invalid routing key'],
      ['dedup key too long', { ...valid, dedup_key: 'k'.repeat(256) }, "'dedup_key'"],
      ['resolve without dedup key', { routing_key: routingKey, event_action: 'resolve' }, "'dedup_key'"],
      ['not an object', [valid], 'JSON object'],
      [
        'larger than 512 KB',
        { ...valid, payload: { ...valid.payload, custom_details: { blob: 'x'.repeat(600 * 1024) } } },
        '512 KB',
      ],
    ];
    const incidents = await incidentCount();
    const before = await databaseDigest(t.dataSource);
    for (const [name, body, error] of cases) {
      const response = await send(body);
      expect({ name, status: response.status, status_text: response.body.status }).toEqual({
        name,
        status: 400,
        status_text: 'invalid event',
      });
      expect(response.body.errors.join(' ')).toContain(error);
    }
    const malformed = await fetch(`${t.url}/v2/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"routing_key": ',
    });
    // Refused by the JSON parser before the route (Nest's error body, not PagerDuty's): still a 400.
    expect(malformed.status).toBe(400);
    const both = await send({ ...valid, payload: { source: 'siem', severity: 'fatal' } });
    expect(both.body.errors).toHaveLength(2);
    expect(await databaseDigest(t.dataSource)).toEqual(before);
    expect(await incidentCount()).toBe(incidents);
  });

  it('refuses events once the integration or its API key is revoked', async () => {
    const trigger = (key: string) =>
      send({
        routing_key: key,
        event_action: 'trigger',
        payload: { summary: 'After revocation', source: 'siem', severity: 'critical' },
      });
    const second = (
      await t.gqlOk(
        CREATE,
        { input: { name: 'Second SIEM', apiKeyId: socKeyId, componentId: gateway.id, tlp: 'GREEN' } },
        admin,
      )
    ).createEventIntegration;

    const revoked = (await t.gqlOk(REVOKE, { id: integrationId }, admin)).revokeEventIntegration;
    expect(revoked.revokedAt).not.toBeNull();
    const [audit] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'event_integration.revoked' AND entity_id = $1`,
      [integrationId],
    );
    expect(audit.n).toBe(1);
    let incidents = await incidentCount();
    let before = await databaseDigest(t.dataSource);
    const refused = await trigger(routingKey);
    expect(refused).toMatchObject({ status: 400, body: { status: 'invalid event' } });
    expect(refused.body.errors).toEqual(['Invalid routing key']);
    expect(await databaseDigest(t.dataSource)).toEqual(before);

    // The second integration works until its API key is revoked.
    expect((await trigger(second.routingKey)).status).toBe(202);
    expect(await incidentCount()).toBe(incidents + 1);
    await t.gqlOk(REVOKE_KEY, { id: socKeyId }, admin);
    incidents = await incidentCount();
    before = await databaseDigest(t.dataSource);
    const keyRevoked = await trigger(second.routingKey);
    expect(keyRevoked).toMatchObject({ status: 400, body: { status: 'invalid event' } });
    expect(await databaseDigest(t.dataSource)).toEqual(before);
    expect(await incidentCount()).toBe(incidents);

    // A revoked key cannot be given a new integration either.
    const forRevokedKey = await t.gql(
      CREATE,
      { input: { name: 'x', apiKeyId: socKeyId, componentId: gateway.id } },
      admin,
    );
    expect(forRevokedKey.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.apiKeyId',
    });
  });
});
