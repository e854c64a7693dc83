import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { PlatformRole } from '@renkei/core/context/actor';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { startMailSink } from '../support/mail-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { WorkerProcess, startWorkerProcess, workerEnvironment } from '../support/worker-process';

/**
 * A compressed tabletop exercise, end to end on PostgreSQL + Redis with a separate worker process:
 * injects go out by email and signed webhook to the playing organisations only (never to an
 * organisation outside the exercise, nor to the external authority the scenario names), are marked as
 * a drill, are acknowledged through GraphQL and the landing page, survive a pause and a worker killed
 * mid-run without a duplicate or a missed inject, stay out of the incident register, and end in an
 * after-action report whose acknowledgement table is what the receivers saw. Socket clients of a
 * playing organisation see only its side.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await sleep(100);
  }
}

const SCENARIO = `mutation($content: ScenarioContentInput!) { createExerciseScenario(content: $content) { id current { number injects { key } } } }`;
const CREATE = `mutation($input: CreateExerciseInput!) { createExercise(input: $input) { id status scenarioVersionNumber injects { id key } } }`;
const EXERCISE = `query($id: ID!) { exercise(id: $id) { id status clockSeconds
  injects { id key sequence state sentAt latenessMs incidentId recipientOrganisationIds
            acknowledgements { organisationId acknowledgedAt acknowledgedBy } }
  responses { organisationId kind text } ratings { actionKey rating } events { kind organisationId message } } }`;

interface ExerciseEvent {
  exerciseId: string;
  kind: string;
  data: Record<string, any>;
}

describe('a tabletop exercise through the real alerting chain', () => {
  let t: TestApp;
  let worker: WorkerProcess | undefined;
  let mail: Awaited<ReturnType<typeof startMailSink>>;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    mail = await startMailSink();
    hooks = await startWebhookReceiver();
    t = await startTestApp({
      env: {
        SMTP_URL: mail.url,
        WEBHOOK_ALLOWED_NETWORKS: 'loopback',
        OUTBOX_POLL_MS: '200',
        PUBLIC_URL: 'http://renkei.test',
      },
    });
    worker = await startWorkerProcess(
      workerEnvironment(t, {
        SMTP_URL: mail.url,
        WEBHOOK_ALLOWED_NETWORKS: 'loopback',
        OUTBOX_POLL_MS: '200',
      }),
    );
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await worker?.stop('SIGKILL');
    await t?.close();
    await mail?.close();
    await hooks?.close();
  });

  function connect(
    token: string,
  ): Promise<{ socket: Socket; events: ExerciseEvent[]; register: { name: string; payload: any }[] }> {
    const socket = io(t.url, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
    });
    sockets.push(socket);
    const events: ExerciseEvent[] = [];
    socket.on('exercise.event', (event: ExerciseEvent) => events.push(event));
    // The register's own live news (incident.* and alert.updated), which drills must stay out of.
    const register: { name: string; payload: any }[] = [];
    for (const name of ['incident.created', 'incident.updated', 'incident.timeline', 'alert.updated']) {
      socket.on(name, (payload: any) => register.push({ name, payload }));
    }
    return new Promise((resolve, reject) => {
      socket.once('ready', () => resolve({ socket, events, register }));
      socket.once('connect_error', reject);
    });
  }

  function join(socket: Socket, id: string): Promise<{ ok: boolean; error?: string; rooms?: string[] }> {
    return socket.timeout(5000).emitWithAck('join', { kind: 'exercise', id });
  }

  it('runs a compressed exercise with three organisations from start to after-action report', async () => {
    const f = new Fixtures(t.dataSource);
    const box = new SecretBox(t.config.encryptionKey);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const vendor = await f.organisation({ guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    const service = await f.organisation({ guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    const data = await f.organisation({ guidelineRoles: [GuidelineRole.DATA_PROVIDER] });
    // Not in the exercise, though the scenario's audience names them (by role, and by name).
    const outsider = await f.organisation({ guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    const authority = await f.organisation({ guidelineRoles: [GuidelineRole.EXTERNAL_AUTHORITY] });
    const cityWindow = await f.contact(city as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
    const vendorWindow = await f.contact(vendor as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    hooks.trust('/vendor-soc', secret);
    await f.contact(vendor as OrganisationEntity, ContactKind.INCIDENT_WINDOW, {
      name: 'Vendor SOC',
      email: null,
      webhookUrl: hooks.url('/vendor-soc'),
      webhookSecretSealed: box.encrypt(secret),
      channelOrder: ['WEBHOOK'],
    } as never);
    const serviceWindow = await f.contact(service as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
    const dataWindow = await f.contact(data as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
    const outsiderWindow = await f.contact(outsider as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
    const authorityWindow = await f.contact(authority as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
    const insiders = [vendorWindow, serviceWindow, dataWindow].map((c) => c.email as string);
    const nobody = [cityWindow, outsiderWindow, authorityWindow].map((c) => c.email as string);

    const coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    const serviceUser = await f.user(service, PlatformRole.RESPONDER);
    const servicePlayer = await t.login(serviceUser.email, PASSWORD);
    const dataPlayer = await t.login((await f.user(data, PlatformRole.RESPONDER)).email, PASSWORD);
    const outsiderUser = await t.login((await f.user(outsider, PlatformRole.RESPONDER)).email, PASSWORD);

    // The scenario: the first inject by role, the second to named organisations (one outside), the
    // third to everyone by role. At 30× a 300 s offset is 10 s of wall time.
    const inject = (key: string, offsetSeconds: number, audience: Record<string, unknown>, extra = {}) => ({
      key,
      offsetSeconds,
      titleJa: `状況 ${key}`,
      titleEn: `Situation ${key}`,
      textJa: `${key}: 都市OSへの不審なログイン`,
      textEn: `${key}: suspicious logins to the city OS`,
      audience: { roles: [], duties: [], organisationIds: [], contactIds: [], ...audience },
      acknowledgementRequired: true,
      expectedActions: [],
      ...extra,
    });
    const { createExerciseScenario: scenario } = await t.gqlOk(
      SCENARIO,
      {
        content: {
          titleJa: '別サービス経由の不正ログイン',
          titleEn: 'Unauthorised login through another service',
          narrativeJa: '§3.3.3',
          narrativeEn: '§3.3.3',
          objectives: [
            { key: 'IR-2', textJa: '連絡体制', textEn: 'Contact structure', checkSheetKeys: ['IR-2'] },
          ],
          injects: [
            inject(
              'I1',
              0,
              { roles: ['CITY_OS_VENDOR', 'SERVICE_PROVIDER'] },
              {
                expectedActions: [
                  {
                    key: 'A1',
                    descriptionJa: '都市OSベンダがアクセスログを収集する',
                    descriptionEn: 'The city-OS vendor collects access logs',
                    byRoles: ['CITY_OS_VENDOR'],
                    byOrganisationIds: [],
                    withinSeconds: 1800,
                    weight: 2,
                    objectiveKey: 'IR-2',
                  },
                ],
              },
            ),
            inject('I2', 300, { organisationIds: [data.id, authority.id] }),
            inject('I3', 360, { roles: ['CITY_OS_VENDOR', 'SERVICE_PROVIDER', 'DATA_PROVIDER'] }),
          ],
        },
      },
      coordinator,
    );
    expect(scenario.current.number).toBe(1);
    const { createExercise: exercise } = await t.gqlOk(
      CREATE,
      {
        input: {
          scenarioId: scenario.id,
          speed: 30,
          severity: 'SEV3',
          participants: [
            { organisationId: vendor.id, role: 'PLAYER' },
            { organisationId: service.id, role: 'PLAYER' },
            { organisationId: data.id, role: 'PLAYER' },
          ],
        },
      },
      coordinator,
    );
    expect(exercise.status).toBe('SCHEDULED');
    const injectId = Object.fromEntries(
      exercise.injects.map((i: { id: string; key: string }) => [i.key, i.id]),
    );

    // Live: the facilitator sees everything, a player its own side, an outsider nothing at all.
    const staff = await connect(coordinator);
    const player = await connect(servicePlayer);
    const stranger = await connect(outsiderUser);
    expect((await join(staff.socket, exercise.id)).ok).toBe(true);
    expect((await join(player.socket, exercise.id)).ok).toBe(true);
    expect(await join(stranger.socket, exercise.id)).toEqual({ ok: false, error: 'NOT_FOUND' });
    const outsiderView = await t.gql(EXERCISE, { id: exercise.id }, outsiderUser);
    expect(outsiderView.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // Start: the first inject goes to the vendor (email and webhook) and the service provider.
    const startedAt = Date.now();
    await t.gqlOk(
      `mutation($id: ID!) { startExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );
    await mail.waitFor((mails) =>
      [vendorWindow, serviceWindow].every((c) => mails.some((m) => m.to.includes(c.email as string))),
    );
    const hook = (await hooks.waitFor((received) => received.some((h) => h.path === '/vendor-soc')))[0];
    expect(hook.verified).toBe(true);
    expect(hook.payload.data.exercise).toMatchObject({ id: exercise.id, injectKey: 'I1', drill: true });
    for (const message of mail.received) expect(message.subject.startsWith('[訓練/DRILL]')).toBe(true);
    const serviceMail = mail.to(serviceWindow.email as string)[0];
    expect(serviceMail.text).toContain('I1: suspicious logins to the city OS');

    // Acknowledgements: the service provider in Renkei, the vendor by its email's link.
    const { acknowledgeExerciseInject: serviceAck } = await t.gqlOk(
      `mutation($id: ID!) { acknowledgeExerciseInject(injectId: $id) { acknowledged at by } }`,
      { id: injectId.I1 },
      servicePlayer,
    );
    expect(serviceAck.acknowledged).toBe(true);
    const vendorMail = mail.to(vendorWindow.email as string)[0];
    const link = /http:\/\/renkei\.test(\/ack\/[^\s"<>]+)/.exec(vendorMail.text)?.[1];
    expect(link).toBeTruthy();
    const beforeLinkAck = Date.now();
    const landing = await fetch(`${t.url}${link}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Vendor%20duty%20officer',
    });
    expect(landing.status).toBe(200);
    const afterLinkAck = Date.now();
    // From the same link, the vendor records what it did (the landing page offers the form).
    const again = await (await fetch(`${t.url}${link}`)).text();
    expect(again).toContain(`action="/exercises/respond/`);
    const responded = await fetch(`${t.url}${link!.replace('/ack/', '/exercises/respond/')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'kind=ACTION&text=Collected%20the%20API%20access%20logs&name=Vendor%20duty%20officer',
    });
    expect(responded.status).toBe(200);
    const forged = await fetch(`${t.url}/exercises/respond/not-a-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'text=x',
    });
    expect(forged.status).toBe(400);

    // Pause: the clock holds, nothing more goes out.
    await t.gqlOk(
      `mutation($id: ID!) { pauseExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );
    const pausedView = (await t.gqlOk(EXERCISE, { id: exercise.id }, coordinator)).exercise;
    expect(pausedView.status).toBe('PAUSED');
    const heldAt = pausedView.clockSeconds;
    await sleep(1500);
    const stillHeld = (await t.gqlOk(EXERCISE, { id: exercise.id }, coordinator)).exercise;
    expect(stillHeld.clockSeconds).toBe(heldAt);
    expect(stillHeld.injects.filter((i: { state: string }) => i.state === 'SENT')).toHaveLength(1);

    // Resume, and kill the worker before the second inject is due: a new worker sends it once.
    await t.gqlOk(
      `mutation($id: ID!) { resumeExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );
    await worker!.stop('SIGKILL');
    const [{ due }] = await t.dataSource.query(`SELECT due_at AS due FROM exercise_inject WHERE id = $1`, [
      injectId.I2,
    ]);
    await sleep(Math.max(0, new Date(due).getTime() - Date.now()) + 1000);
    expect(mail.to(dataWindow.email as string)).toHaveLength(0);
    worker = await startWorkerProcess(
      workerEnvironment(t, {
        SMTP_URL: mail.url,
        WEBHOOK_ALLOWED_NETWORKS: 'loopback',
        OUTBOX_POLL_MS: '200',
      }),
    );
    await until('the second and third injects are sent', async () => {
      const view = (await t.gqlOk(EXERCISE, { id: exercise.id }, coordinator)).exercise;
      return view.injects.every((i: { state: string }) => i.state === 'SENT');
    });
    await mail.waitFor((mails) => mails.filter((m) => m.to.includes(dataWindow.email as string)).length >= 2);
    // An unplanned complication, by hand, to the data provider.
    await t.gqlOk(
      `mutation($id: ID!, $input: AdHocInjectInput!) { sendAdHocInject(id: $id, input: $input) { key state } }`,
      {
        id: exercise.id,
        input: {
          titleJa: '報道機関からの問い合わせ',
          titleEn: 'A journalist calls',
          textJa: '報道機関から問い合わせがありました',
          textEn: 'A journalist asks about the outage',
          audience: { organisationIds: [data.id] },
        },
      },
      coordinator,
    );
    await mail.waitFor((mails) => mails.filter((m) => m.to.includes(dataWindow.email as string)).length >= 3);
    await sleep(1000); // anything sent twice would have arrived by now

    // Exactly once per inject and organisation, by every channel; nothing outside the exercise.
    const drillMails = mail.received.filter((m) => m.subject.startsWith('[訓練/DRILL]'));
    expect(drillMails).toHaveLength(mail.received.length);
    const injectsTo = (address: string) =>
      mail
        .to(address)
        .map((m) => /Situation (I\d)|(A journalist calls)/.exec(m.subject))
        .map((match) => match?.[1] ?? (match?.[2] ? 'ADHOC-4' : 'other'))
        .sort();
    expect(injectsTo(vendorWindow.email as string)).toEqual(['I1', 'I3']);
    expect(injectsTo(serviceWindow.email as string)).toEqual(['I1', 'I3']);
    expect(injectsTo(dataWindow.email as string)).toEqual(['ADHOC-4', 'I2', 'I3']);
    for (const address of nobody) expect(mail.to(address)).toHaveLength(0);
    expect(mail.received.every((m) => m.to.every((address) => insiders.includes(address)))).toBe(true);
    const vendorHooks = hooks.at('/vendor-soc');
    const hookKeys = vendorHooks
      .filter((h) => h.payload.type !== 'alert.acknowledged')
      .map((h) => h.payload.data.exercise.injectKey);
    expect(hookKeys.filter((key: string) => key === 'I1')).toHaveLength(1);
    expect(hookKeys.filter((key: string) => key === 'I3')).toHaveLength(1);
    expect(hookKeys).not.toContain('I2');
    const [{ alerts }] = await t.dataSource.query(
      `SELECT count(*)::int AS alerts FROM alert a JOIN incident i ON i.id = a.incident_id
        WHERE i.exercise_id = $1 AND a.purpose = 'INITIAL'`,
      [exercise.id],
    );
    // I1: vendor (2 contacts) + service; I2: data; I3: vendor (2) + service + data; ad hoc: data.
    expect(alerts).toBe(3 + 1 + 4 + 1);
    const sentTwice = await t.dataSource.query(
      `SELECT key FROM exercise_inject WHERE exercise_id = $1 GROUP BY key HAVING count(*) > 1`,
      [exercise.id],
    );
    expect(sentTwice).toEqual([]);

    // The drills never reach the register.
    const register = await t.gqlOk(
      `{ incidents(page: { first: 100 }) { totalCount edges { node { id } } } }`,
      {},
      coordinator,
    );
    expect(register.incidents.totalCount).toBe(0);

    // The player's socket saw its own side only; the facilitator's saw everything.
    await until('the facilitator saw every inject', () =>
      ['I1', 'I2', 'I3'].every((key) =>
        staff.events.some((e) => e.kind === 'inject.sent' && e.data.key === key),
      ),
    );
    const playerInjects = player.events.filter((e) => e.kind === 'inject.sent').map((e) => e.data.key);
    expect(playerInjects).toEqual(expect.arrayContaining(['I1', 'I3']));
    expect(playerInjects).not.toContain('I2');
    expect(playerInjects.some((key: string) => key.startsWith('ADHOC'))).toBe(false);
    for (const event of player.events) {
      if (['delivery', 'acknowledged', 'response'].includes(event.kind)) {
        expect(event.data.organisationId).toBe(service.id);
      }
      expect(event.kind).not.toBe('rating');
    }
    expect(player.events.some((e) => e.kind === 'exercise.paused')).toBe(true);
    expect(staff.events.some((e) => e.kind === 'delivery' && e.data.organisationId === vendor.id)).toBe(true);
    expect(stranger.events).toHaveLength(0);
    // The register's city-wide screens never hear of a drill; a player hears only its own alerts.
    expect(staff.register).toEqual([]);
    expect(stranger.register).toEqual([]);
    for (const news of player.register.filter((n) => n.name === 'alert.updated')) {
      expect(news.payload.organisationId).toBe(service.id);
    }

    // A player reads only what was sent to it.
    const dataView = (await t.gqlOk(EXERCISE, { id: exercise.id }, dataPlayer)).exercise;
    expect(dataView.injects.map((i: { key: string }) => i.key).sort()).toEqual(['ADHOC-4', 'I2', 'I3']);
    for (const i of dataView.injects) {
      for (const a of i.acknowledgements) expect(a.organisationId).toBe(data.id);
    }
    expect(dataView.ratings).toEqual([]);
    // …and not the evaluators' answer key, nor who else an inject went to.
    const keyView = (
      await t.gqlOk(
        `query($id: ID!) { exercise(id: $id) { injects { key recipientOrganisationIds audience { roles organisationIds } expectedActions { key } } } }`,
        { id: exercise.id },
        servicePlayer,
      )
    ).exercise.injects;
    const i1 = keyView.find((i: { key: string }) => i.key === 'I1');
    expect(i1).toEqual({
      key: 'I1',
      recipientOrganisationIds: [service.id],
      audience: { roles: [], organisationIds: [] },
      expectedActions: [],
    });

    // Responses and a rating, then the finish.
    await t.gqlOk(
      `mutation($id: ID!, $input: ExerciseResponseInput!) { postExerciseResponse(id: $id, input: $input) { id } }`,
      {
        id: exercise.id,
        input: { injectId: injectId.I1, kind: 'DECISION', text: 'Suspend the integration account' },
      },
      servicePlayer,
    );
    await t.gqlOk(
      `mutation($id: ID!, $input: RateActionInput!) { rateExpectedAction(id: $id, input: $input) { rating } }`,
      {
        id: exercise.id,
        input: { injectId: injectId.I1, actionKey: 'A1', rating: 'PARTIALLY_MET', note: 'late' },
      },
      coordinator,
    );
    const responses = (await t.gqlOk(EXERCISE, { id: exercise.id }, coordinator)).exercise.responses;
    expect(responses).toEqual(
      expect.arrayContaining([
        { organisationId: vendor.id, kind: 'ACTION', text: 'Collected the API access logs' },
        { organisationId: service.id, kind: 'DECISION', text: 'Suspend the integration account' },
      ]),
    );
    // A player reads its own organisation's responses only.
    const seenByData = (await t.gqlOk(EXERCISE, { id: exercise.id }, dataPlayer)).exercise.responses;
    expect(seenByData).toEqual([]);
    await t.gqlOk(
      `mutation($id: ID!) { finishExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );

    // Acknowledgements ended with the exercise (its report is frozen).
    const late = await t.gql(
      `mutation($id: ID!) { acknowledgeExerciseInject(injectId: $id) { acknowledged } }`,
      { id: injectId.I2 },
      dataPlayer,
    );
    expect(late.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // The after-action report: the acknowledgement table is what the receivers saw.
    const { exercise: finished } = await t.gqlOk(
      `query($id: ID!) { exercise(id: $id) { status afterActionReport(format: MARKDOWN, language: en) { content document }
         improvementItems { findingKey ownerOrganisationId linkKind } } }`,
      { id: exercise.id },
      coordinator,
    );
    expect(finished.status).toBe('FINISHED');
    const report = finished.afterActionReport.content;
    const rowsOf = (organisationId: string) =>
      report.acknowledgements.find((a: { organisationId: string }) => a.organisationId === organisationId)
        ?.rows ?? [];
    const serviceI1 = rowsOf(service.id).find((r: { injectKey: string }) => r.injectKey === 'I1');
    expect(new Date(serviceI1.acknowledgedAt).getTime()).toBe(new Date(serviceAck.at).getTime());
    expect(serviceI1.acknowledgedBy).toBe(serviceAck.by);
    const vendorI1 = rowsOf(vendor.id).find((r: { injectKey: string }) => r.injectKey === 'I1');
    expect(vendorI1.acknowledgedBy).toContain('Vendor duty officer');
    const vendorAckAt = new Date(vendorI1.acknowledgedAt).getTime();
    expect(vendorAckAt).toBeGreaterThanOrEqual(beforeLinkAck - 1000);
    expect(vendorAckAt).toBeLessThanOrEqual(afterLinkAck + 1000);
    const dataRows = rowsOf(data.id);
    expect(dataRows.map((r: { injectKey: string }) => r.injectKey).sort()).toEqual(['ADHOC-4', 'I2', 'I3']);
    expect(dataRows.every((r: { acknowledgedAt: string | null }) => r.acknowledgedAt === null)).toBe(true);
    expect(report.measures.neverAnswered.map((n: { organisationId: string }) => n.organisationId)).toContain(
      data.id,
    );
    expect(report.objectives[0]).toMatchObject({ key: 'IR-2' });
    expect(report.objectives[0].actions[0].rating).toBe('PARTIALLY_MET');
    expect(finished.afterActionReport.document).toContain('IR-2');
    expect(
      finished.improvementItems.some((i: { findingKey: string }) => i.findingKey === `silent:${data.id}`),
    ).toBe(true);
    expect(report.overview.startedAt && new Date(report.overview.startedAt).getTime()).toBeGreaterThanOrEqual(
      startedAt - 1000,
    );

    // The downloads, in both languages, for staff only.
    for (const [format, lang] of [
      ['md', 'ja'],
      ['html', 'en'],
    ]) {
      const response = await fetch(
        `${t.url}/exercises/${exercise.id}/after-action-report?format=${format}&lang=${lang}`,
        {
          headers: { authorization: `Bearer ${coordinator}` },
        },
      );
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(lang === 'ja' ? '訓練' : 'IR-2');
    }
    const denied = await fetch(`${t.url}/exercises/${exercise.id}/after-action-report`, {
      headers: { authorization: `Bearer ${dataPlayer}` },
    });
    expect(denied.status).toBe(404);

    // The drills' escalations ended with the exercise: nothing is pending.
    const [{ active }] = await t.dataSource.query(
      `SELECT count(*)::int AS active FROM escalation e JOIN incident i ON i.id = e.incident_id
        WHERE i.exercise_id = $1 AND e.state = 'ACTIVE'`,
      [exercise.id],
    );
    expect(active).toBe(0);
  });
  it('keeps the scenario version an exercise was planned from; copies examples; jumps the clock; counts no drill in metrics', async () => {
    const f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const player = await f.organisation({ guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    await f.contact(player as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
    const coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);

    // An example cannot be edited in place; a copy can, and every edit is a new version.
    const [example] = await t.dataSource.query(
      `SELECT id, version FROM exercise_scenario WHERE key = 'SCN-3.3.1'`,
    );
    const content = (
      await t.gqlOk(
        `query($id: ID!) { exerciseScenario(id: $id) { current { titleJa titleEn narrativeJa narrativeEn
          objectives { key textJa textEn checkSheetKeys }
          injects { key offsetSeconds titleJa titleEn textJa textEn acknowledgementRequired
                    audience { roles organisationIds contactIds duties { duty componentIds } }
                    expectedActions { key descriptionJa descriptionEn byRoles byOrganisationIds withinSeconds weight objectiveKey } } } } }`,
        { id: example.id },
        coordinator,
      )
    ).exerciseScenario.current;
    const UPDATE = `mutation($id: ID!, $v: Int!, $content: ScenarioContentInput!) {
      updateExerciseScenario(id: $id, expectedVersion: $v, content: $content) { id version currentVersion } }`;
    const refused = await t.gql(UPDATE, { id: example.id, v: example.version, content }, coordinator);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { copyExerciseScenario: copy } = await t.gqlOk(
      `mutation($id: ID!) { copyExerciseScenario(id: $id) { id version currentVersion isExample } }`,
      { id: example.id },
      coordinator,
    );
    expect(copy).toMatchObject({ currentVersion: 1, isExample: false });
    const plan = async () =>
      (
        await t.gqlOk(
          CREATE,
          {
            input: {
              scenarioId: copy.id,
              speed: 1,
              participants: [{ organisationId: player.id, role: 'PLAYER' }],
            },
          },
          coordinator,
        )
      ).createExercise;
    const first = await plan();
    const edited = {
      ...content,
      injects: content.injects.map((inject: any, index: number) =>
        index === 0 ? { ...inject, titleEn: 'Edited first inject' } : inject,
      ),
    };
    const { updateExerciseScenario: v2 } = await t.gqlOk(
      UPDATE,
      { id: copy.id, v: copy.version, content: edited },
      coordinator,
    );
    expect(v2.currentVersion).toBe(2);
    const stale = await t.gql(UPDATE, { id: copy.id, v: copy.version, content: edited }, coordinator);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const second = await plan();
    expect([first.scenarioVersionNumber, second.scenarioVersionNumber]).toEqual([1, 2]);
    const titles = async (id: string) =>
      (await t.gqlOk(`query($id: ID!) { exercise(id: $id) { injects { titleEn } } }`, { id }, coordinator))
        .exercise.injects[0].titleEn;
    expect(await titles(first.id)).toBe(content.injects[0].titleEn);
    expect(await titles(second.id)).toBe('Edited first inject');

    // Real time: the third inject is far off; a jump sends it now and skips the one before it.
    await t.gqlOk(`mutation($id: ID!) { startExercise(id: $id) { status } }`, { id: first.id }, coordinator);
    // The first inject (T+0) goes out from its job in the worker: wait for it, or the jump would find it
    // due but not yet fired (it then goes out as planned, after the jump — a race, not what is tested here).
    await until('the first inject is sent', async () => {
      const [{ state }] = await t.dataSource.query(`SELECT state FROM exercise_inject WHERE id = $1`, [
        first.injects[0].id,
      ]);
      return state === 'SENT';
    });
    const third = first.injects[2];
    const { jumpToExerciseInject: jumped } = await t.gqlOk(
      `mutation($id: ID!, $inject: ID!) { jumpToExerciseInject(id: $id, injectId: $inject) { status clockSeconds } }`,
      { id: first.id, inject: third.id },
      coordinator,
    );
    expect(jumped.status).toBe('RUNNING');
    const states = (
      await t.gqlOk(
        `query($id: ID!) { exercise(id: $id) { injects { key state } } }`,
        { id: first.id },
        coordinator,
      )
    ).exercise.injects.map((i: { key: string; state: string }) => i.state);
    expect(states.slice(0, 3)).toEqual(['SENT', 'SKIPPED', 'SENT']);
    expect(states.slice(3).every((state: string) => state === 'PENDING')).toBe(true);
    await t.gqlOk(`mutation($id: ID!) { cancelExercise(id: $id) { status } }`, { id: first.id }, coordinator);

    // Drills never count in the register's metrics.
    const { incidentMetrics } = await t.gqlOk(
      `query($input: IncidentMetricsInput!) { incidentMetrics(input: $input) { incidentCount } }`,
      {
        input: {
          from: new Date(Date.now() - 86_400_000).toISOString(),
          to: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
      coordinator,
    );
    expect(incidentMetrics.incidentCount).toBe(0);
    const [{ drills }] = await t.dataSource.query(
      `SELECT count(*)::int AS drills FROM incident WHERE exercise_id IS NOT NULL`,
    );
    expect(drills).toBeGreaterThan(0);
  });

  /** A started SEV1 exercise whose one inject (far off) was jumped to: its drill incident, sent to `player`. */
  async function drillIncident() {
    const f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const player = await f.organisation({ guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    const outsider = await f.organisation({ guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    await f.contact(player as OrganisationEntity, ContactKind.INCIDENT_WINDOW);
    const coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    const responder = await t.login((await f.user(player, PlatformRole.RESPONDER)).email, PASSWORD);
    const { createExerciseScenario: scenario } = await t.gqlOk(
      SCENARIO,
      {
        content: {
          titleJa: '閉じた訓練',
          titleEn: 'A closed drill',
          narrativeJa: '訓練',
          narrativeEn: 'Drill',
          objectives: [],
          injects: [
            {
              key: 'I1',
              offsetSeconds: 3600,
              titleJa: '状況',
              titleEn: 'Situation',
              textJa: '不審なログイン',
              textEn: 'Suspicious logins',
              audience: { roles: [], duties: [], organisationIds: [player.id], contactIds: [] },
              acknowledgementRequired: true,
              expectedActions: [],
            },
          ],
        },
      },
      coordinator,
    );
    const { createExercise: exercise } = await t.gqlOk(
      CREATE,
      {
        input: {
          scenarioId: scenario.id,
          severity: 'SEV1',
          participants: [{ organisationId: player.id, role: 'PLAYER' }],
        },
      },
      coordinator,
    );
    await t.gqlOk(
      `mutation($id: ID!) { startExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );
    await t.gqlOk(
      `mutation($id: ID!, $inject: ID!) { jumpToExerciseInject(id: $id, injectId: $inject) { status } }`,
      { id: exercise.id, inject: exercise.injects[0].id },
      coordinator,
    );
    const [{ incident_id: drillId }] = await t.dataSource.query(
      `SELECT incident_id FROM exercise_inject WHERE id = $1`,
      [exercise.injects[0].id],
    );
    expect(drillId).toBeTruthy();
    return { f, exercise, drillId: drillId as string, coordinator, responder, outsider };
  }

  it('opens no statutory reporting obligation for a drill incident, whatever its facts', async () => {
    const authority = await new Fixtures(t.dataSource).organisation({
      guidelineRoles: [GuidelineRole.EXTERNAL_AUTHORITY],
    });
    const admin = await t.login(
      (await new Fixtures(t.dataSource).user(authority, PlatformRole.ADMIN)).email,
      PASSWORD,
    );
    // A city rule that every SEV1 incident is reported to the authority: a drill's is not an incident.
    await t.gqlOk(
      `mutation($input: ReportingRuleInput!) { createReportingRule(input: $input) { id } }`,
      {
        input: {
          key: 'SEV1_TO_AUTHORITY',
          nameJa: '重大インシデントの報告',
          nameEn: 'Report of a SEV1 incident',
          authorityOrganisationId: authority.id,
          trigger: [{ kind: 'SEVERITY_AT_LEAST', severity: 'SEV1' }],
          stages: [
            {
              key: 'first',
              nameJa: '速報',
              nameEn: 'First report',
              anchor: 'AWARENESS',
              duration: { seconds: 3600 },
              remindBefore: [{ seconds: 600 }],
            },
          ],
        },
      },
      admin,
    );
    const { drillId, responder } = await drillIncident();
    const obligations = async () =>
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM obligation WHERE incident_id = $1`, [
          drillId,
        ])
      )[0].n;
    expect(await obligations()).toBe(0);
    // Nor when a player marks it as involving personal data (the facts other rules trigger on).
    await t.gqlOk(
      `mutation($id: ID!) { updateIncident(id: $id, input: { personalDataInvolved: true, safetyImpact: true }) { id } }`,
      { id: drillId },
      responder,
    );
    expect(await obligations()).toBe(0);
  });

  it('keeps a drill incident to its exercise: no wider sharing, no organisation from outside, no reopening after the end', async () => {
    const { exercise, drillId, coordinator, responder, outsider } = await drillIncident();
    // A player works the drill incident, but cannot widen who sees it or bring in another organisation.
    const shared = await t.gql(
      `mutation($id: ID!) { updateIncident(id: $id, input: { tlp: CLEAR }) { tlp } }`,
      { id: drillId },
      responder,
    );
    expect(shared.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tlp' });
    const widened = await t.gql(
      `mutation($id: ID!, $org: ID!) { addIncidentParticipant(id: $id, organisationId: $org) { id } }`,
      { id: drillId, org: outsider.id },
      responder,
    );
    expect(widened.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'organisationId',
    });
    const outsiderUser = await new Fixtures(t.dataSource).user(outsider, PlatformRole.RESPONDER);
    const named = await t.gql(
      `mutation($id: ID!, $input: IncidentRoleInput!) { assignIncidentRole(id: $id, input: $input) { id } }`,
      { id: drillId, input: { userId: outsiderUser.id, role: 'LIAISON' } },
      responder,
    );
    expect(named.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.userId' });
    const noted = await t.gql(
      `mutation($id: ID!) { addIncidentNote(id: $id, input: { message: "Isolated the account" }) { id } }`,
      { id: drillId },
      responder,
    );
    expect(noted.errors).toBeUndefined();
    const [drill] = await t.dataSource.query(
      `SELECT tlp, (SELECT count(*)::int FROM incident_participant p WHERE p.incident_id = i.id) AS participants,
              (SELECT count(*)::int FROM incident_member m WHERE m.incident_id = i.id) AS members
         FROM incident i WHERE i.id = $1`,
      [drillId],
    );
    expect(drill).toEqual({ tlp: 'AMBER', participants: 1, members: 0 });

    // The exercise's end closes its drills for good: reopening one would restart the chase.
    await t.gqlOk(
      `mutation($id: ID!) { finishExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );
    const reopened = await t.gql(
      `mutation($id: ID!) { transitionIncident(id: $id, input: { status: RESPONDING }) { status } }`,
      { id: drillId },
      responder,
    );
    expect(reopened.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.status' });
    const [{ status }] = await t.dataSource.query(`SELECT status FROM incident WHERE id = $1`, [drillId]);
    expect(status).toBe('CLOSED');
  });
});
