import { randomBytes } from 'node:crypto';
import { PlatformRole } from '@renkei/core/context/actor';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

const ORGANISATION_FIELDS = `id nameJa nameEn guidelineRoles description website`;
const CREATE_ORGANISATION = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { ${ORGANISATION_FIELDS} } }`;
const UPDATE_ORGANISATION = `mutation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { ${ORGANISATION_FIELDS} } }`;
const CREATE_RELATIONSHIP = `mutation($input: CreateRelationshipInput!) {
  createOrganisationRelationship(input: $input) { id kind clientOrganisationId contractorOrganisationId contractReference }
}`;
const CHAIN = `query($id: ID!) { subcontractChain(organisationId: $id) { depth relationship { id clientOrganisationId contractorOrganisationId kind } } }`;
const CONTACT_FIELDS = `id organisationId type kind name email phone webhookUrl hasWebhookSecret lastVerifiedAt stale`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { webhookSecret contact { ${CONTACT_FIELDS} } } }`;
const UPDATE_CONTACT = `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { webhookSecret contact { ${CONTACT_FIELDS} } } }`;
const VERIFY_CONTACT = `mutation($id: ID!) { verifyContact(id: $id) { ${CONTACT_FIELDS} } }`;
const STALE = `query($days: Int) { staleContacts(days: $days) { ${CONTACT_FIELDS} } }`;
const MISSING = '00000000-0000-4000-8000-000000000000';

const unique = () => randomBytes(3).toString('hex');

