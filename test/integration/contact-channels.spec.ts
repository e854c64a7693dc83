import { randomBytes } from 'node:crypto';
import { PlatformRole } from '@renkei/core/context/actor';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

const CONTACT_FIELDS = `id organisationId email webhookUrl hasWebhookSecret channelOrder
  webhookSecretRotatingUntil webhookDisabledAt webhookDisabledReason`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { webhookSecret contact { ${CONTACT_FIELDS} } } }`;
const UPDATE_CONTACT = `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { webhookSecret contact { ${CONTACT_FIELDS} } } }`;
const ROTATE = `mutation($contactId: ID!, $secret: String) { rotateWebhookSecret(contactId: $contactId, secret: $secret) { webhookSecret contact { ${CONTACT_FIELDS} } } }`;
const ENABLE = `mutation($contactId: ID!) { enableWebhook(contactId: $contactId) { ${CONTACT_FIELDS} } }`;
const CONTACTS = `query($org: ID) { contacts(filter: { organisationId: $org }) { ${CONTACT_FIELDS} } }`;
const CHANNEL_ORDER_MESSAGE = 'channelOrder must list EMAIL and/or WEBHOOK once each';
const MISSING = '00000000-0000-4000-8000-000000000000';
const ROLLOVER_SECONDS = 7200;

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const body = (secret: string) => secret.slice('whsec_'.length);

interface SecretColumns {
  webhook_secret_sealed: string | null;
  webhook_previous_secret_sealed: string | null;
  webhook_previous_secret_expires_at: Date | null;
  webhook_disabled_at: Date | null;
  webhook_disabled_reason: string | null;
}

describe('contact channels: channel order, webhook secret rotation and re-enabling', () => {
  let t: TestApp;
  let f: Fixtures;
  let box: SecretBox;
  let coordinator: string;
  let stakeholder: string;
  let viewer: string;
  let own: OrganisationEntity;
  let other: OrganisationEntity;

  const createContact = async (input: Record<string, unknown>, token = coordinator) =>
    (
      await t.gqlOk(
        CREATE_CONTACT,
        { input: { organisationId: own.id, type: 'FUNCTION', kind: 'TECHNICAL', name: 'Desk', ...input } },
        token,
      )
    ).createContact as { webhookSecret: string | null; contact: Record<string, any> & { id: string } };
  const hooked = (organisation = own) =>
    createContact({
      organisationId: organisation.id,
      name: `Hook ${randomBytes(3).toString('hex')}`,
      email: 'soc@example.jp',
      webhookUrl: 'https://soc.example.jp/hooks/renkei',
    });
  const columns = async (id: string): Promise<SecretColumns> =>
    (
      await t.dataSource.query(
        `SELECT webhook_secret_sealed, webhook_previous_secret_sealed, webhook_previous_secret_expires_at,
                webhook_disabled_at, webhook_disabled_reason
           FROM contact WHERE id = $1`,
        [id],
      )
    )[0];
  const audits = async (id: string, action: string): Promise<{ data: any; text: string }[]> =>
    t.dataSource.query(
      `SELECT data, e::text AS text FROM audit_event e WHERE entity_id = $1 AND action = $2 ORDER BY sequence`,
      [id, action],
    );
  const disable = (id: string) =>
    t.dataSource.query(
      `UPDATE contact SET webhook_disabled_at = now(), webhook_disabled_reason = 'HTTP 410 Gone from https://soc.example.jp/hooks/renkei' WHERE id = $1`,
      [id],
    );
  /** Asserts each attempt fails with the code and field given, and that the database did not change. */
  const expectRefused = async (
    attempts: [() => Promise<any>, string, string | RegExp | undefined, string?][],
  ) => {
    const before = await databaseDigest(t.dataSource);
    for (const [attempt, code, field, message] of attempts) {
      const result = await attempt();
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0].extensions?.code).toBe(code);
      if (field) expect(result.errors?.[0].extensions?.field).toMatch(field);
      if (message) expect(result.errors?.[0].message).toBe(message);
    }
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_SECRET_ROLLOVER_SECONDS: String(ROLLOVER_SECONDS) } });
    f = new Fixtures(t.dataSource);
    box = new SecretBox(t.config.encryptionKey);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    own = await f.organisation({ guidelineRoles: [GuidelineRole.IOT_DEVICE_VENDOR] });
    other = await f.organisation({ guidelineRoles: [GuidelineRole.DATA_PROVIDER] });
    coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    stakeholder = await t.login((await f.user(own, PlatformRole.STAKEHOLDER)).email, PASSWORD);
    viewer = await t.login((await f.user(own, PlatformRole.VIEWER)).email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('channelOrder', () => {
    it('defaults to EMAIL then WEBHOOK, and is stored, read back and audited when given', async () => {
      const plain = await createContact({ email: 'plain@example.jp' });
      expect(plain.contact.channelOrder).toEqual(['EMAIL', 'WEBHOOK']);

      const created = await createContact({
        email: 'ordered@example.jp',
        webhookUrl: 'https://ordered.example.jp/hook',
        channelOrder: ['WEBHOOK', 'EMAIL'],
      });
      const id = created.contact.id;
      expect(created.contact.channelOrder).toEqual(['WEBHOOK', 'EMAIL']);
      const [createdEvent] = await audits(id, 'contact.created');
      expect(createdEvent.data.channelOrder).toEqual(['WEBHOOK', 'EMAIL']);

      const updated = (await t.gqlOk(UPDATE_CONTACT, { id, input: { channelOrder: ['EMAIL'] } }, stakeholder))
        .updateContact;
      expect(updated.contact.channelOrder).toEqual(['EMAIL']);
      const [row] = await t.dataSource.query(`SELECT channel_order FROM contact WHERE id = $1`, [id]);
      expect(row.channel_order).toEqual(['EMAIL']);
      const read = (await t.gqlOk(CONTACTS, { org: own.id }, coordinator)).contacts.find(
        (contact: any) => contact.id === id,
      );
      expect(read.channelOrder).toEqual(['EMAIL']);
      const events = await audits(id, 'contact.updated');
      expect(events.map((event) => event.data.changed)).toEqual([['channelOrder']]);

      // The same order again changes nothing, so nothing is audited.
      await t.gqlOk(UPDATE_CONTACT, { id, input: { channelOrder: ['EMAIL'] } }, stakeholder);
      expect(await audits(id, 'contact.updated')).toHaveLength(1);
    });

    it('refuses an empty, repeated, unknown or null channelOrder, changing nothing', async () => {
      const { contact } = await createContact({
        email: 'keep@example.jp',
        channelOrder: ['WEBHOOK', 'EMAIL'],
      });
      const update = (channelOrder: unknown) => () =>
        t.gql(UPDATE_CONTACT, { id: contact.id, input: { channelOrder } }, coordinator);
      await expectRefused([
        [update([]), 'BAD_USER_INPUT', /^input\.channelOrder$/, CHANNEL_ORDER_MESSAGE],
        [update(['EMAIL', 'EMAIL']), 'BAD_USER_INPUT', /^input\.channelOrder$/, CHANNEL_ORDER_MESSAGE],
        [
          update(['WEBHOOK', 'EMAIL', 'WEBHOOK']),
          'BAD_USER_INPUT',
          /^input\.channelOrder$/,
          CHANNEL_ORDER_MESSAGE,
        ],
        // Not a ContactChannel: refused by GraphQL's own coercion, naming the entry.
        [update(['SMS']), 'BAD_USER_INPUT', /^input\.channelOrder\[0\]$/],
        [update(['EMAIL', 'email']), 'BAD_USER_INPUT', /^input\.channelOrder\[1\]$/],
        [update(null), 'BAD_USER_INPUT', /^input\.channelOrder$/],
        [
          () =>
            t.gql(
              CREATE_CONTACT,
              {
                input: {
                  organisationId: own.id,
                  type: 'FUNCTION',
                  kind: 'TECHNICAL',
                  name: 'Never created',
                  email: 'never@example.jp',
                  channelOrder: [],
                },
              },
              coordinator,
            ),
          'BAD_USER_INPUT',
          /^input\.channelOrder$/,
          CHANNEL_ORDER_MESSAGE,
        ],
      ]);
      const [row] = await t.dataSource.query(`SELECT channel_order FROM contact WHERE id = $1`, [contact.id]);
      expect(row.channel_order).toEqual(['WEBHOOK', 'EMAIL']);
    });
  });

  describe('rotateWebhookSecret', () => {
    it('returns a new secret once and keeps the old one signing for the rollover, both sealed', async () => {
      const { contact, webhookSecret: first } = await hooked();
      expect(first).toMatch(/^whsec_/);
      expect(contact.webhookSecretRotatingUntil).toBeNull();

      const before = Date.now();
      const rotated = (await t.gqlOk(ROTATE, { contactId: contact.id }, coordinator)).rotateWebhookSecret;
      const second: string = rotated.webhookSecret;
      expect(second).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(second).not.toBe(first);
      expect(rotated.contact).toMatchObject({ id: contact.id, hasWebhookSecret: true });
      const until = new Date(rotated.contact.webhookSecretRotatingUntil).getTime();
      expect(until).toBeGreaterThanOrEqual(before + ROLLOVER_SECONDS * 1000 - 1000);
      expect(until).toBeLessThanOrEqual(Date.now() + ROLLOVER_SECONDS * 1000 + 1000);

      const row = await columns(contact.id);
      expect(box.decrypt(row.webhook_secret_sealed as string)).toBe(second);
      expect(box.decrypt(row.webhook_previous_secret_sealed as string)).toBe(first);
      expect(row.webhook_secret_sealed).not.toContain(body(second));
      expect(row.webhook_previous_secret_sealed).not.toContain(body(first as string));
      expect(row.webhook_previous_secret_expires_at?.getTime()).toBe(until);

      // Audited without either secret; never readable again through the API.
      const [event] = await audits(contact.id, 'contact.webhook_secret_rotated');
      expect(event.data).toEqual({
        generated: true,
        previousSecretExpiresAt: new Date(until).toISOString(),
      });
      expect(event.text).not.toContain(body(first as string));
      expect(event.text).not.toContain(body(second));
      const listed = JSON.stringify((await t.gqlOk(CONTACTS, { org: own.id }, coordinator)).contacts);
      expect(listed).not.toContain(body(second));
      expect(listed).not.toContain(body(first as string));

      // A caller-chosen secret is not echoed; the secret it replaces becomes the previous one.
      const chosen = newSecret();
      const again = (await t.gqlOk(ROTATE, { contactId: contact.id, secret: chosen }, stakeholder))
        .rotateWebhookSecret;
      expect(again.webhookSecret).toBeNull();
      expect(again.contact.webhookSecretRotatingUntil).not.toBeNull();
      const after = await columns(contact.id);
      expect(box.decrypt(after.webhook_secret_sealed as string)).toBe(chosen);
      expect(box.decrypt(after.webhook_previous_secret_sealed as string)).toBe(second);
      const events = await audits(contact.id, 'contact.webhook_secret_rotated');
      expect(events.map((e) => e.data.generated)).toEqual([true, false]);
      expect(events[1].text).not.toContain(body(chosen));
    });

    it('stops reporting a rotation once the previous secret has expired', async () => {
      const { contact } = await hooked();
      await t.gqlOk(ROTATE, { contactId: contact.id }, coordinator);
      await t.dataSource.query(
        `UPDATE contact SET webhook_previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
        [contact.id],
      );
      const read = (await t.gqlOk(CONTACTS, { org: own.id }, coordinator)).contacts.find(
        (c: any) => c.id === contact.id,
      );
      expect(read.webhookSecretRotatingUntil).toBeNull();
    });

    it('refuses bad input, a contact without a webhook and unknown contacts, changing nothing', async () => {
      const { contact } = await hooked();
      const current = box.decrypt((await columns(contact.id)).webhook_secret_sealed as string);
      const emailOnly = (await createContact({ email: 'mail-only@example.jp' })).contact;
      const rotate =
        (variables: Record<string, unknown>, token = coordinator) =>
        () =>
          t.gql(ROTATE, variables, token);
      await expectRefused([
        [rotate({ contactId: emailOnly.id }), 'BAD_USER_INPUT', /^contactId$/],
        [rotate({ contactId: contact.id, secret: 'plain-secret' }), 'BAD_USER_INPUT', /^secret$/],
        [rotate({ contactId: contact.id, secret: 'whsec_short' }), 'BAD_USER_INPUT', /^secret$/],
        [rotate({ contactId: contact.id, secret: current }), 'BAD_USER_INPUT', /^secret$/],
        [rotate({ contactId: 'nope' }), 'BAD_USER_INPUT', /^contactId$/],
        [rotate({ contactId: MISSING }), 'NOT_FOUND', undefined],
        [rotate({ contactId: contact.id }, viewer), 'FORBIDDEN', undefined],
      ]);
    });

    it('answers a stakeholder of another organisation as updateContact does, changing nothing', async () => {
      const foreign = (await hooked(other)).contact;
      await disable(foreign.id);
      const asUpdate = await t.gql(UPDATE_CONTACT, { id: foreign.id, input: { notes: 'x' } }, stakeholder);
      expect(asUpdate.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      await expectRefused([
        [() => t.gql(ROTATE, { contactId: foreign.id }, stakeholder), 'NOT_FOUND', undefined],
        [
          () => t.gql(ROTATE, { contactId: foreign.id, secret: newSecret() }, stakeholder),
          'NOT_FOUND',
          undefined,
        ],
        [() => t.gql(ENABLE, { contactId: foreign.id }, stakeholder), 'NOT_FOUND', undefined],
      ]);
      // Its own organisation's contact, the stakeholder may rotate.
      const mine = (await hooked(own)).contact;
      const rotated = (await t.gqlOk(ROTATE, { contactId: mine.id }, stakeholder)).rotateWebhookSecret;
      expect(rotated.webhookSecret).toMatch(/^whsec_/);
    });

    it('replaces at once, dropping any rotation, when updateContact sets a secret', async () => {
      const { contact } = await hooked();
      await t.gqlOk(ROTATE, { contactId: contact.id }, coordinator);
      const replacement = newSecret();
      const updated = (
        await t.gqlOk(UPDATE_CONTACT, { id: contact.id, input: { webhookSecret: replacement } }, coordinator)
      ).updateContact;
      expect(updated.contact.webhookSecretRotatingUntil).toBeNull();
      const row = await columns(contact.id);
      expect(box.decrypt(row.webhook_secret_sealed as string)).toBe(replacement);
      expect(row.webhook_previous_secret_sealed).toBeNull();
      expect(row.webhook_previous_secret_expires_at).toBeNull();
    });
  });

  describe('disabled endpoints', () => {
    it('re-enables a webhook the alert worker disabled, once', async () => {
      const { contact } = await hooked();
      await disable(contact.id);
      const read = (await t.gqlOk(CONTACTS, { org: own.id }, stakeholder)).contacts.find(
        (c: any) => c.id === contact.id,
      );
      expect(read.webhookDisabledReason).toBe('HTTP 410 Gone from https://soc.example.jp/hooks/renkei');
      expect(Date.now() - new Date(read.webhookDisabledAt).getTime()).toBeLessThan(60_000);

      const enabled = (await t.gqlOk(ENABLE, { contactId: contact.id }, stakeholder)).enableWebhook;
      expect(enabled).toMatchObject({ id: contact.id, webhookDisabledAt: null, webhookDisabledReason: null });
      const row = await columns(contact.id);
      expect(row.webhook_disabled_at).toBeNull();
      expect(row.webhook_disabled_reason).toBeNull();
      const [event] = await audits(contact.id, 'contact.webhook_enabled');
      expect(event.data).toEqual({
        disabledAt: new Date(read.webhookDisabledAt).toISOString(),
        reason: 'HTTP 410 Gone from https://soc.example.jp/hooks/renkei',
      });

      await expectRefused([
        [() => t.gql(ENABLE, { contactId: contact.id }, stakeholder), 'BAD_USER_INPUT', /^contactId$/],
        [() => t.gql(ENABLE, { contactId: MISSING }, coordinator), 'NOT_FOUND', undefined],
        [() => t.gql(ENABLE, { contactId: contact.id }, viewer), 'FORBIDDEN', undefined],
      ]);
    });

    it('starts a new webhookUrl enabled; the same URL stays disabled', async () => {
      const { contact } = await hooked();
      await disable(contact.id);
      const same = (
        await t.gqlOk(
          UPDATE_CONTACT,
          { id: contact.id, input: { webhookUrl: 'https://soc.example.jp/hooks/renkei', notes: 'same' } },
          coordinator,
        )
      ).updateContact;
      expect(same.contact.webhookDisabledAt).not.toBeNull();

      const moved = (
        await t.gqlOk(
          UPDATE_CONTACT,
          { id: contact.id, input: { webhookUrl: 'https://soc.example.jp/hooks/v2' } },
          coordinator,
        )
      ).updateContact;
      expect(moved.contact).toMatchObject({
        webhookUrl: 'https://soc.example.jp/hooks/v2',
        webhookDisabledAt: null,
        webhookDisabledReason: null,
        hasWebhookSecret: true,
      });
      expect(moved.webhookSecret).toBeNull(); // the secret stays: only the endpoint moved
      const row = await columns(contact.id);
      expect(row.webhook_disabled_at).toBeNull();
      expect(row.webhook_disabled_reason).toBeNull();
      const events = await audits(contact.id, 'contact.updated');
      expect(events.at(-1)?.data.changed).toEqual(['webhookUrl', 'webhookDisabledAt']);
    });

    it.each([
      ['removeWebhook', { removeWebhook: true }],
      ['webhookUrl: null', { webhookUrl: null }],
    ])('clears the secrets and the disabled state with %s', async (_name, input) => {
      const { contact } = await hooked();
      await t.gqlOk(ROTATE, { contactId: contact.id }, coordinator);
      await disable(contact.id);
      const removed = (await t.gqlOk(UPDATE_CONTACT, { id: contact.id, input }, coordinator)).updateContact;
      expect(removed.contact).toMatchObject({
        webhookUrl: null,
        hasWebhookSecret: false,
        webhookSecretRotatingUntil: null,
        webhookDisabledAt: null,
        webhookDisabledReason: null,
      });
      expect(await columns(contact.id)).toEqual({
        webhook_secret_sealed: null,
        webhook_previous_secret_sealed: null,
        webhook_previous_secret_expires_at: null,
        webhook_disabled_at: null,
        webhook_disabled_reason: null,
      });
    });
  });
});

