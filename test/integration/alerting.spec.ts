import { randomBytes } from 'node:crypto';
import { AckTokens } from '@renkei/alerting/ack-token';
import { PlatformRole } from '@renkei/core/context/actor';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { ContactKind, ContactType, GuidelineRole } from '@renkei/directory/directory.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { startMailSink } from '../support/mail-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { startWebhookReceiver } from '../support/webhook-receiver';

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference } } }`;
const POLICY = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ackPath(text: string): string {
  const match = /https?:\/\/[^\s"<>]+\/ack\/([A-Za-z0-9_.-]+)/.exec(text);
  if (!match) throw new Error(`no acknowledgement link in: ${text.slice(0, 500)}`);
  return `/ack/${match[1]}`;
}

/**
 * The core story, end to end against the running API and an in-process worker: a report reaches the
 * responsible vendor by email (Japanese first) and signed webhook and informs the CSIRT; nobody
 * acknowledges, so the next step reaches the vendor's emergency contact and the CISO; the engineer
 * opens the link (nothing happens), presses the button (the chase stops), and it is all on record.
 */
describe('alert routing: report → email + webhook → escalation → acknowledgement', () => {
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let f: Fixtures;
  let responder: string;
  let gateway: { id: string };
  let vendorWindow: { email: string | null };
  let vendorEmergency: { email: string | null };
  let csirt: { email: string | null };
  let ciso: { email: string | null };
  let vendor: { id: string };
  const secret = `whsec_${randomBytes(32).toString('base64')}`;

  beforeAll(async () => {
    mail = await startMailSink();
    hooks = await startWebhookReceiver();
    t = await startTestApp({
      modules: [WorkerModule],
      env: {
        SMTP_URL: mail.url,
        WEBHOOK_ALLOWED_NETWORKS: 'loopback',
        OUTBOX_POLL_MS: '200',
        DELIVERY_TIMEOUT_MS: '2000',
        DELIVERY_BACKOFF_BASE_MS: '50',
        DELIVERY_BACKOFF_MAX_MS: '200',
        DELIVERY_MAX_ATTEMPTS: '3',
        PUBLIC_URL: 'http://renkei.test',
      },
    });
    f = new Fixtures(t.dataSource);
    const box = new SecretBox(t.config.encryptionKey);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    vendor = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    csirt = await f.contact(city, ContactKind.INCIDENT_WINDOW);
    ciso = await f.contact(city, ContactKind.CISO, { locale: 'en' });
    vendorWindow = await f.contact(vendor as never, ContactKind.INCIDENT_WINDOW);
    vendorEmergency = await f.contact(vendor as never, ContactKind.EMERGENCY, { type: ContactType.PERSON });
    await f.contact(vendor as never, ContactKind.INCIDENT_WINDOW, {
      name: 'Ticketing',
      email: null,
      webhookUrl: hooks.url('/ticketing'),
      webhookSecretSealed: box.encrypt(secret),
      channelOrder: ['WEBHOOK'],
    });
    hooks.trust('/ticketing', secret);
    const cityOs = await f.component({ nameJa: '都市OS' });
    gateway = await f.component({ nameJa: 'APIゲートウェイ', parentId: cityOs.id });
    await f.assign(cityOs as never, vendor as never, Duty.RESPONSIBLE);
    const admin = await f.user(city, PlatformRole.ADMIN);
    const adminToken = await t.login(admin.email, PASSWORD);
    await t.gqlOk(
      POLICY,
      {
        input: {
          name: 'SEV1 fast',
          severities: ['SEV1'],
          steps: [
            {
              escalateAfterSeconds: 2,
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
              escalateAfterSeconds: 600,
              targets: [
                { kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['EMERGENCY'] },
                {
                  kind: 'ROLE',
                  role: 'PROMOTION_BODY',
                  contactKinds: ['CISO'],
                  acknowledgementRequired: false,
                },
              ],
            },
          ],
        },
      },
      adminToken,
    );
    // The promotion body's CSIRT (city-wide) reports and watches.
    const user = await f.user(city, PlatformRole.COORDINATOR);
    responder = await t.login(user.email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
    await mail?.close();
    await hooks?.close();
  });

  it('tells, chases, stops on acknowledgement and keeps the record', async () => {
    const reportedAt = Date.now();
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title: 'API ゲートウェイへの不正ログイン',
          description: '管理画面に海外から多数のログイン試行',
          severity: 'SEV1',
          category: 'UNAUTHORIZED_ACCESS',
          tlp: 'AMBER',
          componentIds: [gateway.id],
        },
      },
      responder,
    );
    const { id, reference } = reportIncident.incident;

    // Step 1: the vendor's window by email, its ticketing system by signed webhook, the CSIRT informed.
    await mail.waitFor(() => mail.to(vendorWindow.email!).length > 0 && mail.to(csirt.email!).length > 0);
    await hooks.waitFor(() => hooks.at('/ticketing').length > 0);
    const first = mail.to(vendorWindow.email!)[0];
    expect(first.subject).toBe(`[Renkei][SEV1][TLP:AMBER] ${reference} API ゲートウェイへの不正ログイン`);
    expect(first.messageId).toMatch(/^<alert\.[0-9a-f-]+@renkei\.test>$/);
    expect(first.inReplyTo).toBe(`<incident.${id}@renkei.test>`);
    expect(first.references).toContain(`<incident.${id}@renkei.test>`);
    const japanese = first.text.indexOf('受領を確認');
    const english = first.text.indexOf('Acknowledge');
    expect(japanese).toBeGreaterThanOrEqual(0);
    expect(english).toBeGreaterThan(japanese);
    const webhook = hooks.at('/ticketing')[0];
    expect(webhook.verified).toBe(true);
    expect(webhook.payload.type).toBe('incident.created');
    expect(webhook.payload.data.incident.reference).toBe(reference);
    expect(webhook.payload.data.deliveryId).toBe(webhook.id);
    expect(webhook.receivedAt - reportedAt).toBeLessThan(5000);

    // Nobody acknowledges: step 2 reaches the vendor's emergency contact and the city's CISO.
    await mail.waitFor(() => mail.to(vendorEmergency.email!).length > 0 && mail.to(ciso.email!).length > 0);
    const escalated = mail.to(ciso.email!)[0];
    expect(escalated.subject).toContain('[Escalation]');
    expect(escalated.inReplyTo).toBe(`<incident.${id}@renkei.test>`);

    // Opening the link (as a mail scanner would) acknowledges nothing.
    const path = ackPath(first.text);
    const page = await fetch(`${t.url}${path}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form');
    expect(html).toContain('API ゲートウェイへの不正ログイン');
    const [before] = await t.dataSource.query(
      `SELECT acknowledged_at FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
      [id, vendor.id],
    );
    expect(before.acknowledged_at).toBeNull();

    // The button: acknowledged, with who and when; the chase stops.
    const posted = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: '山田 太郎', note: '調査を開始します' }).toString(),
    });
    expect(posted.status).toBe(200);
    const [after] = await t.dataSource.query(
      `SELECT acknowledged_at, acknowledged_by_name, acknowledged_via FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
      [id, vendor.id],
    );
    expect(after.acknowledged_at).not.toBeNull();
    expect(after.acknowledged_by_name).toContain('山田 太郎');
    expect(after.acknowledged_via).toBe('LINK');

    // Reused: refused with a clear page, nothing changes.
    const again = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=someone',
    });
    expect(again.status).toBe(409);
    const [unchanged] = await t.dataSource.query(
      `SELECT acknowledged_by_name FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
      [id, vendor.id],
    );
    expect(unchanged.acknowledged_by_name).toBe(after.acknowledged_by_name);

    // Forged and expired tokens.
    const forged = await fetch(`${t.url}${path.slice(0, -3)}AAA`, { method: 'POST' });
    expect(forged.status).toBe(400);
    const [anAlert] = await t.dataSource.query(`SELECT id FROM alert WHERE incident_id = $1 LIMIT 1`, [id]);
    const expired = new AckTokens(t.config.jwtSecret, 60).sign(anAlert.id, new Date(Date.now() - 3600_000));
    const expiredPage = await fetch(`${t.url}/ack/${expired}`, { method: 'POST' });
    expect(expiredPage.status).toBe(410);

    // The ticketing system hears of the acknowledgement; no one is chased any more.
    await hooks.waitFor(() => hooks.at('/ticketing').some((h) => h.payload?.type === 'alert.acknowledged'));
    const count = mail.received.length;
    await sleep(2500);
    expect(mail.received.length).toBe(count);

    // On the record: every attempt with its result and latency, the timeline, the time to acknowledge.
    const { incident } = await t.gqlOk(
      `query($id: ID!) { incident(id: $id) {
         alerts { recipientName purpose state channels acknowledgementRequired deliveries { channel state attempts { outcome latencyMs httpStatus smtpResponse } } }
         engagements { organisationId acknowledgedAt acknowledgedBy timeToAcknowledgeSeconds }
         escalations { state policyName }
         timeline { edges { node { kind message } } }
       } }`,
      { id },
      responder,
    );
    const delivered = incident.alerts.filter(
      (a: any) => a.state === 'DELIVERED' || a.state === 'SENT' || a.state === 'ACKNOWLEDGED',
    );
    expect(delivered.length).toBeGreaterThanOrEqual(5);
    for (const alert of delivered) {
      const attempt = alert.deliveries[0].attempts[0];
      expect(attempt.outcome).toBe('SUCCESS');
      expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
      if (alert.deliveries[0].channel === 'EMAIL') expect(attempt.smtpResponse).toMatch(/^250/);
      else expect(attempt.httpStatus).toBe(200);
    }
    const engagement = incident.engagements.find((e: any) => e.organisationId === vendor.id);
    expect(engagement.timeToAcknowledgeSeconds).toBeGreaterThanOrEqual(2);
    expect(incident.escalations[0].state).toBe('ACKNOWLEDGED');
    const kinds = incident.timeline.edges.map((e: any) => e.node.kind);
    expect(kinds).toEqual(expect.arrayContaining(['REPORTED', 'ALERTS_SENT', 'ESCALATED', 'ACKNOWLEDGED']));
  });
});