describe('directory: organisations, relationships and contacts', () => {
  let t: TestApp;
  let f: Fixtures;
  let admin: string;
  let coordinator: string;
  let stakeholder: string;
  let own: { id: string };
  let other: { id: string };

  const organisation = async (nameEn: string, guidelineRoles = ['SERVICE_PROVIDER']) =>
    (
      await t.gqlOk(
        CREATE_ORGANISATION,
        { input: { nameJa: `${nameEn}-${unique()}`, nameEn, guidelineRoles } },
        coordinator,
      )
    ).createOrganisation as { id: string; nameJa: string };
  const outsource = async (client: { id: string }, contractor: { id: string }) =>
    (
      await t.gqlOk(
        CREATE_RELATIONSHIP,
        {
          input: {
            kind: 'OUTSOURCING',
            clientOrganisationId: client.id,
            contractorOrganisationId: contractor.id,
          },
        },
        coordinator,
      )
    ).createOrganisationRelationship as { id: string };
  /** Asserts each bad input fails with the code and field given, and that the database did not change. */
  const expectRefused = async (attempts: [() => Promise<any>, string, string | undefined][]) => {
    const before = await databaseDigest(t.dataSource);
    for (const [attempt, code, field] of attempts) {
      const result = await attempt();
      expect(result.data).toBeNull();
      expect(result.errors?.[0].extensions?.code).toBe(code);
      if (field) expect(result.errors?.[0].extensions?.field).toBe(field);
    }
    expect(await databaseDigest(t.dataSource)).toEqual(before);
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t.dataSource);
    const city = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    own = await f.organisation({ guidelineRoles: [GuidelineRole.IOT_DEVICE_VENDOR] });
    other = await f.organisation({ guidelineRoles: [GuidelineRole.DATA_PROVIDER] });
    admin = await t.login((await f.user(city, PlatformRole.ADMIN)).email, PASSWORD);
    coordinator = await t.login((await f.user(city, PlatformRole.COORDINATOR)).email, PASSWORD);
    stakeholder = await t.login((await f.user(own as never, PlatformRole.STAKEHOLDER)).email, PASSWORD);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('organisations', () => {
    it('creates and updates organisations with guideline roles, external authorities included', async () => {
      const { createOrganisation } = await t.gqlOk(
        CREATE_ORGANISATION,
        {
          input: {
            nameJa: ` 県警察本部サイバー犯罪対策課-${unique()} `,
            nameEn: 'Prefectural Police Cybercrime Division',
            guidelineRoles: ['EXTERNAL_AUTHORITY'],
            website: 'https://police.example.jp',
          },
        },
        coordinator,
      );
      expect(createOrganisation.nameJa).toMatch(/^県警察本部サイバー犯罪対策課-[0-9a-f]{6}$/);
      expect(createOrganisation).toMatchObject({
        guidelineRoles: ['EXTERNAL_AUTHORITY'],
        description: '',
        website: 'https://police.example.jp',
      });

      const byRole = (
        await t.gqlOk(`{ organisations(filter: { roles: [EXTERNAL_AUTHORITY] }) { id } }`, {}, coordinator)
      ).organisations;
      expect(byRole.map((o: any) => o.id)).toEqual([createOrganisation.id]);
      const bySearch = (
        await t.gqlOk(`{ organisations(filter: { search: "サイバー犯罪" }) { id } }`, {}, coordinator)
      ).organisations;
      expect(bySearch.map((o: any) => o.id)).toEqual([createOrganisation.id]);

      const { updateOrganisation } = await t.gqlOk(
        UPDATE_ORGANISATION,
        {
          id: createOrganisation.id,
          input: {
            guidelineRoles: ['EXTERNAL_AUTHORITY', 'SECURITY_SERVICE_PROVIDER'],
            description: '連絡は24時間対応',
          },
        },
        coordinator,
      );
      expect(updateOrganisation).toMatchObject({
        nameJa: createOrganisation.nameJa,
        guidelineRoles: ['EXTERNAL_AUTHORITY', 'SECURITY_SERVICE_PROVIDER'],
        description: '連絡は24時間対応',
      });
      const read = (
        await t.gqlOk(
          `query($id: ID!) { organisation(id: $id) { ${ORGANISATION_FIELDS} } }`,
          { id: createOrganisation.id },
          admin,
        )
      ).organisation;
      expect(read).toEqual(updateOrganisation);
      const [event] = await t.dataSource.query(
        `SELECT data FROM audit_event WHERE entity_id = $1 AND action = 'organisation.updated'`,
        [createOrganisation.id],
      );
      expect(event.data.guidelineRoles).toEqual({
        from: ['EXTERNAL_AUTHORITY'],
        to: ['EXTERNAL_AUTHORITY', 'SECURITY_SERVICE_PROVIDER'],
      });
    });

    it('refuses a duplicate Japanese name and other bad input, changing nothing', async () => {
      const first = await organisation('Original');
      const second = await organisation('Second');
      await expectRefused([
        [
          () =>
            t.gql(
              CREATE_ORGANISATION,
              { input: { nameJa: first.nameJa, nameEn: 'Copy', guidelineRoles: ['DATA_PROVIDER'] } },
              coordinator,
            ),
          'CONFLICT',
          'input.nameJa',
        ],
        [
          () => t.gql(UPDATE_ORGANISATION, { id: second.id, input: { nameJa: first.nameJa } }, coordinator),
          'CONFLICT',
          'input.nameJa',
        ],
        [
          () =>
            t.gql(
              CREATE_ORGANISATION,
              { input: { nameJa: `空-${unique()}`, nameEn: 'No roles', guidelineRoles: [] } },
              coordinator,
            ),
          'BAD_USER_INPUT',
          'input.guidelineRoles',
        ],
        [
          () =>
            t.gql(
              CREATE_ORGANISATION,
              { input: { nameJa: '  ', nameEn: 'Blank', guidelineRoles: ['DATA_PROVIDER'] } },
              coordinator,
            ),
          'BAD_USER_INPUT',
          'input.nameJa',
        ],
        [
          () =>
            t.gql(
              CREATE_ORGANISATION,
              {
                input: {
                  nameJa: `不正URL-${unique()}`,
                  nameEn: 'Bad URL',
                  guidelineRoles: ['DATA_PROVIDER'],
                  website: 'javascript:alert(1)',
                },
              },
              coordinator,
            ),
          'BAD_USER_INPUT',
          'input.website',
        ],
        [
          () => t.gql(UPDATE_ORGANISATION, { id: second.id, input: { guidelineRoles: [] } }, coordinator),
          'BAD_USER_INPUT',
          'input.guidelineRoles',
        ],
        [
          () => t.gql(UPDATE_ORGANISATION, { id: second.id, input: { nameJa: null } }, coordinator),
          'BAD_USER_INPUT',
          'input.nameJa',
        ],
        [
          () => t.gql(UPDATE_ORGANISATION, { id: second.id, input: { guidelineRoles: null } }, coordinator),
          'BAD_USER_INPUT',
          'input.guidelineRoles',
        ],
        [
          () => t.gql(UPDATE_ORGANISATION, { id: second.id, input: { description: null } }, coordinator),
          'BAD_USER_INPUT',
          'input.description',
        ],
        [
          () => t.gql(UPDATE_ORGANISATION, { id: MISSING, input: { nameEn: 'Ghost' } }, coordinator),
          'NOT_FOUND',
          undefined,
        ],
        [
          () =>
            t.gql(
              CREATE_ORGANISATION,
              {
                input: {
                  nameJa: `権限なし-${unique()}`,
                  nameEn: 'Forbidden',
                  guidelineRoles: ['DATA_PROVIDER'],
                },
              },
              stakeholder,
            ),
          'FORBIDDEN',
          undefined,
        ],
        [
          () =>
            t.gql(UPDATE_ORGANISATION, { id: own.id, input: { nameEn: 'Renamed by itself' } }, stakeholder),
          'FORBIDDEN',
          undefined,
        ],
      ]);
    });

    it('shows a stakeholder its own organisation only', async () => {
      const seen = (await t.gqlOk(`{ organisations { id contacts { id organisationId } } }`, {}, stakeholder))
        .organisations;
      expect(seen.map((o: any) => o.id)).toEqual([own.id]);
      const hidden = await t.gql(
        `query($id: ID!) { organisation(id: $id) { id } }`,
        { id: other.id },
        stakeholder,
      );
      expect(hidden.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const all = (await t.gqlOk(`{ organisations { id } }`, {}, coordinator)).organisations.map(
        (o: any) => o.id,
      );
      expect(all).toEqual(expect.arrayContaining([own.id, other.id]));
    });
  });

  describe('relationships', () => {
    it('follows an outsourcing chain three levels down (委託・再委託)', async () => {
      const city = await organisation('City');
      const integrator = await organisation('Integrator');
      const subcontractor = await organisation('Subcontractor');
      const subSub = await organisation('Sub-subcontractor');
      const partner = await organisation('Partner');
      const level1 = await outsource(city, integrator);
      const level2 = await outsource(integrator, subcontractor);
      const level3 = await outsource(subcontractor, subSub);
      // A partnership is not part of the chain, and neither is outsourcing *to* the city.
      await t.gqlOk(
        CREATE_RELATIONSHIP,
        {
          input: {
            kind: 'PARTNERSHIP',
            clientOrganisationId: subSub.id,
            contractorOrganisationId: partner.id,
          },
        },
        coordinator,
      );
      await outsource(partner, city);

      const chain = (await t.gqlOk(CHAIN, { id: city.id }, coordinator)).subcontractChain;
      expect(chain.map((link: any) => [link.relationship.id, link.depth])).toEqual([
        [level1.id, 1],
        [level2.id, 2],
        [level3.id, 3],
      ]);
      expect(chain[2].relationship).toMatchObject({
        clientOrganisationId: subcontractor.id,
        contractorOrganisationId: subSub.id,
        kind: 'OUTSOURCING',
      });
      const fromMiddle = (await t.gqlOk(CHAIN, { id: integrator.id }, coordinator)).subcontractChain;
      expect(fromMiddle.map((link: any) => [link.relationship.id, link.depth])).toEqual([
        [level2.id, 1],
        [level3.id, 2],
      ]);
      const listed = (
        await t.gqlOk(
          `query($id: ID) { organisationRelationships(organisationId: $id) { id } }`,
          { id: subcontractor.id },
          coordinator,
        )
      ).organisationRelationships;
      expect(listed.map((r: any) => r.id).sort()).toEqual([level2.id, level3.id].sort());
    });

    it('terminates on a cycle and lists each link once', async () => {
      const a = await organisation('Cycle A');
      const b = await organisation('Cycle B');
      const c = await organisation('Cycle C');
      const ab = await outsource(a, b);
      await outsource(b, a);
      const fromA = (await t.gqlOk(CHAIN, { id: a.id }, coordinator)).subcontractChain;
      expect(fromA.map((link: any) => [link.relationship.id, link.depth])).toEqual([[ab.id, 1]]);

      const bc = await outsource(b, c);
      const ca = await outsource(c, a);
      const longer = (await t.gqlOk(CHAIN, { id: a.id }, coordinator)).subcontractChain;
      expect(longer.map((link: any) => [link.relationship.id, link.depth])).toEqual([
        [ab.id, 1],
        [bc.id, 2],
      ]);
      const fromC = (await t.gqlOk(CHAIN, { id: c.id }, coordinator)).subcontractChain;
      expect(fromC.map((link: any) => link.relationship.id)).toEqual([ca.id, ab.id]);
    });

    it('refuses bad relationships, changing nothing', async () => {
      const a = await organisation('Rel A');
      const b = await organisation('Rel B');
      await outsource(a, b);
      const create =
        (input: Record<string, unknown>, token = coordinator) =>
        () =>
          t.gql(CREATE_RELATIONSHIP, { input }, token);
      await expectRefused([
        [
          create({ kind: 'OUTSOURCING', clientOrganisationId: a.id, contractorOrganisationId: b.id }),
          'CONFLICT',
          'input.kind',
        ],
        [
          create({ kind: 'OUTSOURCING', clientOrganisationId: a.id, contractorOrganisationId: a.id }),
          'BAD_USER_INPUT',
          'input.contractorOrganisationId',
        ],
        [
          create({ kind: 'OUTSOURCING', clientOrganisationId: a.id, contractorOrganisationId: MISSING }),
          'BAD_USER_INPUT',
          'input.contractorOrganisationId',
        ],
        [
          create({ kind: 'OUTSOURCING', clientOrganisationId: MISSING, contractorOrganisationId: b.id }),
          'BAD_USER_INPUT',
          'input.clientOrganisationId',
        ],
        [
          create(
            { kind: 'PARTNERSHIP', clientOrganisationId: own.id, contractorOrganisationId: b.id },
            stakeholder,
          ),
          'FORBIDDEN',
          undefined,
        ],
        [() => t.gql(CHAIN, { id: MISSING }, coordinator), 'NOT_FOUND', undefined],
        [() => t.gql(CHAIN, { id: other.id }, stakeholder), 'NOT_FOUND', undefined],
      ]);
    });
  });

  describe('contacts', () => {
    it('generates a webhook secret, shows it once and stores it only sealed', async () => {
      const { createContact } = await t.gqlOk(
        CREATE_CONTACT,
        {
          input: {
            organisationId: own.id,
            type: 'FUNCTION',
            kind: 'INCIDENT_WINDOW',
            name: 'SOC webhook',
            webhookUrl: 'https://soc.example.jp/hooks/renkei',
          },
        },
        coordinator,
      );
      const secret: string = createContact.webhookSecret;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(createContact.contact).toMatchObject({
        hasWebhookSecret: true,
        webhookUrl: 'https://soc.example.jp/hooks/renkei',
        email: null,
        stale: false,
      });
      const id = createContact.contact.id;
      const secretBody = secret.slice('whsec_'.length);

      // Never readable again, by any query.
      const listed = await t.gqlOk(
        `{ contacts { ${CONTACT_FIELDS} } organisations { contacts { ${CONTACT_FIELDS} } } }`,
        {},
        coordinator,
      );
      expect(listed.contacts.find((c: any) => c.id === id).hasWebhookSecret).toBe(true);
      expect(JSON.stringify(listed)).not.toContain(secretBody);
      const touched = (await t.gqlOk(UPDATE_CONTACT, { id, input: { notes: '夜間も対応' } }, coordinator))
        .updateContact;
      expect(touched.webhookSecret).toBeNull();
      expect(touched.contact.hasWebhookSecret).toBe(true);

      // Not in plain text anywhere in the database: sealed in its column, absent from the audit log.
      const [row] = await t.dataSource.query(`SELECT webhook_secret_sealed FROM contact WHERE id = $1`, [id]);
      expect(row.webhook_secret_sealed).toMatch(/^v1\./);
      expect(row.webhook_secret_sealed).not.toContain(secretBody);
      const tables: { table_name: string }[] = await t.dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      for (const { table_name } of tables) {
        const [{ count }] = await t.dataSource.query(
          `SELECT count(*)::int AS count FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`,
          [secretBody],
        );
        expect({ table: table_name, count }).toEqual({ table: table_name, count: 0 });
      }

      // Removing the webhook removes its secret; a new endpoint gets a new one, shown once again.
      const removed = (
        await t.gqlOk(
          UPDATE_CONTACT,
          { id, input: { removeWebhook: true, email: 'soc@example.jp' } },
          coordinator,
        )
      ).updateContact;
      expect(removed.contact).toMatchObject({
        webhookUrl: null,
        hasWebhookSecret: false,
        email: 'soc@example.jp',
      });
      const readded = (
        await t.gqlOk(
          UPDATE_CONTACT,
          { id, input: { webhookUrl: 'https://soc.example.jp/hooks/v2' } },
          coordinator,
        )
      ).updateContact;
      expect(readded.webhookSecret).toMatch(/^whsec_/);
      expect(readded.webhookSecret).not.toBe(secret);
      expect(readded.contact.hasWebhookSecret).toBe(true);
    });

    it('keeps a caller-chosen webhook secret without echoing it', async () => {
      const chosen = `whsec_${randomBytes(24).toString('base64')}`;
      const { createContact } = await t.gqlOk(
        CREATE_CONTACT,
        {
          input: {
            organisationId: own.id,
            type: 'FUNCTION',
            kind: 'TECHNICAL',
            name: 'Ops hook',
            webhookUrl: 'https://ops.example.jp/hook',
            webhookSecret: chosen,
          },
        },
        coordinator,
      );
      expect(createContact.webhookSecret).toBeNull();
      expect(createContact.contact.hasWebhookSecret).toBe(true);
      const [row] = await t.dataSource.query(`SELECT webhook_secret_sealed FROM contact WHERE id = $1`, [
        createContact.contact.id,
      ]);
      expect(row.webhook_secret_sealed).not.toContain(chosen.slice(6));
    });

    it('refuses contacts of the wrong shape, changing nothing', async () => {
      const create = (input: Record<string, unknown>) => () =>
        t.gql(
          CREATE_CONTACT,
          {
            input: {
              organisationId: own.id,
              type: 'FUNCTION',
              kind: 'EMERGENCY',
              name: '緊急窓口',
              ...input,
            },
          },
          coordinator,
        );
      const existing = await f.contact(own as never, ContactKind.EMERGENCY);
      await expectRefused([
        [create({ email: 'desk@example.jp', phone: '+81-3-1234-5678' }), 'BAD_USER_INPUT', 'input.phone'],
        [create({}), 'BAD_USER_INPUT', 'input.email'],
        [create({ email: 'not-an-email' }), 'BAD_USER_INPUT', 'input.email'],
        [create({ webhookUrl: 'ftp://example.jp/hook' }), 'BAD_USER_INPUT', 'input.webhookUrl'],
        [
          create({ email: 'desk@example.jp', webhookSecret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' }),
          'BAD_USER_INPUT',
          'input.webhookSecret',
        ],
        [
          create({ webhookUrl: 'https://example.jp/hook', webhookSecret: 'plain-secret' }),
          'BAD_USER_INPUT',
          'input.webhookSecret',
        ],
        [
          create({ email: 'desk@example.jp', organisationId: MISSING }),
          'BAD_USER_INPUT',
          'input.organisationId',
        ],
        [create({ email: 'desk@example.jp', name: ' ' }), 'BAD_USER_INPUT', 'input.name'],
        [
          () => t.gql(UPDATE_CONTACT, { id: existing.id, input: { phone: '+81-3-1234-5678' } }, coordinator),
          'BAD_USER_INPUT',
          'input.phone',
        ],
        [
          () =>
            t.gql(
              UPDATE_CONTACT,
              { id: existing.id, input: { webhookSecret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' } },
              coordinator,
            ),
          'BAD_USER_INPUT',
          'input.webhookSecret',
        ],
        [
          () => t.gql(UPDATE_CONTACT, { id: existing.id, input: { name: null } }, coordinator),
          'BAD_USER_INPUT',
          'input.name',
        ],
        [
          () => t.gql(UPDATE_CONTACT, { id: existing.id, input: { kind: null } }, coordinator),
          'BAD_USER_INPUT',
          'input.kind',
        ],
        [
          () => t.gql(UPDATE_CONTACT, { id: existing.id, input: { locale: null } }, coordinator),
          'BAD_USER_INPUT',
          'input.locale',
        ],
        [
          () => t.gql(UPDATE_CONTACT, { id: existing.id, input: { email: null } }, coordinator),
          'BAD_USER_INPUT',
          'input.email',
        ],
        [
          () => t.gql(UPDATE_CONTACT, { id: MISSING, input: { name: 'x' } }, coordinator),
          'NOT_FOUND',
          undefined,
        ],
      ]);
      // A person may have a phone number.
      const person = await t.gqlOk(
        CREATE_CONTACT,
        {
          input: {
            organisationId: own.id,
            type: 'PERSON',
            kind: 'CISO',
            name: '山田 太郎',
            email: 'Yamada@Example.jp',
            phone: '+81-3-1234-5678',
          },
        },
        coordinator,
      );
      expect(person.createContact.contact).toMatchObject({
        phone: '+81-3-1234-5678',
        email: 'yamada@example.jp',
        webhookUrl: null,
        hasWebhookSecret: false,
      });
      expect(person.createContact.webhookSecret).toBeNull();
    });

    it('clears optional channels with null: the email address, or the webhook together with its secret', async () => {
      const { createContact } = await t.gqlOk(
        CREATE_CONTACT,
        {
          input: {
            organisationId: own.id,
            type: 'FUNCTION',
            kind: 'TECHNICAL',
            name: 'Both channels',
            email: 'both@example.jp',
            webhookUrl: 'https://both.example.jp/hook',
          },
        },
        coordinator,
      );
      const { updateContact } = await t.gqlOk(
        UPDATE_CONTACT,
        { id: createContact.contact.id, input: { email: null } },
        coordinator,
      );
      expect(updateContact.contact.email).toBeNull();
      const [row] = await t.dataSource.query(`SELECT email FROM contact WHERE id = $1`, [
        createContact.contact.id,
      ]);
      expect(row.email).toBeNull();
      // With the webhook gone too, the contact would be unreachable: refused.
      const unreachable = await t.gql(
        UPDATE_CONTACT,
        { id: createContact.contact.id, input: { removeWebhook: true } },
        coordinator,
      );
      expect(unreachable.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.email',
      });

      const hooked = (
        await t.gqlOk(
          CREATE_CONTACT,
          {
            input: {
              organisationId: own.id,
              type: 'FUNCTION',
              kind: 'TECHNICAL',
              name: 'Hook only',
              email: 'hook@example.jp',
              webhookUrl: 'https://hook.example.jp/x',
            },
          },
          coordinator,
        )
      ).createContact.contact;
      const cleared = (
        await t.gqlOk(UPDATE_CONTACT, { id: hooked.id, input: { webhookUrl: null } }, coordinator)
      ).updateContact;
      expect(cleared.webhookSecret).toBeNull();
      expect(cleared.contact).toMatchObject({
        webhookUrl: null,
        hasWebhookSecret: false,
        email: 'hook@example.jp',
      });
      const [sealed] = await t.dataSource.query(
        `SELECT webhook_url, webhook_secret_sealed FROM contact WHERE id = $1`,
        [hooked.id],
      );
      expect(sealed).toEqual({ webhook_url: null, webhook_secret_sealed: null });
      const website = await t.gqlOk(
        UPDATE_ORGANISATION,
        { id: own.id, input: { website: null } },
        coordinator,
      );
      expect(website.updateOrganisation.website).toBeNull();
    });

    it('lists contacts not verified for too long until someone verifies them', async () => {
      const org = await f.organisation();
      const fresh = await f.contact(org, ContactKind.INCIDENT_WINDOW);
      const old = await f.contact(org, ContactKind.EMERGENCY);
      const never = await f.contact(org, ContactKind.CISO, { lastVerifiedAt: null });
      await t.dataSource.query(
        `UPDATE contact SET last_verified_at = now() - interval '400 days' WHERE id = $1`,
        [old.id],
      );

      const stale = (await t.gqlOk(STALE, {}, coordinator)).staleContacts.filter(
        (c: any) => c.organisationId === org.id,
      );
      expect(stale.map((c: any) => c.id).sort()).toEqual([old.id, never.id].sort());
      expect(stale.every((c: any) => c.stale)).toBe(true);
      const viaFilter = (
        await t.gqlOk(
          `query($org: ID) { contacts(filter: { organisationId: $org, staleOnly: true }) { id } }`,
          { org: org.id },
          coordinator,
        )
      ).contacts;
      expect(viaFilter.map((c: any) => c.id).sort()).toEqual([old.id, never.id].sort());
      const longer = (await t.gqlOk(STALE, { days: 500 }, coordinator)).staleContacts.map((c: any) => c.id);
      expect(longer).toContain(never.id);
      expect(longer).not.toContain(old.id);
      const all = (
        await t.gqlOk(
          `query($org: ID) { contacts(filter: { organisationId: $org }) { id stale } }`,
          { org: org.id },
          coordinator,
        )
      ).contacts;
      expect(all.find((c: any) => c.id === fresh.id).stale).toBe(false);

      const verified = (await t.gqlOk(VERIFY_CONTACT, { id: old.id }, coordinator)).verifyContact;
      expect(verified.stale).toBe(false);
      expect(Date.now() - new Date(verified.lastVerifiedAt).getTime()).toBeLessThan(86_400_000);
      const after = (await t.gqlOk(STALE, {}, coordinator)).staleContacts.map((c: any) => c.id);
      expect(after).not.toContain(old.id);
      expect(after).toContain(never.id);
    });

    it('lets a stakeholder keep its own contacts, and only its own', async () => {
      const otherContact = await f.contact(other as never, ContactKind.INCIDENT_WINDOW);
      const mine = await t.gql(
        CREATE_CONTACT,
        {
          input: {
            organisationId: own.id,
            type: 'FUNCTION',
            kind: 'INCIDENT_WINDOW',
            name: '自社窓口',
            email: 'psirt@own.example.jp',
          },
        },
        stakeholder,
      );
      expect(mine.errors).toBeUndefined();
      expect(mine.data.createContact.contact.organisationId).toBe(own.id);

      await expectRefused([
        [
          () =>
            t.gql(
              CREATE_CONTACT,
              {
                input: {
                  organisationId: other.id,
                  type: 'FUNCTION',
                  kind: 'INCIDENT_WINDOW',
                  name: '他社窓口',
                  email: 'x@other.example.jp',
                },
              },
              stakeholder,
            ),
          'FORBIDDEN',
          undefined,
        ],
        [
          () => t.gql(UPDATE_CONTACT, { id: otherContact.id, input: { name: 'hijacked' } }, stakeholder),
          'NOT_FOUND',
          undefined,
        ],
        [() => t.gql(VERIFY_CONTACT, { id: otherContact.id }, stakeholder), 'NOT_FOUND', undefined],
        [
          () => t.gql(`mutation($id: ID!) { deleteContact(id: $id) }`, { id: otherContact.id }, stakeholder),
          'NOT_FOUND',
          undefined,
        ],
      ]);

      const seen = (await t.gqlOk(`{ contacts { id organisationId } }`, {}, stakeholder)).contacts;
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((c: any) => c.organisationId === own.id)).toBe(true);
      const filtered = (
        await t.gqlOk(
          `query($org: ID) { contacts(filter: { organisationId: $org }) { id } }`,
          { org: other.id },
          stakeholder,
        )
      ).contacts;
      expect(filtered).toEqual([]);
      const stale = (await t.gqlOk(STALE, { days: 1 }, stakeholder)).staleContacts;
      expect(stale.every((c: any) => c.organisationId === own.id)).toBe(true);
      const everyone = (await t.gqlOk(`{ contacts { organisationId } }`, {}, coordinator)).contacts.map(
        (c: any) => c.organisationId,
      );
      expect(everyone).toContain(other.id);
    });

    it('deletes a contact', async () => {
      const contact = await f.contact(own as never, ContactKind.TECHNICAL);
      expect(
        (await t.gqlOk(`mutation($id: ID!) { deleteContact(id: $id) }`, { id: contact.id }, stakeholder))
          .deleteContact,
      ).toBe(true);
      const rows = await t.dataSource.query(`SELECT 1 FROM contact WHERE id = $1`, [contact.id]);
      expect(rows).toHaveLength(0);
      const [event] = await t.dataSource.query(
        `SELECT action, organisation_id FROM audit_event WHERE entity_id = $1`,
        [contact.id],
      );
      expect(event).toEqual({ action: 'contact.deleted', organisation_id: own.id });
    });
  });
});
