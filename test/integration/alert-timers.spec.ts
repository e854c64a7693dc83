import { AlertQueue } from '@renkei/alerting/outbox';
import { PlatformRole } from '@renkei/core/context/actor';
import { QueueFactory, QueueName } from '@renkei/core/queue/queue-factory';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { startMailSink } from '../support/mail-sink';
import { TestApp, startTestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Reminders and re-escalations are delayed jobs; a queue that loses them (Redis restarted without
 * persistence) must not lose the chase: the worker's reconciler derives their due times from the
 * alerts and the policy copy and puts overdue ones back.
 */
describe('alert timers survive a queue that lost their jobs', () => {
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let coordinator: string;
  let component: { id: string };

  beforeAll(async () => {
    mail = await startMailSink();
    t = await startTestApp({
      modules: [WorkerModule],
      env: { SMTP_URL: mail.url, OUTBOX_POLL_MS: '200', RECONCILE_INTERVAL_MS: '500' },
    });
    const f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const vendor = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    await f.contact(vendor as never, ContactKind.INCIDENT_WINDOW);
    component = await f.component({ nameJa: '都市OS' });
    await f.assign(component as never, vendor as never, Duty.RESPONSIBLE);
    const admin = await f.user(city, PlatformRole.ADMIN);
    coordinator = await t.login(admin.email, PASSWORD);
    await t.gqlOk(
      `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`,
      {
        input: {
          name: 'timers',
          categories: ['MALWARE'],
          reminderIntervalSeconds: 1,
          maxReminders: 1,
          steps: [{ escalateAfterSeconds: 600, targets: [{ kind: 'DUTY', duties: ['RESPONSIBLE'] }] }],
        },
      },
      coordinator,
    );
  });

  afterAll(async () => {
    await t?.close();
    await mail?.close();
  });

  it('puts back a lost reminder job, and the reminder goes out once', async () => {
    const { reportIncident } = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } } }`,
      { input: { title: 'timers', severity: 'SEV3', category: 'MALWARE', componentIds: [component.id] } },
      coordinator,
    );
    const id = reportIncident.incident.id;
    const [alert] = await t.dataSource.query(`SELECT id FROM alert WHERE incident_id = $1`, [id]);
    const queue = t.app.get(QueueFactory).queue(AlertQueue.ESCALATIONS as QueueName);
    const jobId = `remind_${alert.id}_1`;
    // The queue loses the reminder before it is due.
    const job = await until(() => queue.getJob(jobId), 10_000);
    await job.remove();
    expect(await queue.getJob(jobId)).toBeUndefined();

    const reminders = await until(async () => {
      const rows = await t.dataSource.query(
        `SELECT id FROM alert WHERE incident_id = $1 AND purpose = 'REMINDER'`,
        [id],
      );
      return rows.length ? rows : null;
    }, 20_000);
    expect(reminders).toHaveLength(1);
    // And only once: the put-back job exists now, later passes leave it alone.
    await sleep(1500);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM alert WHERE incident_id = $1 AND purpose = 'REMINDER'`,
      [id],
    );
    expect(count).toBe(1);
  });
});
