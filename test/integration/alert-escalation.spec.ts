import { randomBytes } from 'node:crypto';
import { PlatformRole } from '@renkei/core/context/actor';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { ContactKind, ContactType, GuidelineRole } from '@renkei/directory/directory.enums';
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { startMailSink } from '../support/mail-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { startWebhookReceiver } from '../support/webhook-receiver';

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference } } }`;
const POLICY = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`;
const ACKNOWLEDGE = `mutation($id: ID!) { acknowledgeIncident(incidentId: $id) { acknowledged } }`;
const VIEW = `query($id: ID!) { incident(id: $id) {
  status
  alerts { id contactId organisationId purpose eventType state step round acknowledgementRequired reason { ja en } change { en }
           deliveries { id channel state } }
  escalations { id policyName scope state round nextStep }
  timeline(page: { first: 100 }) { edges { node { kind message } } }
} }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Mail = Awaited<ReturnType<typeof startMailSink>>;
type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

interface AlertView {
  id: string;
  contactId: string;
  organisationId: string;
  purpose: string;
  eventType: string;
  state: string;
  step: number | null;
  round: number;
  acknowledgementRequired: boolean;
  reason: { ja: string; en: string } | null;
  change: { en: string } | null;
  deliveries: { id: string; channel: string; state: string }[];
}
interface IncidentView {
  status: string;
  alerts: AlertView[];
  escalations: {
    id: string;
    policyName: string;
    scope: string;
    state: string;
    round: number;
    nextStep: number | null;
  }[];
  timeline: { edges: { node: { kind: string; message: string } }[] };
}

async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000, everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(everyMs);
    }
  }
}

/**
 * Escalation behaviour against the running API and an in-process worker, with policies of 1–3 s steps.
 * Each test uses its own incident category, so that the policy created for it is the one that applies.
 */
describe('alert escalation: steps, acknowledgement, overrides, reminders, re-escalation, changes', () => {
  let t: TestApp;
  let mail: Mail;
  let hooks: Receiver;
  let f: Fixtures;
  let box: SecretBox;
  let city: OrganisationEntity;
  let cityDesk: ContactEntity;
  let coordinator: string;
  let admin: string;
  let counter = 0;

  beforeAll(async () => {
    mail = await startMailSink();
    hooks = await startWebhookReceiver();
    t = await startTestApp({
      modules: [WorkerModule],
      env: {
        SMTP_URL: mail.url,
        WEBHOOK_ALLOWED_NETWORKS: 'loopback',
        OUTBOX_POLL_MS: '200',
        DELIVERY_TIMEOUT_MS: '1000',
        DELIVERY_BACKOFF_BASE_MS: '1500',
        DELIVERY_BACKOFF_MAX_MS: '3000',
        DELIVERY_MAX_ATTEMPTS: '10',
        PUBLIC_URL: 'http://renkei.test',
      },
    });
    f = new Fixtures(t.dataSource);
    box = new SecretBox(t.config.encryptionKey);
    city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY], nameEn: 'City CSIRT' });
    cityDesk = await f.contact(city, ContactKind.INCIDENT_WINDOW, { email: 'csirt@city.example.jp' });
    admin = await t.login((await f.user(city, PlatformRole.ADMIN)).email, PASSWORD);
    coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
    await mail?.close();
    await hooks?.close();
  });

  /** An organisation with an incident window, an emergency contact and an executive (all by email). */
  async function party(label: string) {
    counter += 1;
    const suffix = `${counter}-${randomBytes(3).toString('hex')}`;
    const org = await f.organisation({
      guidelineRoles: [GuidelineRole.CITY_OS_VENDOR],
      nameEn: `${label} ${suffix}`,
    });
    const component = await f.component();
    await f.assign(component, org, Duty.RESPONSIBLE);
    const contact = (kind: ContactKind, name: string) =>
      f.contact(org, kind, {
        name: `${name} ${suffix}`,
        email: `${name.toLowerCase()}-${suffix}@example.jp`,
      });
    return {
      org,
      component,
      window: await contact(ContactKind.INCIDENT_WINDOW, 'Window'),
      emergency: await contact(ContactKind.EMERGENCY, 'Emergency'),
      executive: await contact(ContactKind.EXECUTIVE, 'Executive'),
    };
  }

  async function policy(input: Record<string, unknown>): Promise<string> {
    return (await t.gqlOk(POLICY, { input }, admin)).createEscalationPolicy.id;
  }

  async function report(
    components: ComponentEntity[],
    input: Record<string, unknown>,
  ): Promise<{ id: string; reference: string }> {
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: `Escalation test ${counter}`,
          description: 'Beaconing from a field device',
          tlp: 'AMBER',
          componentIds: components.map((component) => component.id),
          ...input,
        },
      },
      coordinator,
    );
    return reportIncident.incident;
  }

  async function view(id: string): Promise<IncidentView> {
    return (await t.gqlOk<{ incident: IncidentView }>(VIEW, { id }, coordinator)).incident;
  }

  const to = (contact: ContactEntity) => mail.to(contact.email!);

  it('fires the steps in order, repeats the chain once, then completes; never twice for one trigger', async () => {
    const vendor = await party('Silent vendor');
    await policy({
      name: 'Malware, fast',
      categories: ['MALWARE'],
      repeatCount: 1,
      steps: [
        {
          escalateAfterSeconds: 1,
          targets: [
            { kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] },
            {
              kind: 'ROLE',
              role: 'PROMOTION_BODY',
              contactKinds: ['INCIDENT_WINDOW'],
              acknowledgementRequired: false,
            },
          ],
        },
        {
          escalateAfterSeconds: 1,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['EMERGENCY'] }],
        },
      ],
    });
    const { id } = await report([vendor.component], { severity: 'SEV3', category: 'MALWARE' });

    const done = await eventually(async () => {
      const current = await view(id);
      expect(current.escalations.map((e) => e.state)).toEqual(['COMPLETED']);
      return current;
    }, 30_000);
    const chased = done.alerts
      .filter((a) => a.organisationId === vendor.org.id)
      .map((a) => [a.contactId, a.purpose, a.step]);
    expect(chased).toEqual([
      [vendor.window.id, 'INITIAL', 1],
      [vendor.emergency.id, 'ESCALATION', 2],
      [vendor.window.id, 'ESCALATION', 1],
      [vendor.emergency.id, 'ESCALATION', 2],
    ]);
    for (const alert of done.alerts.filter((a) => a.purpose === 'ESCALATION')) {
      expect(alert.reason?.en).toContain(vendor.org.nameEn);
      expect(alert.reason?.en).not.toContain(city.nameEn);
      expect(alert.reason?.ja).toContain(vendor.org.nameJa);
    }
    // The city's desk is informed once, by the first step of each pass of the chain.
    expect(
      done.alerts.filter((a) => a.contactId === cityDesk.id).map((a) => a.acknowledgementRequired),
    ).toEqual([false, false]);
    expect(done.alerts.some((a) => a.contactId === vendor.executive.id)).toBe(false);
    const ended = done.timeline.edges.filter((e) => e.node.kind === 'ESCALATION_ENDED');
    expect(ended).toHaveLength(1);
    expect(ended[0].node.message).toContain(vendor.org.nameEn);
    expect(done.timeline.edges.filter((e) => e.node.kind === 'ESCALATED')).toHaveLength(3);

    const duplicates = await t.dataSource.query(
      `SELECT contact_id, trigger_key, count(*) FROM alert WHERE incident_id = $1 GROUP BY 1, 2 HAVING count(*) > 1`,
      [id],
    );
    expect(duplicates).toEqual([]);
    const sends = await t.dataSource.query(
      `SELECT d.alert_id, count(*) AS n FROM delivery_attempt d JOIN alert a ON a.id = d.alert_id
        WHERE a.incident_id = $1 AND d.outcome = 'SUCCESS' GROUP BY 1 HAVING count(*) > 1`,
      [id],
    );
    expect(sends).toEqual([]);
    await mail.waitFor(() => to(vendor.emergency).length >= 2);
    const messageIds = [...to(vendor.window), ...to(vendor.emergency)].map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(to(vendor.window)).toHaveLength(2);
    expect(to(vendor.emergency)).toHaveLength(2);
    // Completed: nothing more.
    await sleep(1500);
    expect((await view(id)).alerts).toHaveLength(done.alerts.length);
  });

  it('stops at an acknowledgement by a stakeholder of the vendor; others cannot acknowledge; twice is a no-op', async () => {
    const vendor = await party('Acknowledging vendor');
    const bystander = await f.organisation({ nameEn: 'Bystander' });
    await policy({
      name: 'Phishing, fast',
      categories: ['PHISHING'],
      steps: [
        {
          escalateAfterSeconds: 3,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] }],
        },
        {
          escalateAfterSeconds: 3,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['EMERGENCY'] }],
        },
      ],
    });
    const { id } = await report([vendor.component], { severity: 'SEV3', category: 'PHISHING', tlp: 'GREEN' });
    await mail.waitFor(() => to(vendor.window).length > 0);
    await eventually(async () =>
      expect((await view(id)).alerts.find((a) => a.contactId === vendor.window.id)?.state).toBe('SENT'),
    );
    const [{ next_step_at: dueAt }] = await t.dataSource.query(
      `SELECT next_step_at FROM escalation WHERE incident_id = $1`,
      [id],
    );

    // A stakeholder of an organisation never alerted sees the (GREEN) incident but cannot acknowledge it.
    const outsider = await t.login((await f.user(bystander, PlatformRole.STAKEHOLDER)).email, PASSWORD);
    const refused = await t.gql(ACKNOWLEDGE, { id }, outsider);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const stakeholder = await t.login((await f.user(vendor.org, PlatformRole.STAKEHOLDER)).email, PASSWORD);
    const first = await t.gqlOk(ACKNOWLEDGE, { id }, stakeholder);
    const acknowledgedAt = Date.now();
    expect(first.acknowledgeIncident.acknowledged).toBe(true);
    expect(acknowledgedAt).toBeLessThan(new Date(dueAt).getTime()); // else the test proves nothing
    const second = await t.gqlOk(ACKNOWLEDGE, { id }, stakeholder);
    expect(second.acknowledgeIncident.acknowledged).toBe(false);

    // Past the second step's due time: no new alert, the chase rests as acknowledged.
    await sleep(Math.max(0, new Date(dueAt).getTime() - Date.now()) + 2000);
    const after = await view(id);
    expect(
      after.alerts.filter((a) => a.organisationId === vendor.org.id).map((a) => [a.purpose, a.state]),
    ).toEqual([['INITIAL', 'ACKNOWLEDGED']]);
    expect(after.alerts.some((a) => a.contactId === vendor.emergency.id)).toBe(false);
    expect(to(vendor.emergency)).toHaveLength(0);
    expect(after.escalations.map((e) => e.state)).toEqual(['ACKNOWLEDGED']);
    const [engagement] = await t.dataSource.query(
      `SELECT acknowledged_via, acknowledged_by_user_id FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
      [id, vendor.org.id],
    );
    expect(engagement.acknowledged_via).toBe('GRAPHQL');
    expect(engagement.acknowledged_by_user_id).not.toBeNull();
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
      [id, bystander.id],
    );
    expect(n).toBe(0);
  });

  it('lets an organisation’s own policy chase its people while the city policy chases the others', async () => {
    const vendor = await party('Override vendor');
    const integrator = await party('Integrator');
    await policy({
      name: 'Ransomware, city',
      categories: ['RANSOMWARE'],
      steps: [
        {
          escalateAfterSeconds: 1,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] }],
        },
        {
          escalateAfterSeconds: 600,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['EXECUTIVE'] }],
        },
      ],
    });
    await policy({
      name: 'Vendor’s own',
      organisationId: vendor.org.id,
      categories: ['RANSOMWARE'],
      steps: [
        { escalateAfterSeconds: 1, targets: [{ kind: 'CONTACT', contactId: vendor.window.id }] },
        {
          escalateAfterSeconds: 600,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['EMERGENCY'] }],
        },
      ],
    });
    const { id } = await report([vendor.component, integrator.component], {
      severity: 'SEV3',
      category: 'RANSOMWARE',
    });
    const result = await eventually(async () => {
      const current = await view(id);
      expect(current.alerts.some((a) => a.contactId === vendor.emergency.id)).toBe(true);
      expect(current.alerts.some((a) => a.contactId === integrator.executive.id)).toBe(true);
      return current;
    });
    const escalations = new Map(result.escalations.map((e) => [e.id, e]));
    expect([...escalations.values()].map((e) => [e.scope, e.policyName]).sort()).toEqual(
      [
        ['city', 'Ransomware, city'],
        [vendor.org.id, 'Vendor’s own'],
      ].sort(),
    );
    const alertsOf = (contact: ContactEntity) =>
      result.alerts.filter((a) => a.contactId === contact.id).map((a) => [a.purpose, a.step]);
    expect(alertsOf(vendor.window)).toEqual([['INITIAL', 1]]);
    expect(alertsOf(vendor.emergency)).toEqual([['ESCALATION', 2]]);
    expect(alertsOf(vendor.executive)).toEqual([]);
    expect(alertsOf(integrator.window)).toEqual([['INITIAL', 1]]);
    expect(alertsOf(integrator.executive)).toEqual([['ESCALATION', 2]]);
    expect(alertsOf(integrator.emergency)).toEqual([]);
    const byEscalation = await t.dataSource.query(
      `SELECT a.contact_id, e.scope FROM alert a JOIN escalation e ON e.id = a.escalation_id WHERE a.incident_id = $1`,
      [id],
    );
    const scope = (contact: ContactEntity) =>
      byEscalation.filter((row: any) => row.contact_id === contact.id).map((row: any) => row.scope);
    expect(scope(vendor.window)).toEqual([vendor.org.id]);
    expect(scope(vendor.emergency)).toEqual([vendor.org.id]);
    expect(scope(integrator.window)).toEqual(['city']);
    expect(scope(integrator.executive)).toEqual(['city']);
  });

  it('reminds an unacknowledged recipient maxReminders times, then stops', async () => {
    const vendor = await party('Forgetful vendor');
    await policy({
      name: 'Integrity, reminders',
      categories: ['DATA_INTEGRITY'],
      reminderIntervalSeconds: 1,
      maxReminders: 2,
      steps: [
        {
          escalateAfterSeconds: 600,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] }],
        },
      ],
    });
    const { id } = await report([vendor.component], { severity: 'SEV3', category: 'DATA_INTEGRITY' });
    await mail.waitFor(() => to(vendor.window).length >= 3, 20_000);
    await sleep(2500);
    const current = await view(id);
    const mine = current.alerts.filter((a) => a.contactId === vendor.window.id);
    expect(mine.map((a) => a.purpose)).toEqual(['INITIAL', 'REMINDER', 'REMINDER']);
    expect(mine[1].reason?.en).toContain('Reminder 1 of 2');
    expect(mine[2].reason?.en).toContain('Reminder 2 of 2');
    expect(to(vendor.window)).toHaveLength(3);
    expect(
      current.alerts.filter((a) => a.purpose === 'REMINDER' && a.contactId !== vendor.window.id),
    ).toEqual([]);
  });

  it('re-escalates a SEV1 acknowledged but unresolved, and resolving stops it', async () => {
    const vendor = await party('Slow vendor');
    await policy({
      name: 'DoS SEV1, re-escalating',
      categories: ['DENIAL_OF_SERVICE'],
      severities: ['SEV1'],
      reescalateAfterSeconds: 2,
      steps: [
        {
          escalateAfterSeconds: 4,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] }],
        },
        {
          escalateAfterSeconds: 600,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['EMERGENCY'] }],
        },
      ],
    });
    const stakeholder = await t.login((await f.user(vendor.org, PlatformRole.STAKEHOLDER)).email, PASSWORD);
    const { id } = await report([vendor.component], { severity: 'SEV1', category: 'DENIAL_OF_SERVICE' });
    await mail.waitFor(() => to(vendor.window).length > 0);
    expect((await t.gqlOk(ACKNOWLEDGE, { id }, stakeholder)).acknowledgeIncident.acknowledged).toBe(true);

    // Acknowledged, not resolved: after 2 s the vendor is chased again, in a new round.
    const again = await eventually(async () => {
      const current = await view(id);
      const found = current.alerts.find((a) => a.purpose === 'REESCALATION');
      expect(found).toBeDefined();
      return found!;
    });
    expect(again.contactId).toBe(vendor.window.id);
    expect(again.round).toBe(1);
    expect(again.eventType).toBe('alert.created');
    expect(again.reason?.en).toBe('Still unresolved 2 seconds after it was acknowledged: escalating again');
    expect(again.reason?.ja).toContain('2 秒');
    await mail.waitFor(() => to(vendor.window).length >= 2);
    expect((await view(id)).escalations.map((e) => [e.state, e.round])).toEqual([['ACTIVE', 1]]);

    // Acknowledged again, then resolved: no further round.
    expect((await t.gqlOk(ACKNOWLEDGE, { id }, stakeholder)).acknowledgeIncident.acknowledged).toBe(true);
    for (const status of ['TRIAGED', 'RESOLVED']) {
      await t.gqlOk(
        `mutation($id: ID!, $input: TransitionIncidentInput!) { transitionIncident(id: $id, input: $input) { status } }`,
        { id, input: { status } },
        coordinator,
      );
    }
    await sleep(3500);
    const after = await view(id);
    expect(after.escalations.map((e) => e.state)).toEqual(['STOPPED']);
    expect(
      after.alerts.filter((a) => a.organisationId === vendor.org.id).map((a) => [a.contactId, a.purpose]),
    ).toEqual([
      [vendor.window.id, 'INITIAL'],
      [vendor.window.id, 'REESCALATION'],
      [vendor.window.id, 'UPDATE'], // NEW → TRIAGED
      [vendor.window.id, 'RESOLVED'],
    ]);
    expect(to(vendor.emergency)).toHaveLength(0);
  });

  it('follows changes: severity raised, a component added, resolution', async () => {
    const vendor = await party('Changing vendor');
    const integrator = await party('New party');
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const ticketing = await f.contact(vendor.org, ContactKind.INCIDENT_WINDOW, {
      name: 'Vendor ticketing',
      type: ContactType.FUNCTION,
      email: null,
      webhookUrl: hooks.url('/vendor-ticketing'),
      webhookSecretSealed: box.encrypt(secret),
      channelOrder: ['WEBHOOK'],
    });
    hooks.trust('/vendor-ticketing', secret);
    // The new party's second emergency contact is a webhook that keeps failing: its alert stays pending.
    const flaky = await f.contact(integrator.org, ContactKind.EMERGENCY, {
      name: 'Integrator pager',
      email: null,
      webhookUrl: hooks.url('/integrator-pager'),
      webhookSecretSealed: box.encrypt(secret),
      channelOrder: ['WEBHOOK'],
    });
    hooks.trust('/integrator-pager', secret);
    hooks.respond('/integrator-pager', () => ({ status: 503 }));
    const informed = {
      kind: 'ROLE',
      role: 'PROMOTION_BODY',
      contactKinds: ['INCIDENT_WINDOW'],
      acknowledgementRequired: false,
    };
    await policy({
      name: 'Supply chain SEV3',
      categories: ['SUPPLY_CHAIN'],
      severities: ['SEV3'],
      steps: [
        {
          escalateAfterSeconds: 600,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] }, informed],
        },
      ],
    });
    await policy({
      name: 'Supply chain SEV1',
      categories: ['SUPPLY_CHAIN'],
      severities: ['SEV1'],
      steps: [
        {
          escalateAfterSeconds: 600,
          targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['EMERGENCY'] }],
        },
      ],
    });
    const { id } = await report([vendor.component], { severity: 'SEV3', category: 'SUPPLY_CHAIN' });
    await mail.waitFor(
      () => to(vendor.window).length > 0 && to(cityDesk).some((m) => m.subject.includes('SEV3')),
    );
    await hooks.waitFor(() => hooks.at('/vendor-ticketing').length > 0);
    const initial = await view(id);
    const alerted = new Set(initial.alerts.map((a) => a.contactId));
    expect(alerted).toEqual(new Set([vendor.window.id, ticketing.id, cityDesk.id]));

    // Raised to SEV1: everyone already alerted hears of it; the SEV1 policy starts.
    await t.gqlOk(
      `mutation($id: ID!, $input: UpdateIncidentInput!) { updateIncident(id: $id, input: $input) { severity } }`,
      { id, input: { severity: 'SEV1' } },
      coordinator,
    );
    const raised = await eventually(async () => {
      const current = await view(id);
      expect(current.alerts.filter((a) => a.purpose === 'UPDATE')).toHaveLength(3);
      return current;
    });
    const updates = raised.alerts.filter((a) => a.purpose === 'UPDATE');
    expect(new Set(updates.map((a) => a.contactId))).toEqual(alerted);
    for (const update of updates) {
      expect(update.eventType).toBe('incident.updated');
      expect(update.change?.en).toContain('SEV3');
      expect(update.change?.en).toContain('SEV1');
    }
    expect(raised.escalations.map((e) => [e.policyName, e.state])).toEqual([
      ['Supply chain SEV3', 'SUPERSEDED'],
      ['Supply chain SEV1', 'ACTIVE'],
    ]);
    const sev1 = raised.alerts.filter((a) => a.contactId === vendor.emergency.id);
    expect(sev1).toHaveLength(1);
    expect(sev1[0].acknowledgementRequired).toBe(true);
    await hooks.waitFor(() =>
      hooks.at('/vendor-ticketing').some((h) => h.payload?.type === 'incident.updated' && h.verified),
    );
    await mail.waitFor(() => to(vendor.emergency).length > 0 && to(vendor.window).length >= 2);

    // A component with a new responsible organisation: that organisation is alerted.
    await t.gqlOk(
      `mutation($id: ID!, $components: [ID!]!) { addIncidentComponents(id: $id, componentIds: $components) { id } }`,
      { id, components: [integrator.component.id] },
      coordinator,
    );
    await mail.waitFor(() => to(integrator.emergency).length > 0);
    await hooks.waitFor(() => hooks.at('/integrator-pager').length > 0);
    const widened = await view(id);
    const newcomers = widened.alerts.filter((a) => a.organisationId === integrator.org.id);
    expect(new Set(newcomers.map((a) => a.contactId))).toEqual(new Set([integrator.emergency.id, flaky.id]));
    for (const alert of newcomers) {
      expect(alert.acknowledgementRequired).toBe(true);
      expect(alert.eventType).toBe('incident.created');
    }
    const pending = newcomers.find((a) => a.contactId === flaky.id)!;
    expect(pending.state).toBe('PENDING');

    // Resolved: the chase stops, pending alerts are cancelled, everyone engaged hears of it.
    for (const status of ['TRIAGED', 'RESOLVED']) {
      await t.gqlOk(
        `mutation($id: ID!, $input: TransitionIncidentInput!) { transitionIncident(id: $id, input: $input) { status } }`,
        { id, input: { status } },
        coordinator,
      );
    }
    const resolved = await eventually(async () => {
      const current = await view(id);
      const notices = current.alerts.filter((a) => a.purpose === 'RESOLVED');
      // Six notices; the one to the failing pager cannot be delivered.
      expect(notices.filter((a) => a.state === 'SENT' || a.state === 'DELIVERED')).toHaveLength(5);
      return current;
    });
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.escalations.map((e) => e.state)).toEqual(['SUPERSEDED', 'STOPPED']);
    const cancelled = resolved.alerts.find((a) => a.id === pending.id)!;
    expect(cancelled.state).toBe('CANCELLED');
    expect(cancelled.deliveries.map((d) => d.state)).toEqual(['CANCELLED']);
    const notified = new Set(resolved.alerts.filter((a) => a.purpose === 'RESOLVED').map((a) => a.contactId));
    expect(notified).toEqual(
      new Set([
        vendor.window.id,
        vendor.emergency.id,
        ticketing.id,
        cityDesk.id,
        integrator.emergency.id,
        flaky.id,
      ]),
    );
    await hooks.waitFor(() =>
      hooks.at('/vendor-ticketing').some((h) => h.payload?.type === 'incident.resolved' && h.verified),
    );
    await mail.waitFor(() => to(vendor.emergency).length >= 2 && to(integrator.emergency).length >= 2);
    // The cancelled delivery is not tried again.
    const cancelledDelivery = cancelled.deliveries[0].id;
    const triedBefore = hooks.at('/integrator-pager').filter((h) => h.id === cancelledDelivery).length;
    await sleep(3500);
    expect(hooks.at('/integrator-pager').filter((h) => h.id === cancelledDelivery)).toHaveLength(triedBefore);
    const final = await view(id);
    expect(
      final.alerts.filter((a) => a.purpose === 'ESCALATION' && a.contactId !== vendor.emergency.id),
    ).toEqual([]);
  });
});
