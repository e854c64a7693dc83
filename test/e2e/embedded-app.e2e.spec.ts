import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import { createTestDatabase } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const STANDALONE = join(ROOT, 'dist/apps/api/src/standalone.js');
const API = join(ROOT, 'dist/apps/api/src/main.js');
const MIGRATE = join(ROOT, 'dist/scripts/migrate.js');
const DEMO_PASSWORD = 'demo-password-2026';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  process: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function start(script: string, env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`did not become ready: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    process: child,
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

async function login(url: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const result = await gql(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
    i: { email, password },
  });
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data.login.accessToken;
}

function listen(
  url: string,
  token: string,
): Promise<{ socket: Socket; events: { name: string; id: string }[] }> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
  });
  const events: { name: string; id: string }[] = [];
  socket.on('incident.created', (p) => events.push({ name: 'created', id: p.incident.id }));
  socket.on('incident.updated', (p) => events.push({ name: 'updated', id: p.incident.id }));
  return new Promise((resolve, reject) => {
    socket.once('ready', () => resolve({ socket, events }));
    socket.once('connect_error', reject);
  });
}

describe('Renkei as a newcomer runs it (built app, embedded storage)', () => {
  let dataDir: string;
  let app: Running;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'renkei-e2e-'));
    app = await start(STANDALONE, { DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints where it listens, the generated admin password and the demo logins', () => {
    expect(app.output()).toContain('/graphql');
    expect(app.output()).toMatch(/Administrator\s+admin@renkei\.local/);
    expect(app.output()).toMatch(/Password\s+\S{16,}/);
    expect(app.output()).toContain('coordinator@minato-city.example.jp');
  });

  it('answers health, metrics, and refuses anonymous GraphQL', async () => {
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    const ready: any = await (await fetch(`${app.url}/health/ready`)).json();
    expect(ready.checks).toMatchObject({
      database: { status: 'up' },
      queue: { status: 'up', backend: 'postgres' },
    });
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('renkei_http_request_duration_seconds');
    const anonymous = await gql(app.url, `{ incidents { totalCount } }`);
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('walks the story: gap report, a report that derives who is responsible, live updates only to those involved', async () => {
    const coordinator = await login(app.url, 'coordinator@minato-city.example.jp');
    const gaps = await gql(
      app.url,
      `{ responsibilityGaps { componentsWithoutResponsible { nameJa } } }`,
      {},
      coordinator,
    );
    expect(gaps.data.responsibilityGaps.componentsWithoutResponsible.map((c: any) => c.nameJa)).toEqual([
      '河川水位カメラ（試験導入）',
    ]);

    const components = await gql(app.url, `{ components { id nameJa } }`, {}, coordinator);
    const gateway = components.data.components.find((c: any) => c.nameJa.includes('APIゲートウェイ'));
    expect(gateway).toBeDefined();
    const parties = await gql(
      app.url,
      `query($ids: [ID!]!) { partiesForComponents(input: { componentIds: $ids }) { organisation { id nameJa } duties } }`,
      { ids: [gateway.id] },
      coordinator,
    );
    const responsible = parties.data.partiesForComponents.filter((p: any) =>
      p.duties.includes('RESPONSIBLE'),
    );
    expect(responsible.length).toBeGreaterThan(0);

    const watcher = await listen(app.url, coordinator);
    const bikeShare = await login(app.url, 'stakeholder@baycycle.example.com');
    const outsider = await listen(app.url, bikeShare);
    const responder = await login(app.url, 'analyst@minato-soc.example.com');
    const report = await gql(
      app.url,
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id reference participants { organisation { id } duties } } } }`,
      {
        input: {
          title: 'APIゲートウェイへの不審なログイン試行',
          severity: 'SEV2',
          category: 'UNAUTHORIZED_ACCESS',
          componentIds: [gateway.id],
          dedupKey: 'soc-e2e-1',
        },
      },
      responder,
    );
    expect(report.errors).toBeUndefined();
    const incident = report.data.reportIncident.incident;
    expect(incident.reference).toMatch(/^INC-\d{4}-\d{4}$/);
    const participantIds = incident.participants.map((p: any) => p.organisation.id);
    for (const party of responsible) expect(participantIds).toContain(party.organisation.id);

    const deadline = Date.now() + 5000;
    while (!watcher.events.some((e) => e.id === incident.id) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(watcher.events).toContainEqual({ name: 'created', id: incident.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(outsider.events.filter((e) => e.id === incident.id)).toEqual([]);
    const hidden = await gql(
      app.url,
      `query($id: ID!) { incident(id: $id) { id } }`,
      { id: incident.id },
      bikeShare,
    );
    expect(hidden.errors?.[0].extensions.code).toBe('NOT_FOUND');
    watcher.socket.disconnect();
    outsider.socket.disconnect();

    const audit = await gql(app.url, `{ verifyAuditChain { valid checked } }`, {}, coordinator);
    expect(audit.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('alerts the responsible parties into the built-in mail catcher, and the link acknowledges', async () => {
    const coordinator = await login(app.url, 'coordinator@minato-city.example.jp');
    const found = await gql(
      app.url,
      `{ incidents(filter: { text: "不審なログイン試行" }) { edges { node { id reference } } } }`,
      {},
      coordinator,
    );
    const { id, reference } = found.data.incidents.edges[0].node;
    // The worker runs in the same process: the alerts reach the catcher within seconds.
    let list = '';
    const deadline = Date.now() + 20_000;
    while (!list.includes(reference) && Date.now() < deadline) {
      list = await (await fetch(`${app.url}/mailbox`)).text();
      if (!list.includes(reference)) await new Promise((r) => setTimeout(r, 250));
    }
    expect(list).toContain(reference);
    const messageId = /href="\/mailbox\/([0-9a-f-]{36})"/.exec(list)?.[1];
    expect(messageId).toBeDefined();
    const message = await (await fetch(`${app.url}/mailbox/${messageId}`)).text();
    const token = /\/ack\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(message)?.[1];
    expect(token).toBeDefined();
    const page = await fetch(`${app.url}/ack/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(reference);
    const acknowledged = await fetch(`${app.url}/ack/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=e2e',
    });
    expect(acknowledged.status).toBe(200);
    const record = await gql(
      app.url,
      `query($id: ID!) { incident(id: $id) { engagements { acknowledgedAt acknowledgedBy acknowledgedVia }
                          alerts { state deliveries { channel attempts { outcome smtpResponse } } } } }`,
      { id },
      coordinator,
    );
    expect(record.errors).toBeUndefined();
    const engagements = record.data.incident.engagements;
    expect(
      engagements.some((e: any) => e.acknowledgedVia === 'LINK' && e.acknowledgedBy.includes('e2e')),
    ).toBe(true);
    // Mail goes to the catcher. (The demo's webhooks point at a discard port on loopback, which the
    // SSRF guard refuses: those deliveries fail by design and are recorded as such.)
    const emailAttempts = record.data.incident.alerts.flatMap((a: any) =>
      a.deliveries.filter((d: any) => d.channel === 'EMAIL').flatMap((d: any) => d.attempts),
    );
    expect(emailAttempts.length).toBeGreaterThan(0);
    expect(emailAttempts.every((a: any) => a.outcome === 'SUCCESS')).toBe(true);
  });

  it('runs the guideline work on the single embedded connection: check sheet, runbook, clocks, report, status page', async () => {
    const coordinator = await login(app.url, 'coordinator@minato-city.example.jp');
    // The city's self-assessment in the layout of 別紙1: every catalogue item, as CSV and XLSX.
    const csv = await fetch(`${app.url}/exports/self-assessment/city?format=csv`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    expect(csv.status).toBe(200);
    const sheet = await csv.text();
    for (const key of ['GOV-1-1', 'IR-1', 'DL-6']) expect(sheet).toContain(`,${key},`);
    const xlsx = await fetch(`${app.url}/exports/self-assessment/city?format=xlsx`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    // The incident reported above: flagging personal data starts the APPI clocks; once typed (INC-22),
    // the runbooks for it are suggested and one applies.
    const found = await gql(
      app.url,
      `{ incidents(filter: { text: "不審なログイン試行" }) { edges { node { id reference } } } }`,
      {},
      coordinator,
    );
    const { id, reference } = found.data.incidents.edges[0].node;
    const flagged = await gql(
      app.url,
      `mutation($id: ID!) { updateIncident(id: $id, input: { personalDataInvolved: true, incidentTypeId: "INC-22" }) {
         obligations { stageKey status dueAt } } }`,
      { id },
      coordinator,
    );
    expect(flagged.errors).toBeUndefined();
    expect(flagged.data.updateIncident.obligations.map((o: any) => [o.stageKey, o.status])).toEqual([
      ['preliminary', 'PENDING'],
      ['final', 'PENDING'],
    ]);
    const suggested = await gql(
      app.url,
      `query($id: ID!) { suggestedRunbooks(incidentId: $id) { version { id } } }`,
      { id },
      coordinator,
    );
    expect(suggested.data.suggestedRunbooks.length).toBeGreaterThan(0);
    const applied = await gql(
      app.url,
      `mutation($id: ID!, $v: ID!) { applyRunbook(incidentId: $id, runbookVersionId: $v) { taskIds } }`,
      { id, v: suggested.data.suggestedRunbooks[0].version.id },
      coordinator,
    );
    expect(applied.errors).toBeUndefined();
    expect(applied.data.applyRunbook.taskIds.length).toBeGreaterThan(0);

    // The demo's camera incident has a clock still running (the 60-day final report).
    const camera = await gql(
      app.url,
      `{ incidents(filter: { text: "河川水位カメラ" }) { edges { node { obligations { stageKey status alternativeDuration } } } } }`,
      {},
      coordinator,
    );
    expect(
      camera.data.incidents.edges
        .flatMap((e: any) => e.node.obligations)
        .filter((o: any) => o.status === 'PENDING'),
    ).toContainEqual({ stageKey: 'final', status: 'PENDING', alternativeDuration: true });

    // The management report (IR③) as a file, with the obligations and the runbook's tasks in it.
    const report = await fetch(`${app.url}/reports/incidents/${id}?format=markdown&lang=ja`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    expect(report.status).toBe(200);
    const markdown = await report.text();
    expect(markdown).toContain(reference);
    expect(markdown).toContain('個人情報保護委員会');

    // Residents: the published statement and the inquiry windows, with no login; the Atom feed parses as a feed.
    const page = await fetch(`${app.url}/status`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('シェアサイクルの電子錠の不具合について');
    expect(html).not.toContain(reference);
    const feed = await (await fetch(`${app.url}/status/feed.atom`)).text();
    expect(feed).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/,
    );
    expect(feed).toContain('<entry>');
  });

  it('rotates a session on the single embedded connection without blocking', async () => {
    const first = await gql(app.url, `mutation($i: LoginInput!) { login(input: $i) { refreshToken } }`, {
      i: { email: 'responder@minato-city.example.jp', password: DEMO_PASSWORD },
    });
    const refreshed = await gql(
      app.url,
      `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`,
      {
        t: first.data.login.refreshToken,
      },
    );
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data.refreshSession.refreshToken).not.toBe(first.data.login.refreshToken);
    const again = await gql(app.url, `{ me { email } }`, {}, refreshed.data.refreshSession.accessToken);
    expect(again.data.me.email).toBe('responder@minato-city.example.jp');
  });

  it('runs a tabletop exercise from the example library: drill mail to players only, pause, finish, report', async () => {
    const coordinator = await login(app.url, 'coordinator@minato-city.example.jp');
    const library = await gql(
      app.url,
      `{ exerciseScenarios(page: { first: 100 }) { totalCount edges { node { id key isExample } } } }`,
      {},
      coordinator,
    );
    expect(library.data.exerciseScenarios.totalCount).toBeGreaterThanOrEqual(6);
    const example = library.data.exerciseScenarios.edges.find((e: any) => e.node.key === 'SCN-3.3.3-1').node;
    expect(example.isExample).toBe(true);
    const organisations = await gql(
      app.url,
      `{ organisations { id nameEn guidelineRoles } }`,
      {},
      coordinator,
    );
    const byName = (name: string) =>
      organisations.data.organisations.find((o: any) => o.nameEn.startsWith(name));
    const players = [byName('Minato City Data'), byName('MinatoPay'), byName('Bay Cycle')];
    const ppc = byName('Personal Information Protection Commission');
    const created = await gql(
      app.url,
      `mutation($input: CreateExerciseInput!) { createExercise(input: $input) { id injects { id key offsetSeconds } } }`,
      {
        input: {
          scenarioId: example.id,
          title: 'E2E rehearsal',
          speed: 600,
          participants: players.map((o: any) => ({ organisationId: o.id, role: 'PLAYER' })),
        },
      },
      coordinator,
    );
    expect(created.errors).toBeUndefined();
    const exercise = created.data.createExercise;
    const started = await gql(
      app.url,
      `mutation($id: ID!) { startExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );
    expect(started.data.startExercise.status).toBe('RUNNING');
    const view = async () =>
      (
        await gql(
          app.url,
          `query($id: ID!) { exercise(id: $id) { status injects { key state recipientOrganisationIds } } }`,
          { id: exercise.id },
          coordinator,
        )
      ).data.exercise;
    const deadline = Date.now() + 30_000;
    while (
      (await view()).injects.filter((i: any) => i.state === 'SENT').length < 2 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 250));
    }
    await gql(
      app.url,
      `mutation($id: ID!) { pauseExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );
    const paused = await view();
    expect(paused.status).toBe('PAUSED');
    const sent = paused.injects.filter((i: any) => i.state === 'SENT');
    expect(sent.length).toBeGreaterThanOrEqual(2);
    const playerIds = players.map((o: any) => o.id);
    for (const inject of sent) {
      expect(inject.recipientOrganisationIds.length).toBeGreaterThan(0);
      for (const id of inject.recipientOrganisationIds) expect(playerIds).toContain(id);
      expect(inject.recipientOrganisationIds).not.toContain(ppc.id);
    }
    let list = '';
    const mailDeadline = Date.now() + 20_000;
    while (!list.includes('[訓練/DRILL]') && Date.now() < mailDeadline) {
      list = await (await fetch(`${app.url}/mailbox`)).text();
      if (!list.includes('[訓練/DRILL]')) await new Promise((r) => setTimeout(r, 250));
    }
    expect(list).toContain('[訓練/DRILL]');
    const finished = await gql(
      app.url,
      `mutation($id: ID!) { finishExercise(id: $id) { status } }`,
      { id: exercise.id },
      coordinator,
    );
    expect(finished.data.finishExercise.status).toBe('FINISHED');
    const report = await fetch(
      `${app.url}/exercises/${exercise.id}/after-action-report?format=html&lang=ja`,
      {
        headers: { authorization: `Bearer ${coordinator}` },
      },
    );
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('E2E rehearsal');
    const board = await fetch(`${app.url}/exercises/${exercise.id}/board`);
    expect(board.status).toBe(200);
    // The drills stay out of the register.
    const register = await gql(
      app.url,
      `{ incidents(filter: { text: "DRILL" }) { totalCount } }`,
      {},
      coordinator,
    );
    expect(register.data.incidents.totalCount).toBe(0);
  });

  it('keeps everything across a restart', async () => {
    await app.stop();
    app = await start(STANDALONE, { DATA_DIR: dataDir });
    expect(app.output()).not.toContain('Demo city loaded');
    const coordinator = await login(app.url, 'coordinator@minato-city.example.jp');
    const found = await gql(
      app.url,
      `{ incidents(filter: { text: "不審なログイン試行" }) { totalCount } }`,
      {},
      coordinator,
    );
    expect(found.data.incidents.totalCount).toBe(1);
  });
});

describe('production mode', () => {
  it('refuses to start on an outdated schema, starts after the explicit migration step', async () => {
    const database = await createTestDatabase('renkei_e2e');
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      JWT_SECRET: 'a'.repeat(64),
      ENCRYPTION_KEY: 'b'.repeat(64),
      ADMIN_EMAIL: 'ops@example.jp',
      ADMIN_PASSWORD: 'a-long-admin-password',
      HOST: '127.0.0.1',
    };
    try {
      const refused = spawnSync(process.execPath, [API], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...env, PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(refused.status).not.toBe(0);
      expect(refused.stderr + refused.stdout).toContain('npm run migrate');
      const migrated = spawnSync(process.execPath, [MIGRATE], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(migrated.status).toBe(0);
      const api = await start(API, env);
      try {
        const token = await login(api.url, 'ops@example.jp', 'a-long-admin-password');
        const introspection = await gql(api.url, `{ __schema { queryType { name } } }`, {}, token);
        expect(introspection.errors?.[0].message).toMatch(/introspection/i);
      } finally {
        await api.stop();
      }
    } finally {
      await database.drop();
    }
  });

  it('stops with a message naming a bad setting', () => {
    const result = spawnSync(process.execPath, [API], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT');
  });
});
