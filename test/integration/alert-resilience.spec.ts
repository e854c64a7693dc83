import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { PlatformRole } from '@renkei/core/context/actor';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { QueueName } from '@renkei/core/queue/queue-factory';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { startMailSink } from '../support/mail-sink';
import { RedisServer, startRedisServer } from '../support/redis-server';
import { TestApp, startTestApp } from '../support/test-app';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { WorkerProcess, startWorkerProcess, workerEnvironment } from '../support/worker-process';

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } } }`;
const POLICY = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds (or fails with `what` after `timeoutMs`). */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await sleep(100);
  }
}

/** How often each value occurs. */
function counts(values: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

interface DeliveryRow {
  id: string;
  alert_id: string;
  incident_id: string;
  channel: 'EMAIL' | 'WEBHOOK';
  state: string;
  alert_state: string;
  step_index: number | null;
}

async function deliveryRows(t: TestApp): Promise<DeliveryRow[]> {
  return t.dataSource.query(
    `SELECT d.id, d.alert_id, a.incident_id, d.channel, d.state, a.state AS alert_state, a.step_index
       FROM alert_delivery d JOIN alert a ON a.id = d.alert_id ORDER BY d.created_at`,
  );
}

/**
 * The city's SEV2 chase: the responsible vendor's incident windows at once, its emergency contact
 * after `escalateAfterSeconds` without an acknowledgement.
 */
async function cityWithVendor(
  t: TestApp,
  hooks: Awaited<ReturnType<typeof startWebhookReceiver>>,
  options: { escalateAfterSeconds: number; urlOf?: (path: string) => string },
) {
  const urlOf = options.urlOf ?? hooks.url;
  const f = new Fixtures(t.dataSource);
  const box = new SecretBox(t.config.encryptionKey);
  const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
  const vendor = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
  // Three incident windows: one by email, two by signed webhook (the second could fall back to email).
  const window = await f.contact(vendor as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
  const secrets: Record<string, string> = {};
  for (const path of ['/ticketing', '/soc']) {
    secrets[path] = `whsec_${randomBytes(32).toString('base64')}`;
    hooks.trust(path, secrets[path]);
  }
  await f.contact(vendor as OrganisationEntity, ContactKind.INCIDENT_WINDOW, {
    name: 'Ticketing',
    email: null,
    webhookUrl: urlOf('/ticketing'),
    webhookSecretSealed: box.encrypt(secrets['/ticketing']),
    channelOrder: ['WEBHOOK'],
  } as never);
  await f.contact(vendor as OrganisationEntity, ContactKind.INCIDENT_WINDOW, {
    name: 'SOC',
    webhookUrl: urlOf('/soc'),
    webhookSecretSealed: box.encrypt(secrets['/soc']),
    channelOrder: ['WEBHOOK', 'EMAIL'],
  } as never);
  const emergency = await f.contact(vendor as OrganisationEntity, ContactKind.EMERGENCY);
  const component = await f.component();
  await f.assign(component, vendor as OrganisationEntity, Duty.RESPONSIBLE);
  const admin = await f.user(city, PlatformRole.ADMIN);
  await t.gqlOk(
    POLICY,
    {
      input: {
        name: 'SEV2 chase',
        severities: ['SEV2'],
        steps: [
          {
            escalateAfterSeconds: options.escalateAfterSeconds,
            targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['INCIDENT_WINDOW'] }],
          },
          {
            escalateAfterSeconds: 600,
            targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'], contactKinds: ['EMERGENCY'] }],
          },
        ],
      },
    },
    await t.login(admin.email, PASSWORD),
  );
  // The promotion body's CSIRT (city-wide) reports.
  const coordinator = await f.user(city, PlatformRole.COORDINATOR);
  const reporter = await t.login(coordinator.email, PASSWORD);
  const report = async (title: string): Promise<string> => {
    const { reportIncident } = await t.gqlOk(
      REPORT,
      {
        input: {
          title,
          description: 'resilience test',
          severity: 'SEV2',
          category: 'MALWARE',
          tlp: 'AMBER',
          componentIds: [component.id],
        },
      },
      reporter,
    );
    return reportIncident.incident.id as string;
  };
  return { report, window, emergency };
}

describe('alerting when Redis goes away: the outbox keeps every alert', () => {
  let redis: RedisServer;
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    redis = await startRedisServer();
    mail = await startMailSink();
    hooks = await startWebhookReceiver();
    t = await startTestApp({
      modules: [WorkerModule],
      env: {
        REDIS_URL: redis.url,
        SMTP_URL: mail.url,
        WEBHOOK_ALLOWED_NETWORKS: 'loopback',
        OUTBOX_POLL_MS: '200',
        RECONCILE_INTERVAL_MS: '1000',
        DELIVERY_TIMEOUT_MS: '2000',
        DELIVERY_BACKOFF_BASE_MS: '50',
        DELIVERY_BACKOFF_MAX_MS: '200',
        DELIVERY_MAX_ATTEMPTS: '3',
        PUBLIC_URL: 'http://renkei.test',
      },
    });
  });

  afterAll(async () => {
    if (redis && !redis.running) await redis.start().catch(() => undefined);
    await t?.close();
    await redis?.close();
    await mail?.close();
    await hooks?.close();
  });

  it('accepts reports while Redis is down and delivers every alert exactly once when it returns', async () => {
    const { report } = await cityWithVendor(t, hooks, { escalateAfterSeconds: 2 });
    const escalations = t.infrastructure.queues.queue(QueueName.ALERT_ESCALATIONS);

    // Before the outage: the first step goes out, and its next step waits in Redis as a delayed job.
    const before = await report('Before the outage');
    await until('the first alerts of the report before the outage are delivered', async () => {
      const rows = (await deliveryRows(t)).filter((row) => row.incident_id === before);
      return rows.length === 3 && rows.every((row) => row.state === 'SUCCEEDED');
    });
    const [escalation] = await t.dataSource.query(
      `SELECT id, round, loop, next_step, next_step_at FROM escalation WHERE incident_id = $1`,
      [before],
    );
    const stepJobId = `step_${escalation.id}_r${escalation.round}_l${escalation.loop}_s${escalation.next_step}_${new Date(escalation.next_step_at).getTime()}`;
    await until('the next step is relayed to Redis', async () => {
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM outbox_message`);
      return count === 0 && Boolean(await escalations.getJob(stepJobId));
    });
    expect(await (await escalations.getJob(stepJobId))!.getState()).toBe('delayed');

    // Redis dies (no persistence: its delayed jobs die with it). Reports still succeed.
    await redis.kill();
    const during: string[] = [];
    for (let i = 0; i < 4; i += 1) during.push(await report(`During the outage ${i}`));
    const rows = (await deliveryRows(t)).filter((row) => during.includes(row.incident_id));
    expect(rows).toHaveLength(12);
    // The jobs wait in the outbox, in the database (relay attempts fail meanwhile).
    await sleep(1000);
    const waiting: { job_id: string }[] = await t.dataSource.query(
      `SELECT job_id FROM outbox_message WHERE topic = 'alert-deliveries/deliver'`,
    );
    expect(waiting.map((row) => row.job_id).sort()).toEqual(rows.map((row) => `deliver_${row.id}`).sort());
    const [{ steps }] = await t.dataSource.query(
      `SELECT count(*)::int AS steps FROM outbox_message WHERE topic = 'alert-escalations/step'`,
    );
    expect(steps).toBe(4);
    const heard = (id: string) => hooks.received.some((hook) => hook.payload?.data?.incident?.id === id);
    expect(during.some(heard)).toBe(false);

    // An empty Redis comes back on the same port: the outbox drains, the lost step is reconciled.
    await redis.start();
    const incidents = [before, ...during];
    await until(
      'every incident reached its second step and every delivery succeeded',
      async () => {
        const all = await deliveryRows(t);
        return (
          incidents.every((id) => all.some((row) => row.incident_id === id && row.step_index === 1)) &&
          all.length === incidents.length * 4 &&
          all.every((row) => row.state === 'SUCCEEDED')
        );
      },
      45_000,
    );
    // The escalation step that was in Redis when it died was put back under its own id.
    const restored = await escalations.getJob(stepJobId);
    expect(restored).toBeDefined();
    expect(await restored!.getState()).toBe('completed');
    expect(restored!.returnvalue).toBe('fired 1');

    // Give a duplicate (a second relay, a second reconcile) time to show up, then count.
    await sleep(2500);
    const all = await deliveryRows(t);
    expect(all).toHaveLength(incidents.length * 4);
    expect(all.every((row) => ['SENT', 'DELIVERED'].includes(row.alert_state))).toBe(true);
    const email = all.filter((row) => row.channel === 'EMAIL');
    const webhook = all.filter((row) => row.channel === 'WEBHOOK');
    expect(email).toHaveLength(incidents.length * 2);
    expect(webhook).toHaveLength(incidents.length * 2);

    const mailIds = counts(mail.received.map((m) => m.messageId));
    expect([...mailIds].filter(([, n]) => n > 1)).toEqual([]); // no Message-ID twice
    expect([...mailIds.keys()].sort()).toEqual(
      email.map((row) => `<alert.${row.alert_id}@renkei.test>`).sort(),
    );
    const hookIds = counts(hooks.received.map((h) => h.id));
    expect([...hookIds].filter(([, n]) => n > 1)).toEqual([]); // no webhook-id twice
    expect([...hookIds.keys()].sort()).toEqual(webhook.map((row) => row.id).sort());
    expect(hooks.received.every((h) => h.verified)).toBe(true);
  }, 90_000);
});

