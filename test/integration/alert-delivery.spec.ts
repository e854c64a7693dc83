import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { PlatformRole } from '@renkei/core/context/actor';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { ContactKind, ContactType, GuidelineRole } from '@renkei/directory/directory.enums';
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { databaseDigest, Fixtures, PASSWORD } from '../support/fixtures';
import { startMailSink } from '../support/mail-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { startWebhookReceiver } from '../support/webhook-receiver';

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference } } }`;
const POLICY = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`;
const ALERTS = `query($id: ID!) { incident(id: $id) {
  alerts { id contactId organisationId recipientName purpose eventType state channels lastError
           deliveries { id channel state attemptCount attempts { attemptNumber outcome httpStatus latencyMs error } } }
  timeline(page: { first: 100 }) { edges { node { kind message } } }
} }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

type Mail = Awaited<ReturnType<typeof startMailSink>>;
type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

interface AttemptView {
  attemptNumber: number;
  outcome: string;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
}
interface DeliveryView {
  id: string;
  channel: string;
  state: string;
  attemptCount: number;
  attempts: AttemptView[];
}
interface AlertView {
  id: string;
  contactId: string;
  organisationId: string;
  recipientName: string;
  purpose: string;
  eventType: string;
  state: string;
  channels: string[];
  lastError: string | null;
  deliveries: DeliveryView[];
}
interface IncidentView {
  alerts: AlertView[];
  timeline: { edges: { node: { kind: string; message: string } }[] };
}

/** Retries `check` (assertions included) until it passes or `timeoutMs` runs out; returns its value. */
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

/** The signed reply a receiver sends to acknowledge, with the `standardwebhooks` reference library. */
function signedReply(secret: string, body: string, at = new Date()) {
  const messageId = `msg_${randomBytes(8).toString('hex')}`;
  return {
    'content-type': 'application/json',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  };
}

/** One reporter (the promotion body's CSIRT, city-wide), a SEV3 policy whose single step reaches the incident windows of the responsible organisation and waits an hour. */
async function cityWithPolicy(t: TestApp, f: Fixtures) {
  const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY], nameEn: 'City CSIRT' });
  const admin = await f.user(city, PlatformRole.ADMIN);
  const adminToken = await t.login(admin.email, PASSWORD);
  await t.gqlOk(
    POLICY,
    {
      input: {
        name: 'Delivery tests',
        severities: ['SEV3'],
        steps: [
          {
            escalateAfterSeconds: 3600,
            targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] }],
          },
        ],
      },
    },
    adminToken,
  );
  const coordinator = await f.user(city, PlatformRole.COORDINATOR);
  return { city, coordinatorToken: await t.login(coordinator.email, PASSWORD) };
}

describe('alert delivery: retries, timeouts, fall-through, dead letters, 410, signatures, TLP, machine acknowledgement', () => {
  let t: TestApp;
  let mail: Mail;
  let hooks: Receiver;
  let f: Fixtures;
  let box: SecretBox;
  let coordinator: string;
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
        DELIVERY_TIMEOUT_MS: '500',
        DELIVERY_BACKOFF_BASE_MS: '100',
        DELIVERY_BACKOFF_MAX_MS: '400',
        DELIVERY_MAX_ATTEMPTS: '4',
        PUBLIC_URL: 'http://renkei.test',
      },
    });
    f = new Fixtures(t.dataSource);
    box = new SecretBox(t.config.encryptionKey);
    ({ coordinatorToken: coordinator } = await cityWithPolicy(t, f));
  });

  afterAll(async () => {
    await t?.close();
    await mail?.close();
    await hooks?.close();
  });

  /** A vendor responsible for a component of its own (so each test has its own incident and people). */
  async function vendor(): Promise<{ org: OrganisationEntity; component: ComponentEntity }> {
    counter += 1;
    const org = await f.organisation({
      guidelineRoles: [GuidelineRole.CITY_OS_VENDOR],
      nameEn: `Vendor ${counter}-${randomBytes(3).toString('hex')}`,
    });
    const component = await f.component();
    await f.assign(component, org, Duty.RESPONSIBLE);
    return { org, component };
  }

  async function webhookContact(
    org: OrganisationEntity,
    path: string,
    overrides: Partial<ContactEntity> = {},
  ): Promise<ContactEntity & { secret: string }> {
    const secret = newSecret();
    const contact = await f.contact(org, ContactKind.INCIDENT_WINDOW, {
      name: `Endpoint ${path}`,
      email: null,
      webhookUrl: hooks.url(path),
      webhookSecretSealed: box.encrypt(secret),
      channelOrder: ['WEBHOOK'],
      ...overrides,
    });
    hooks.trust(path, secret);
    return Object.assign(contact, { secret });
  }

  async function report(
    component: ComponentEntity,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; reference: string }> {
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: `Delivery test ${counter}`,
          description: 'Suspicious traffic on the gateway',
          severity: 'SEV3',
          category: 'UNAUTHORIZED_ACCESS',
          tlp: 'AMBER',
          componentIds: [component.id],
          ...extra,
        },
      },
      coordinator,
    );
    return reportIncident.incident;
  }

  async function incident(id: string): Promise<IncidentView> {
    return (await t.gqlOk<{ incident: IncidentView }>(ALERTS, { id }, coordinator)).incident;
  }

  async function alertOf(incidentId: string, contactId: string, purpose = 'INITIAL'): Promise<AlertView> {
    const found = (await incident(incidentId)).alerts.find(
      (a) => a.contactId === contactId && a.purpose === purpose,
    );
    if (!found) throw new Error(`no ${purpose} alert for contact ${contactId}`);
    return found;
  }

  it('retries a 500 with the same webhook-id and records RETRY, RETRY, SUCCESS', async () => {
    const { org, component } = await vendor();
    const endpoint = await webhookContact(org, '/flaky');
    hooks.respond('/flaky', (_request, hit) => ({ status: hit <= 2 ? 500 : 200 }));
    const { id } = await report(component);

    const alert = await eventually(async () => {
      const found = await alertOf(id, endpoint.id);
      expect(found.state).toBe('DELIVERED');
      return found;
    });
    const received = hooks.at('/flaky');
    expect(received).toHaveLength(3);
    expect(new Set(received.map((hook) => hook.id)).size).toBe(1);
    expect(received.every((hook) => hook.verified)).toBe(true);
    expect(alert.deliveries).toHaveLength(1);
    const [delivery] = alert.deliveries;
    expect(received[0].id).toBe(delivery.id);
    expect(received[0].payload.data.deliveryId).toBe(delivery.id);
    expect(delivery.state).toBe('SUCCEEDED');
    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((a) => [a.attemptNumber, a.outcome, a.httpStatus])).toEqual([
      [1, 'RETRY', 500],
      [2, 'RETRY', 500],
      [3, 'SUCCESS', 200],
    ]);
    expect(delivery.attempts[0].error).toContain('500');
    expect(delivery.attempts[2].error).toBeNull();
    for (const attempt of delivery.attempts) expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
    // Delivered: nothing more is sent.
    await sleep(800);
    expect(hooks.at('/flaky')).toHaveLength(3);
  });

  it('times out on a hanging endpoint, falls through to email; with no channel left the alert is a dead letter that can be re-driven', async () => {
    const { org, component } = await vendor();
    const withEmail = await webhookContact(org, '/hang-a', {
      email: `hang-a-${counter}@example.jp`,
      channelOrder: ['WEBHOOK', 'EMAIL'],
    });
    const webhookOnly = await webhookContact(org, '/hang-b');
    hooks.respond('/hang-a', () => ({ status: 200, hang: true }));
    hooks.respond('/hang-b', () => ({ status: 200, hang: true }));
    const { id, reference } = await report(component);

    // The contact with an email address gets the alert by email after the webhook attempts time out.
    await mail.waitFor(() => mail.to(withEmail.email!).length > 0, 30_000);
    expect(mail.to(withEmail.email!)[0].subject).toContain(reference);
    const fellThrough = await eventually(async () => {
      const found = await alertOf(id, withEmail.id);
      expect(found.state).toBe('SENT');
      return found;
    });
    expect(fellThrough.deliveries.map((d) => [d.channel, d.state])).toEqual([
      ['WEBHOOK', 'FAILED'],
      ['EMAIL', 'SUCCEEDED'],
    ]);
    const timedOut = fellThrough.deliveries[0].attempts;
    expect(timedOut).toHaveLength(4);
    for (const attempt of timedOut) {
      expect(attempt.httpStatus).toBeNull();
      expect(attempt.error).toMatch(/timeout/i);
    }
    expect(timedOut.slice(0, 3).every((a) => a.outcome === 'RETRY')).toBe(true);
    // The last try is the channel's final verdict.
    expect(timedOut[3].outcome).toBe('PERMANENT_FAILURE');
    expect(timedOut[3].error).toMatch(/no retries left/);
    expect(fellThrough.deliveries[1].attempts.map((a) => a.outcome)).toEqual(['SUCCESS']);
    expect(hooks.at('/hang-a')).toHaveLength(4);
    expect(new Set(hooks.at('/hang-a').map((h) => h.id)).size).toBe(1);

    // The webhook-only contact: FAILED, a dead letter, on the timeline.
    const dead = await eventually(async () => {
      const found = await alertOf(id, webhookOnly.id);
      expect(found.state).toBe('FAILED');
      return found;
    }, 30_000);
    expect(dead.deliveries).toHaveLength(1);
    expect(dead.deliveries[0].attempts).toHaveLength(4);
    expect(dead.lastError).toMatch(/timeout/i);
    const deadLetters = async () =>
      (
        await t.gqlOk(
          `{ deadLetters { totalCount edges { node { id state recipientName } } } }`,
          {},
          coordinator,
        )
      ).deadLetters;
    expect((await deadLetters()).edges.map((e: any) => e.node.id)).toContain(dead.id);
    const withTimeline = await incident(id);
    const failedEntries = withTimeline.timeline.edges.filter((e) => e.node.kind === 'ALERT_FAILED');
    // One failure on the timeline (the contact that fell through to email is not one), naming the
    // organisation but not its contact: everyone who sees the incident reads the timeline.
    expect(failedEntries).toHaveLength(1);
    expect(failedEntries[0].node.message).toContain('on any channel');
    expect(failedEntries[0].node.message).not.toContain(webhookOnly.name);

    // An operator fixes the URL and re-drives: delivered to the new endpoint, off the dead-letter list.
    hooks.trust('/fixed-b', webhookOnly.secret);
    await t.gqlOk(
      `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { contact { id webhookUrl } } }`,
      { id: webhookOnly.id, input: { webhookUrl: hooks.url('/fixed-b') } },
      coordinator,
    );
    const redriven = await t.gqlOk(
      `mutation($id: ID!) { redriveAlert(alertId: $id) { id state } }`,
      { id: dead.id },
      coordinator,
    );
    expect(redriven.redriveAlert.state).toBe('PENDING');
    await hooks.waitFor(() => hooks.at('/fixed-b').length > 0);
    const fixed = hooks.at('/fixed-b')[0];
    expect(fixed.verified).toBe(true);
    expect(fixed.payload.data.alert.id).toBe(dead.id);
    const delivered = await eventually(async () => {
      const found = await alertOf(id, webhookOnly.id);
      expect(found.state).toBe('DELIVERED');
      return found;
    });
    expect(delivered.deliveries.map((d) => d.state)).toEqual(['FAILED', 'SUCCEEDED']);
    expect(fixed.id).toBe(delivered.deliveries[1].id);
    expect((await deadLetters()).edges.map((e: any) => e.node.id)).not.toContain(dead.id);
  });

  it('records contacts with no usable channel as dead letters at once, and pages through all of them', async () => {
    const { org, component } = await vendor();
    const unreachable = await Promise.all(
      [1, 2, 3].map((n) =>
        f.contact(org, ContactKind.INCIDENT_WINDOW, {
          name: `Unreachable ${n}`,
          email: null,
          webhookUrl: null,
        }),
      ),
    );
    const { id } = await report(component);
    const failed = (await incident(id)).alerts.filter((a) => a.state === 'FAILED');
    expect(failed.map((a) => a.contactId).sort()).toEqual(unreachable.map((c) => c.id).sort());
    for (const alert of failed) {
      expect(alert.deliveries).toEqual([]);
      expect(alert.lastError).toMatch(/no usable channel/);
    }

    // One per page, following the cursors: every dead letter exactly once.
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    for (let page = 0; page < 20; page += 1) {
      const { deadLetters }: any = await t.gqlOk(
        `query($page: PageInput) { deadLetters(page: $page) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { page: { first: 1, ...(after ? { after } : {}) } },
        coordinator,
      );
      total = deadLetters.totalCount;
      seen.push(...deadLetters.edges.map((edge: any) => edge.node.id));
      if (!deadLetters.pageInfo.hasNextPage) break;
      after = deadLetters.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(failed.map((a) => a.id)));

    // Operators only.
    const outsider = await t.login((await f.user(org, PlatformRole.STAKEHOLDER)).email, PASSWORD);
    const refused = await t.gql(`{ deadLetters { totalCount } }`, {}, outsider);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('waits at least as long as Retry-After says after a 429', async () => {
    const { org, component } = await vendor();
    const endpoint = await webhookContact(org, '/slow-down');
    hooks.respond('/slow-down', (_request, hit) =>
      hit === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    const { id } = await report(component);
    const alert = await eventually(async () => {
      const found = await alertOf(id, endpoint.id);
      expect(found.state).toBe('DELIVERED');
      return found;
    });
    const [first, second] = hooks.at('/slow-down');
    expect(hooks.at('/slow-down')).toHaveLength(2);
    expect(second.id).toBe(first.id);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(900);
    expect(alert.deliveries[0].attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['RETRY', 429],
      ['SUCCESS', 200],
    ]);
  });

  it('disables an endpoint that answers 410, tells the organisation by email, falls through, and skips it afterwards', async () => {
    const { org, component } = await vendor();
    const gone = await webhookContact(org, '/gone', {
      email: `gone-${counter}@example.jp`,
      channelOrder: ['WEBHOOK', 'EMAIL'],
    });
    const technical = await f.contact(org, ContactKind.TECHNICAL, { email: `tech-${counter}@example.jp` });
    const ciso = await f.contact(org, ContactKind.CISO, {
      email: `ciso-${counter}@example.jp`,
      locale: 'en',
    });
    const webhookOnlyColleague = await f.contact(org, ContactKind.TECHNICAL, {
      email: null,
      webhookUrl: hooks.url('/colleague'),
      webhookSecretSealed: box.encrypt(newSecret()),
      channelOrder: ['WEBHOOK'],
    });
    const outsider = await f.contact((await vendor()).org, ContactKind.CISO, {
      email: `outsider-${counter}@example.jp`,
    });
    hooks.respond('/gone', () => ({ status: 410 }));
    const { id, reference } = await report(component);

    // The alert itself falls through to the contact's email.
    const alert = await eventually(async () => {
      const found = await alertOf(id, gone.id);
      expect(found.state).toBe('SENT');
      return found;
    });
    expect(alert.deliveries.map((d) => [d.channel, d.state])).toEqual([
      ['WEBHOOK', 'FAILED'],
      ['EMAIL', 'SUCCEEDED'],
    ]);
    expect(alert.deliveries[0].attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([['GONE', 410]]);
    expect(mail.to(gone.email!).some((m) => m.subject.includes(reference))).toBe(true);
    // The organisation's other people with an email address hear that the endpoint was disabled.
    await mail.waitFor(() => mail.to(technical.email!).length > 0 && mail.to(ciso.email!).length > 0);
    const notice = mail.to(ciso.email!)[0];
    expect(`${notice.subject}\n${notice.text}`).toMatch(/webhook/i);
    expect(notice.text).toContain(hooks.url('/gone'));
    expect(notice.text).toContain('410');
    expect(mail.to(outsider.email!)).toHaveLength(0);

    const [row] = await t.dataSource.query(
      `SELECT webhook_disabled_at, webhook_disabled_reason FROM contact WHERE id = $1`,
      [gone.id],
    );
    expect(row.webhook_disabled_at).not.toBeNull();
    expect(row.webhook_disabled_reason).toContain('410');
    const { contacts } = await t.gqlOk(
      `query($filter: ContactFilter) { contacts(filter: $filter) { id webhookDisabledAt webhookDisabledReason } }`,
      { filter: { organisationId: org.id } },
      coordinator,
    );
    const listed = contacts.find((c: any) => c.id === gone.id);
    expect(new Date(listed.webhookDisabledAt).getTime()).toBe(new Date(row.webhook_disabled_at).getTime());
    expect(listed.webhookDisabledReason).toContain('410');
    expect(contacts.find((c: any) => c.id === technical.id).webhookDisabledAt).toBeNull();
    expect(hooks.at('/gone')).toHaveLength(1);
    expect(hooks.at('/colleague')).toHaveLength(0);

    const view = await incident(id);
    const notices = view.alerts.filter((a) => a.purpose === 'NOTICE');
    expect(notices.map((a) => a.contactId)).toEqual(expect.arrayContaining([technical.id, ciso.id]));
    expect(notices.map((a) => a.contactId)).not.toContain(webhookOnlyColleague.id);
    expect(notices.every((a) => a.eventType === 'endpoint.disabled' && a.channels.join() === 'EMAIL')).toBe(
      true,
    );

    // The next incident reaches the contact by email only: the disabled webhook is skipped.
    const next = await report(component, { title: 'Second incident' });
    await mail.waitFor(() => mail.to(gone.email!).some((m) => m.subject.includes(next.reference)));
    const later = await alertOf(next.id, gone.id);
    expect(later.channels).toEqual(['EMAIL']);
    expect(later.deliveries.map((d) => d.channel)).toEqual(['EMAIL']);
    expect(hooks.at('/gone')).toHaveLength(1);
  });

  it('treats another 4xx as permanent: one attempt, then the next channel', async () => {
    const { org, component } = await vendor();
    const endpoint = await webhookContact(org, '/bad-request', {
      email: `bad-request-${counter}@example.jp`,
      channelOrder: ['WEBHOOK', 'EMAIL'],
    });
    hooks.respond('/bad-request', () => ({ status: 400 }));
    const { id, reference } = await report(component);
    await mail.waitFor(() => mail.to(endpoint.email!).some((m) => m.subject.includes(reference)));
    const alert = await eventually(async () => {
      const found = await alertOf(id, endpoint.id);
      expect(found.state).toBe('SENT');
      return found;
    });
    expect(alert.deliveries.map((d) => [d.channel, d.state])).toEqual([
      ['WEBHOOK', 'FAILED'],
      ['EMAIL', 'SUCCEEDED'],
    ]);
    expect(alert.deliveries[0].attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['PERMANENT_FAILURE', 400],
    ]);
    expect(alert.deliveries[0].attempts[0].error).toContain('400');
    await sleep(800);
    expect(hooks.at('/bad-request')).toHaveLength(1);
    const [{ disabled }] = await t.dataSource.query(
      `SELECT webhook_disabled_at IS NOT NULL AS disabled FROM contact WHERE id = $1`,
      [endpoint.id],
    );
    expect(disabled).toBe(false);
  });

  it('signs with both secrets during a rotation, and with the current one only once the old one expired', async () => {
    const { org, component } = await vendor();
    const rotating = await webhookContact(org, '/rotating');
    const oldSecret = rotating.secret;
    const { rotateWebhookSecret } = await t.gqlOk(
      `mutation($id: ID!) { rotateWebhookSecret(contactId: $id) { webhookSecret contact { id webhookSecretRotatingUntil } } }`,
      { id: rotating.id },
      coordinator,
    );
    const currentSecret: string = rotateWebhookSecret.webhookSecret;
    expect(currentSecret).toMatch(/^whsec_/);
    expect(currentSecret).not.toBe(oldSecret);
    expect(new Date(rotateWebhookSecret.contact.webhookSecretRotatingUntil).getTime()).toBeGreaterThan(
      Date.now(),
    );
    const expiredSecret = newSecret();
    const rotated = await webhookContact(org, '/rotated', {
      webhookPreviousSecretSealed: box.encrypt(expiredSecret),
      webhookPreviousSecretExpiresAt: new Date(Date.now() - 60_000),
    });
    const { id } = await report(component);
    await hooks.waitFor(() => hooks.at('/rotating').length > 0 && hooks.at('/rotated').length > 0);
    const verifies = (secret: string, hook: (typeof hooks.received)[number]) => {
      try {
        new Webhook(secret).verify(hook.body, {
          'webhook-id': hook.id,
          'webhook-timestamp': hook.timestamp,
          'webhook-signature': hook.signature,
        });
        return true;
      } catch {
        return false;
      }
    };
    const during = hooks.at('/rotating')[0];
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(during.signature.split(' ').every((entry) => entry.startsWith('v1,'))).toBe(true);
    expect(verifies(oldSecret, during)).toBe(true);
    expect(verifies(currentSecret, during)).toBe(true);
    expect(verifies(newSecret(), during)).toBe(false);

    const after = hooks.at('/rotated')[0];
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(verifies(rotated.secret, after)).toBe(true);
    expect(verifies(expiredSecret, after)).toBe(false);
    await eventually(async () => {
      const view = await incident(id);
      expect(view.alerts.filter((a) => a.state === 'DELIVERED')).toHaveLength(2);
    });
  });

  it('keeps TLP:RED details out of email and webhook bodies, but gives the reference', async () => {
    const { org } = await vendor();
    const component = await f.component({ nameJa: '赤部品-RCJ7Q', nameEn: 'RedComponent-RCE4W' });
    await f.assign(component, org, Duty.RESPONSIBLE);
    const person = await f.contact(org, ContactKind.INCIDENT_WINDOW, { email: `red-${counter}@example.jp` });
    await webhookContact(org, '/red');
    const title = '赤の件名 RedTitle-K2P9X';
    const description = 'RedDescription-M5T3V 秘匿すべき詳細';
    const { reference } = await report(component, { title, description, tlp: 'RED' });

    await mail.waitFor(() => mail.to(person.email!).length > 0);
    await hooks.waitFor(() => hooks.at('/red').length > 0);
    const email = mail.to(person.email!)[0];
    const hook = hooks.at('/red')[0];
    const secrets = [
      title,
      'RedTitle-K2P9X',
      description,
      'RedDescription-M5T3V',
      '赤部品-RCJ7Q',
      'RedComponent-RCE4W',
    ];
    for (const text of [email.subject, email.text, email.html, email.raw, hook.body]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    expect(email.subject).toContain(reference);
    expect(email.text).toContain(reference);
    expect(hook.payload.data.incident.reference).toBe(reference);
    expect(hook.payload.data.incident.tlp).toBe('RED');
    expect(hook.verified).toBe(true);
  });

  it('acknowledges by a reply signed with the endpoint’s secret, and refuses a wrong secret or an unknown delivery', async () => {
    const { org, component } = await vendor();
    const machine = await webhookContact(org, '/ticketing');
    const { id } = await report(component);
    await hooks.waitFor(() => hooks.at('/ticketing').length > 0);
    const deliveryId = hooks.at('/ticketing')[0].id;
    expect(hooks.at('/ticketing')[0].payload.data.acknowledge.reply.body).toEqual({ deliveryId });

    const engagement = async () =>
      (
        await t.dataSource.query(
          `SELECT acknowledged_at, acknowledged_via, acknowledged_by_contact_id FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
          [id, org.id],
        )
      )[0];
    const acknowledgedEntries = async () =>
      Number(
        (
          await t.dataSource.query(
            `SELECT count(*) AS n FROM incident_timeline_entry WHERE incident_id = $1 AND kind = 'ACKNOWLEDGED'`,
            [id],
          )
        )[0].n,
      );
    const post = (body: string, secret: string) =>
      fetch(`${t.url}/webhooks/acknowledge`, { method: 'POST', headers: signedReply(secret, body), body });

    // Everything settled (no delivery in flight, nothing in the outbox), so that the database can be compared.
    await eventually(async () => {
      const [busy] = await t.dataSource.query(
        `SELECT (SELECT count(*) FROM alert_delivery WHERE state IN ('PENDING', 'RETRYING'))::int
              + (SELECT count(*) FROM outbox_message)::int AS n`,
      );
      expect(busy.n).toBe(0);
    });
    const before = await databaseDigest(t.dataSource);
    const body = JSON.stringify({ deliveryId });
    const wrong = await post(body, newSecret());
    expect(wrong.status).toBe(401);
    const unknown = await post(JSON.stringify({ deliveryId: randomUUID() }), machine.secret);
    expect(unknown.status).toBe(401);
    const [emailDelivery] = await t.dataSource.query(
      `SELECT id FROM alert_delivery WHERE channel = 'EMAIL' AND state = 'SUCCEEDED' LIMIT 1`,
    );
    const notAWebhook = await post(JSON.stringify({ deliveryId: emailDelivery.id }), machine.secret);
    expect(notAWebhook.status).toBe(401);
    expect(await databaseDigest(t.dataSource)).toEqual(before);
    expect((await engagement()).acknowledged_at).toBeNull();
    expect(await acknowledgedEntries()).toBe(0);

    const accepted = await post(body, machine.secret);
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('content-type')).toContain('application/json');
    const result = await accepted.json();
    expect(result).toMatchObject({ incidentId: id, acknowledged: true });
    const after = await engagement();
    expect(after.acknowledged_at).not.toBeNull();
    expect(after.acknowledged_via).toBe('WEBHOOK_REPLY');
    expect(after.acknowledged_by_contact_id).toBe(machine.id);
    expect(await acknowledgedEntries()).toBe(1);

    const again = await post(body, machine.secret);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { acknowledged: boolean }).acknowledged).toBe(false);
    expect(await acknowledgedEntries()).toBe(1);
  });
});

describe('alert delivery: SSRF guard with the default network policy', () => {
  let t: TestApp;
  let hooks: Receiver;
  let mail: Mail;

  beforeAll(async () => {
    mail = await startMailSink();
    hooks = await startWebhookReceiver();
    t = await startTestApp({
      modules: [WorkerModule],
      env: {
        SMTP_URL: mail.url,
        OUTBOX_POLL_MS: '200',
        DELIVERY_TIMEOUT_MS: '500',
        DELIVERY_BACKOFF_BASE_MS: '100',
        DELIVERY_BACKOFF_MAX_MS: '400',
        DELIVERY_MAX_ATTEMPTS: '4',
        PUBLIC_URL: 'http://renkei.test',
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await mail?.close();
    await hooks?.close();
  });

  it('refuses a webhook to a loopback address: never sent, a permanent failure naming loopback', async () => {
    const f = new Fixtures(t.dataSource);
    const { coordinatorToken } = await cityWithPolicy(t, f);
    const org = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    const component = await f.component();
    await f.assign(component, org, Duty.RESPONSIBLE);
    const secret = newSecret();
    const target = await f.contact(org, ContactKind.INCIDENT_WINDOW, {
      type: ContactType.FUNCTION,
      email: null,
      webhookUrl: `http://127.0.0.1:${hooks.port}/internal`,
      webhookSecretSealed: new SecretBox(t.config.encryptionKey).encrypt(secret),
      channelOrder: ['WEBHOOK'],
    });
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: 'SSRF probe',
          severity: 'SEV3',
          category: 'UNAUTHORIZED_ACCESS',
          componentIds: [component.id],
        },
      },
      coordinatorToken,
    );
    const alert = await eventually(async () => {
      const { incident } = await t.gqlOk<{ incident: IncidentView }>(
        ALERTS,
        { id: reportIncident.incident.id },
        coordinatorToken,
      );
      const found = incident.alerts.find((a) => a.contactId === target.id)!;
      expect(found.state).toBe('FAILED');
      return found;
    });
    expect(alert.deliveries).toHaveLength(1);
    expect(alert.deliveries[0].attempts).toHaveLength(1);
    const [attempt] = alert.deliveries[0].attempts;
    expect(attempt.outcome).toBe('PERMANENT_FAILURE');
    expect(attempt.httpStatus).toBeNull();
    expect(attempt.error).toMatch(/loopback/);
    await sleep(500);
    expect(hooks.received).toHaveLength(0);
  });
});
