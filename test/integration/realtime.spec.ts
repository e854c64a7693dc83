import { io, Socket } from 'socket.io-client';
import { PlatformRole } from '@renkei/core/context/actor';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { Fixtures, PASSWORD } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

interface Received {
  event: string;
  incidentId: string;
}

function connect(url: string, token?: string): Promise<{ socket: Socket; received: Received[] }> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnection: false,
  });
  const received: Received[] = [];
  socket.on('incident.created', (p) =>
    received.push({ event: 'incident.created', incidentId: p.incident.id }),
  );
  socket.on('incident.updated', (p) =>
    received.push({ event: 'incident.updated', incidentId: p.incident.id }),
  );
  socket.on('incident.timeline', (p) =>
    received.push({ event: 'incident.timeline', incidentId: p.incidentId }),
  );
  return new Promise((resolve, reject) => {
    socket.once('ready', () => resolve({ socket, received }));
    socket.once('disconnect', () => reject(new Error('disconnected')));
    socket.once('connect_error', reject);
  });
}

const until = async (check: () => boolean, ms = 15000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('live updates over socket.io', () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  let tokens: Record<string, string>;
  let componentA: string;

  beforeAll(async () => {
    t = await startTestApp();
    const f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const a = await f.organisation();
    const b = await f.organisation();
    const ca = await f.component();
    const cb = await f.component();
    await f.assign(ca, a, Duty.RESPONSIBLE);
    await f.assign(cb, b, Duty.RESPONSIBLE);
    componentA = ca.id;
    const users = {
      coordinator: await f.user(city, PlatformRole.COORDINATOR),
      responderA: await f.user(a, PlatformRole.RESPONDER),
      stakeholderA: await f.user(a, PlatformRole.STAKEHOLDER),
      stakeholderB: await f.user(b, PlatformRole.STAKEHOLDER),
    };
    tokens = {};
    for (const [name, user] of Object.entries(users)) tokens[name] = await t.login(user.email, PASSWORD);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await t?.close();
  });

  it('refuses a connection without a valid token', async () => {
    await expect(connect(t.url)).rejects.toThrow();
    await expect(connect(t.url, 'forged.token.value')).rejects.toThrow();
  });

  it('pushes incident events to those who may see them, and nothing to other organisations', async () => {
    const coordinator = await connect(t.url, tokens.coordinator);
    const stakeholderA = await connect(t.url, tokens.stakeholderA);
    const stakeholderB = await connect(t.url, tokens.stakeholderB);
    sockets.push(coordinator.socket, stakeholderA.socket, stakeholderB.socket);

    const report = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } } }`,
      {
        input: {
          title: 'A の障害',
          severity: 'SEV2',
          category: 'SERVICE_OUTAGE',
          componentIds: [componentA],
        },
      },
      tokens.responderA,
    );
    const id = report.reportIncident.incident.id;
    await t.gqlOk(
      `mutation($id: ID!) { addIncidentNote(id: $id, input: { message: "調査中" }) { id } }`,
      { id },
      tokens.responderA,
    );
    await t.gqlOk(
      `mutation($id: ID!) { transitionIncident(id: $id, input: { status: TRIAGED }) { id } }`,
      { id },
      tokens.responderA,
    );
    await until(() => stakeholderA.received.length >= 5 && coordinator.received.length >= 5);
    for (const client of [coordinator, stakeholderA]) {
      const events = client.received.filter((r) => r.incidentId === id).map((r) => r.event);
      expect(events).toContain('incident.created');
      expect(events).toContain('incident.updated');
      expect(events.filter((e) => e === 'incident.timeline').length).toBeGreaterThanOrEqual(3);
    }
    // Give any stray message time to arrive before asserting that none did.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stakeholderB.received).toEqual([]);
  });

  it('sends a TLP:RED incident only to the named people', async () => {
    const coordinator = await connect(t.url, tokens.coordinator);
    const responderA = await connect(t.url, tokens.responderA);
    const stakeholderA = await connect(t.url, tokens.stakeholderA);
    sockets.push(coordinator.socket, responderA.socket, stakeholderA.socket);
    const report = await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } } }`,
      {
        input: {
          title: '機微な事案',
          severity: 'SEV1',
          category: 'DATA_BREACH',
          tlp: 'RED',
          componentIds: [componentA],
        },
      },
      tokens.responderA,
    );
    const id = report.reportIncident.incident.id;
    await until(() => responderA.received.some((r) => r.incidentId === id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(responderA.received.some((r) => r.incidentId === id && r.event === 'incident.created')).toBe(true);
    expect(coordinator.received.filter((r) => r.incidentId === id)).toEqual([]);
    expect(stakeholderA.received.filter((r) => r.incidentId === id)).toEqual([]);
  });

  it('drops the live connection of an account that is disabled', async () => {
    const admin = await t.login(
      (
        await new Fixtures(t.dataSource).user(
          await new Fixtures(t.dataSource).organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] }),
          PlatformRole.ADMIN,
        )
      ).email,
      PASSWORD,
    );
    const client = await connect(t.url, tokens.stakeholderB);
    sockets.push(client.socket);
    const disconnected = new Promise<void>((resolve) => client.socket.once('disconnect', () => resolve()));
    const me = await t.gqlOk(`{ me { id } }`, {}, tokens.stakeholderB);
    await t.gqlOk(
      `mutation($id: ID!) { updateUser(id: $id, input: { disabled: true }) { disabled } }`,
      { id: me.me.id },
      admin,
    );
    await expect(
      Promise.race([
        disconnected.then(() => 'disconnected'),
        new Promise((r) => setTimeout(() => r('still connected'), 5000)),
      ]),
    ).resolves.toBe('disconnected');
    await expect(connect(t.url, tokens.stakeholderB)).rejects.toThrow();
  });
});