describe('webhook secret rotation without a rollover (WEBHOOK_SECRET_ROLLOVER_SECONDS=0)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_SECRET_ROLLOVER_SECONDS: '0' } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps no previous secret', async () => {
    const f = new Fixtures(t.dataSource);
    const box = new SecretBox(t.config.encryptionKey);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    const coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    const contact = await f.contact(city, ContactKind.TECHNICAL, {
      webhookUrl: 'https://soc.example.jp/hooks/renkei',
      webhookSecretSealed: box.encrypt(`whsec_${randomBytes(32).toString('base64')}`),
    });
    const rotated = (await t.gqlOk(ROTATE, { contactId: contact.id }, coordinator)).rotateWebhookSecret;
    expect(rotated.webhookSecret).toMatch(/^whsec_/);
    expect(rotated.contact.webhookSecretRotatingUntil).toBeNull();
    const [row] = await t.dataSource.query(
      `SELECT webhook_secret_sealed, webhook_previous_secret_sealed, webhook_previous_secret_expires_at FROM contact WHERE id = $1`,
      [contact.id],
    );
    expect(box.decrypt(row.webhook_secret_sealed)).toBe(rotated.webhookSecret);
    expect(row.webhook_previous_secret_sealed).toBeNull();
    expect(row.webhook_previous_secret_expires_at).toBeNull();
  });
});