/**
 * A slow endpoint in front of the webhook receiver: each request is held until the gate opens, then
 * for `delayMs`, then forwarded as it came (so the receiver still verifies the signature).
 */
async function slowEndpoint(target: (path: string) => string, delayMs: number) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const server = createServer((request, response) => {
    // A sender killed mid-request resets its connection: nothing to answer then.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      await opened;
      await sleep(delayMs);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
        headers[name] = String(request.headers[name] ?? '');
      }
      try {
        const forwarded = await fetch(target(request.url ?? '/'), {
          method: 'POST',
          headers,
          body: Buffer.concat(chunks),
        });
        response.writeHead(forwarded.status, { 'content-type': 'application/json' });
        response.end(await forwarded.text());
      } catch {
        response.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    open,
    close: async () => {
      open();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A TCP relay to the mail sink that turns a killed client's connection reset into an orderly close:
 * the sink's smtp-server emits an unhandled 'error' (failing the test run) on a reset in the middle
 * of a mail transaction, which is exactly what killing a worker mid-burst can cause.
 */
async function orderlyRelay(url: string) {
  const target = new URL(url);
  const server = createTcpServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    client.pipe(upstream).on('error', () => undefined);
    upstream.pipe(client).on('error', () => undefined);
    client.on('error', () => upstream.end());
    client.on('close', () => upstream.end());
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('alerting when a worker process is killed mid-burst and restarted', () => {
  const INCIDENTS = 30;
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let endpoint: Awaited<ReturnType<typeof slowEndpoint>>;
  let smtp: Awaited<ReturnType<typeof orderlyRelay>>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    mail = await startMailSink();
    smtp = await orderlyRelay(mail.url);
    hooks = await startWebhookReceiver();
    endpoint = await slowEndpoint(hooks.url, 100);
    // The API alone: it writes alerts and outbox rows; the worker processes relay and deliver.
    t = await startTestApp({ env: { PUBLIC_URL: 'http://renkei.test' } });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await endpoint?.close();
    await smtp?.close();
    await t?.close();
    await mail?.close();
    await hooks?.close();
  });

  const startWorker = async () => {
    const worker = await startWorkerProcess(
      workerEnvironment(t, {
        SMTP_URL: smtp.url,
        WEBHOOK_ALLOWED_NETWORKS: 'loopback',
        OUTBOX_POLL_MS: '200',
        RECONCILE_INTERVAL_MS: '1000',
        DELIVERY_CONCURRENCY: '2',
        DELIVERY_TIMEOUT_MS: '60000',
        DELIVERY_BACKOFF_BASE_MS: '50',
        DELIVERY_BACKOFF_MAX_MS: '200',
        DELIVERY_MAX_ATTEMPTS: '3',
        QUEUE_LOCK_DURATION_MS: '3000',
      }),
    );
    workers.push(worker);
    return worker;
  };

  it('delivers every alert, each under one stable id, after the crash', async () => {
    const [first, { report }] = await Promise.all([
      startWorker(),
      cityWithVendor(t, hooks, { escalateAfterSeconds: 600, urlOf: endpoint.url }),
    ]);

    // The burst: every report succeeds at once; the deliveries queue up behind the slow endpoint.
    // (The next step waits ten minutes: no outbox rows are written while the worker is killed.)
    const incidents: string[] = [];
    for (let i = 0; i < INCIDENTS; i += 10) {
      incidents.push(
        ...(await Promise.all(Array.from({ length: 10 }, (_, j) => report(`Burst ${i + j + 1}`)))),
      );
    }
    await until('the outbox is relayed', async () => {
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM outbox_message`);
      return count === 0;
    });
    endpoint.open();

    // Some, not all, webhooks are through: the worker dies without any chance to clean up.
    await hooks.waitFor((received) => received.length >= 10);
    await first.stop('SIGKILL');
    const beforeCrash = new Set(hooks.received.map((hook) => hook.id)).size;
    expect(beforeCrash).toBeGreaterThanOrEqual(10);
    expect(beforeCrash).toBeLessThan(INCIDENTS * 2);

    // A new worker takes over: the dead one's running jobs are found stalled and run again.
    await startWorker();
    await until(
      'every delivery succeeded',
      async () => {
        const rows = await deliveryRows(t);
        return rows.length === INCIDENTS * 3 && rows.every((row) => row.state === 'SUCCEEDED');
      },
      45_000,
    );
    await hooks.waitFor((received) => new Set(received.map((hook) => hook.id)).size >= INCIDENTS * 2);
    await sleep(1500); // a late duplicate would show up now

    const rows = await deliveryRows(t);
    // Each incident: three incident windows (one by email, two by webhook).
    expect(rows).toHaveLength(INCIDENTS * 3);
    expect(rows.every((row) => ['SENT', 'DELIVERED'].includes(row.alert_state))).toBe(true);
    expect(new Set(rows.map((row) => row.alert_id)).size).toBe(INCIDENTS * 3); // one delivery per alert
    const webhook = rows.filter((row) => row.channel === 'WEBHOOK');
    const email = rows.filter((row) => row.channel === 'EMAIL');
    expect(webhook).toHaveLength(INCIDENTS * 2);
    expect(email).toHaveLength(INCIDENTS);

    // Webhooks: one id per delivery row, none outside them; a repeat carries the same id and alert.
    expect(hooks.received.every((hook) => hook.verified)).toBe(true);
    const hookIds = counts(hooks.received.map((hook) => hook.id));
    expect([...hookIds.keys()].sort()).toEqual(webhook.map((row) => row.id).sort());
    const alertOf = new Map(webhook.map((row) => [row.id, row.alert_id]));
    for (const hook of hooks.received) {
      expect(hook.payload.data.deliveryId).toBe(hook.id);
      expect(hook.payload.data.alert.id).toBe(alertOf.get(hook.id));
    }
    // Mails: one Message-ID per email alert, none outside them.
    const mailIds = counts(mail.received.map((m) => m.messageId));
    expect([...mailIds.keys()].sort()).toEqual(
      email.map((row) => `<alert.${row.alert_id}@renkei.test>`).sort(),
    );
    // Only what was in flight when the worker died (DELIVERY_CONCURRENCY = 2) may have gone twice.
    const repeats = [...hookIds.values(), ...mailIds.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(repeats).toBeLessThanOrEqual(2);
  }, 120_000);
});
