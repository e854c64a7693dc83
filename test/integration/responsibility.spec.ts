import { randomBytes } from 'node:crypto';
import { PlatformRole } from '@renkei/core/context/actor';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

const COMPONENT_FIELDS = `id nameJa nameEn category kind parentId operatingOrganisationId description`;
const CREATE_COMPONENT = `mutation($input: CreateComponentInput!) { createComponent(input: $input) { ${COMPONENT_FIELDS} } }`;
const UPDATE_COMPONENT = `mutation($id: ID!, $input: UpdateComponentInput!) { updateComponent(id: $id, input: $input) { ${COMPONENT_FIELDS} } }`;
const DELETE_COMPONENT = `mutation($id: ID!) { deleteComponent(id: $id) }`;
const ASSIGN = `mutation($input: AssignResponsibilityInput!) {
  assignResponsibility(input: $input) { id componentId duty boundary note contractReference inheritedFromComponentId organisation { id nameEn } }
}`;
const MATRIX = `query($filter: ComponentFilter) {
  responsibilityMatrix(filter: $filter) { component { id } assignments { id componentId duty boundary inheritedFromComponentId organisation { id } } }
}`;
const PARTIES = `query($ids: [ID!]!) {
  partiesForComponents(input: { componentIds: $ids }) {
    organisation { id } duties
    details { componentId duty boundary inheritedFromComponentId }
    incidentContacts { id kind organisationId }
  }
}`;
const GAPS = `{ responsibilityGaps {
  componentsWithoutResponsible { id }
  responsibleWithoutIncidentContact { organisation { id } components { id } }
  staleContacts { id organisationId stale }
} }`;
const MISSING = '00000000-0000-4000-8000-000000000000';

const unique = () => randomBytes(3).toString('hex');
type Row = { id: string; [key: string]: unknown };

describe('responsibility map', () => {
  let t: TestApp;
  let f: Fixtures;
  let coordinator: string;
  let stakeholder: string;
  let city: { id: string };
  let vendor: { id: string };
  let provider: { id: string };
  let dataCo: { id: string };
  let noDesk: { id: string };
  let providerEmergency: { id: string };
  let providerTechnical: { id: string };
  let noDeskTechnical: { id: string };
  /** Everything created by the tests hangs below this root, whose vendor is RESPONSIBLE: no accidental gaps. */
  let covered: Row;

  const component = async (input: Record<string, unknown> = {}): Promise<Row> =>
    (
      await t.gqlOk(
        CREATE_COMPONENT,
        {
          input: {
            nameJa: `部品-${unique()}`,
            nameEn: 'Component',
            category: 'SERVICE',
            kind: 'SERVICE',
            parentId: covered.id,
            ...input,
          },
        },
        coordinator,
      )
    ).createComponent;
  const assign = async (
    componentId: string,
    organisationId: string,
    duty: string,
    extra: Record<string, unknown> = {},
  ) =>
    (await t.gqlOk(ASSIGN, { input: { componentId, organisationId, duty, ...extra } }, coordinator))
      .assignResponsibility;
  const matrixRow = async (componentId: string, token = coordinator) => {
    const rows = (await t.gqlOk(MATRIX, {}, token)).responsibilityMatrix;
    return rows.find((row: any) => row.component.id === componentId);
  };
  /** Assignments as comparable tuples: [organisation, duty, boundary, inheritedFrom]. */
  const tuples = (assignments: any[]) =>
    assignments
      .map((a) => [a.organisation.id, a.duty, a.boundary, a.inheritedFromComponentId])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const sortTuples = (list: unknown[][]) =>
    [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
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
    city = await f.organisation({ nameEn: 'City', guidelineRoles: [GuidelineRole.PROMOTION_BODY] });
    vendor = await f.organisation({ nameEn: 'Vendor', guidelineRoles: [GuidelineRole.CITY_OS_VENDOR] });
    provider = await f.organisation({ nameEn: 'Provider', guidelineRoles: [GuidelineRole.SERVICE_PROVIDER] });
    dataCo = await f.organisation({ nameEn: 'Data Co', guidelineRoles: [GuidelineRole.DATA_PROVIDER] });
    noDesk = await f.organisation({ nameEn: 'No Desk', guidelineRoles: [GuidelineRole.IOT_DEVICE_VENDOR] });
    await f.contact(vendor as never, ContactKind.INCIDENT_WINDOW);
    await f.contact(dataCo as never, ContactKind.INCIDENT_WINDOW);
    providerEmergency = await f.contact(provider as never, ContactKind.EMERGENCY);
    providerTechnical = await f.contact(provider as never, ContactKind.TECHNICAL);
    noDeskTechnical = await f.contact(noDesk as never, ContactKind.TECHNICAL);
    coordinator = await t.login((await f.user(city as never, PlatformRole.COORDINATOR)).email, PASSWORD);
    stakeholder = await t.login((await f.user(provider as never, PlatformRole.STAKEHOLDER)).email, PASSWORD);
    covered = (
      await t.gqlOk(
        CREATE_COMPONENT,
        {
          input: {
            nameJa: '都市OS基盤',
            nameEn: 'City OS platform',
            category: 'CITY_OS',
            kind: 'DATA_PLATFORM',
            operatingOrganisationId: vendor.id,
          },
        },
        coordinator,
      )
    ).createComponent;
    await assign(covered.id, vendor.id, 'RESPONSIBLE');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('builds a component tree and refuses to make it a cycle', async () => {
    const a = await component({
      nameEn: 'A',
      category: 'ASSET',
      kind: 'NETWORK',
      description: '庁内ネットワーク',
    });
    const b = await component({ nameEn: 'B', parentId: a.id });
    const c = await component({ nameEn: 'C', parentId: b.id, operatingOrganisationId: provider.id });
    expect(a).toMatchObject({
      parentId: covered.id,
      category: 'ASSET',
      kind: 'NETWORK',
      description: '庁内ネットワーク',
      operatingOrganisationId: null,
    });
    expect(c).toMatchObject({ parentId: b.id, operatingOrganisationId: provider.id });

    await expectRefused([
      [
        () => t.gql(UPDATE_COMPONENT, { id: a.id, input: { parentId: c.id } }, coordinator),
        'BAD_USER_INPUT',
        'input.parentId',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: a.id, input: { parentId: b.id } }, coordinator),
        'BAD_USER_INPUT',
        'input.parentId',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: b.id, input: { parentId: b.id } }, coordinator),
        'BAD_USER_INPUT',
        'input.parentId',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: covered.id, input: { parentId: c.id } }, coordinator),
        'BAD_USER_INPUT',
        'input.parentId',
      ],
      [
        () =>
          t.gql(UPDATE_COMPONENT, { id: c.id, input: { parentId: a.id, clearParent: true } }, coordinator),
        'BAD_USER_INPUT',
        'input.parentId',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: c.id, input: { parentId: MISSING } }, coordinator),
        'BAD_USER_INPUT',
        'input.parentId',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: c.id, input: { operatingOrganisationId: MISSING } }, coordinator),
        'BAD_USER_INPUT',
        'input.operatingOrganisationId',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: c.id, input: { nameJa: a.nameJa } }, coordinator),
        'CONFLICT',
        'input.nameJa',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: c.id, input: { nameJa: null } }, coordinator),
        'BAD_USER_INPUT',
        'input.nameJa',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: c.id, input: { category: null } }, coordinator),
        'BAD_USER_INPUT',
        'input.category',
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: MISSING, input: { nameEn: 'Ghost' } }, coordinator),
        'NOT_FOUND',
        undefined,
      ],
      [
        () =>
          t.gql(
            CREATE_COMPONENT,
            { input: { nameJa: a.nameJa, nameEn: 'Copy', category: 'ASSET', kind: 'NETWORK' } },
            coordinator,
          ),
        'CONFLICT',
        'input.nameJa',
      ],
      [
        () =>
          t.gql(
            CREATE_COMPONENT,
            {
              input: {
                nameJa: `孤児-${unique()}`,
                nameEn: 'Orphan',
                category: 'ASSET',
                kind: 'NETWORK',
                parentId: MISSING,
              },
            },
            coordinator,
          ),
        'BAD_USER_INPUT',
        'input.parentId',
      ],
      [
        () =>
          t.gql(
            CREATE_COMPONENT,
            { input: { nameJa: `権限なし-${unique()}`, nameEn: 'Nope', category: 'ASSET', kind: 'NETWORK' } },
            stakeholder,
          ),
        'FORBIDDEN',
        undefined,
      ],
      [
        () => t.gql(UPDATE_COMPONENT, { id: c.id, input: { nameEn: 'Renamed' } }, stakeholder),
        'FORBIDDEN',
        undefined,
      ],
    ]);

    // Legal moves: a sibling, a root and back.
    const moved = (await t.gqlOk(UPDATE_COMPONENT, { id: c.id, input: { parentId: a.id } }, coordinator))
      .updateComponent;
    expect(moved.parentId).toBe(a.id);
    const root = (await t.gqlOk(UPDATE_COMPONENT, { id: c.id, input: { clearParent: true } }, coordinator))
      .updateComponent;
    expect(root.parentId).toBeNull();
    await t.gqlOk(UPDATE_COMPONENT, { id: c.id, input: { parentId: b.id } }, coordinator);
    const read = (
      await t.gqlOk(
        `query($id: ID!) { component(id: $id) { ${COMPONENT_FIELDS} } }`,
        { id: c.id },
        coordinator,
      )
    ).component;
    expect(read.parentId).toBe(b.id);
    // The stakeholder sees the component its organisation operates.
    const seen = (await t.gqlOk(`{ components { id } }`, {}, stakeholder)).components.map((x: any) => x.id);
    expect(seen).toContain(c.id);
    expect(seen).not.toContain(a.id);
  });

  it('refuses a cycle made of two concurrent moves', async () => {
    for (let round = 0; round < 10; round += 1) {
      const x = await component({ nameEn: `X${round}` });
      const y = await component({ nameEn: `Y${round}` });
      const z = await component({ nameEn: `Z${round}`, parentId: y.id });
      // Each move alone is legal; together they would make x → z → y → x.
      const [first, second] = await Promise.all([
        t.gql(UPDATE_COMPONENT, { id: x.id, input: { parentId: z.id } }, coordinator),
        t.gql(UPDATE_COMPONENT, { id: y.id, input: { parentId: x.id } }, coordinator),
      ]);
      const outcomes = [first, second].map((r) =>
        r.errors ? `${r.errors[0].extensions?.code} ${r.errors[0].extensions?.field}` : 'ok',
      );
      expect(outcomes.sort()).toEqual(['BAD_USER_INPUT input.parentId', 'ok']);
      const cycles = await t.dataSource.query(
        `WITH RECURSIVE up(start, id, depth) AS (
           SELECT c.id, c.parent_id, 1 FROM component c WHERE c.id = ANY($1::uuid[])
           UNION ALL SELECT up.start, c.parent_id, up.depth + 1 FROM component c JOIN up ON c.id = up.id WHERE up.depth < 20
         ) SELECT DISTINCT start FROM up WHERE id = start`,
        [[x.id, y.id, z.id]],
      );
      expect(cycles).toEqual([]);
    }
  });

  it('shows each component’s effective duties: inherited from ancestors unless overridden', async () => {
    const parent = await component({ nameEn: 'Resident portal' });
    const child = await component({ nameEn: 'Portal API', parentId: parent.id });
    const grandchild = await component({ nameEn: 'Portal API v2', parentId: child.id });
    await assign(parent.id, vendor.id, 'RESPONSIBLE');
    await assign(parent.id, city.id, 'ACCOUNTABLE');
    await assign(parent.id, dataCo.id, 'RESPONSIBLE', { boundary: 'DATA' });
    const own = await assign(child.id, provider.id, 'RESPONSIBLE', { contractReference: 'R6-委託-12' });
    expect(own).toMatchObject({
      componentId: child.id,
      duty: 'RESPONSIBLE',
      boundary: 'SYSTEM',
      contractReference: 'R6-委託-12',
      inheritedFromComponentId: null,
      organisation: { id: provider.id },
    });
    await assign(grandchild.id, city.id, 'INFORMED');

    const parentRow = await matrixRow(parent.id);
    expect(tuples(parentRow.assignments)).toEqual(
      sortTuples([
        [vendor.id, 'RESPONSIBLE', 'SYSTEM', null],
        [city.id, 'ACCOUNTABLE', 'SYSTEM', null],
        [dataCo.id, 'RESPONSIBLE', 'DATA', null],
      ]),
    );
    // The child's own RESPONSIBLE (SYSTEM) replaces the parent's; the other duties still come down.
    const childRow = await matrixRow(child.id);
    expect(tuples(childRow.assignments)).toEqual(
      sortTuples([
        [provider.id, 'RESPONSIBLE', 'SYSTEM', null],
        [city.id, 'ACCOUNTABLE', 'SYSTEM', parent.id],
        [dataCo.id, 'RESPONSIBLE', 'DATA', parent.id],
      ]),
    );
    expect(childRow.assignments.every((a: any) => a.componentId === child.id)).toBe(true);
    const grandchildRow = await matrixRow(grandchild.id);
    expect(tuples(grandchildRow.assignments)).toEqual(
      sortTuples([
        [city.id, 'INFORMED', 'SYSTEM', null],
        [provider.id, 'RESPONSIBLE', 'SYSTEM', child.id],
        [city.id, 'ACCOUNTABLE', 'SYSTEM', parent.id],
        [dataCo.id, 'RESPONSIBLE', 'DATA', parent.id],
      ]),
    );

    // Filtered to an organisation: the components it holds a duty for itself.
    const forProvider = (await t.gqlOk(MATRIX, { filter: { organisationId: provider.id } }, coordinator))
      .responsibilityMatrix;
    expect(forProvider.map((row: any) => row.component.id)).toContain(child.id);
    expect(forProvider.map((row: any) => row.component.id)).not.toContain(parent.id);
    // A stakeholder's map holds the components its organisation is involved in, with their effective duties.
    const stakeholderRows = (await t.gqlOk(MATRIX, {}, stakeholder)).responsibilityMatrix;
    const ids = stakeholderRows.map((row: any) => row.component.id);
    expect(ids).toContain(child.id);
    expect(ids).not.toContain(parent.id);
    expect(tuples(stakeholderRows.find((row: any) => row.component.id === child.id).assignments)).toEqual(
      tuples(childRow.assignments),
    );
  });

  it('names the parties for affected components, with their duties and incident contacts', async () => {
    const parent = await component({ nameEn: 'Mobility service' });
    const child = await component({ nameEn: 'Mobility booking', parentId: parent.id });
    await assign(parent.id, vendor.id, 'RESPONSIBLE');
    await assign(parent.id, city.id, 'ACCOUNTABLE');
    await assign(child.id, provider.id, 'RESPONSIBLE');
    await assign(child.id, dataCo.id, 'CONSULTED', { boundary: 'DATA' });

    const parties = (await t.gqlOk(PARTIES, { ids: [child.id] }, coordinator)).partiesForComponents;
    const byOrg = Object.fromEntries(parties.map((p: any) => [p.organisation.id, p]));
    expect(Object.keys(byOrg).sort()).toEqual([provider.id, city.id, dataCo.id].sort());
    expect(byOrg[vendor.id]).toBeUndefined();
    expect(byOrg[provider.id].duties).toEqual(['RESPONSIBLE']);
    expect(byOrg[provider.id].details).toEqual([
      { componentId: child.id, duty: 'RESPONSIBLE', boundary: 'SYSTEM', inheritedFromComponentId: null },
    ]);
    expect(byOrg[city.id].details).toEqual([
      { componentId: child.id, duty: 'ACCOUNTABLE', boundary: 'SYSTEM', inheritedFromComponentId: parent.id },
    ]);
    expect(byOrg[dataCo.id].duties).toEqual(['CONSULTED']);
    // Responsible first.
    expect(parties[0].organisation.id).toBe(provider.id);
    // Incident window and emergency contacts only.
    expect(byOrg[provider.id].incidentContacts.map((c: any) => c.id)).toEqual([providerEmergency.id]);
    expect(byOrg[provider.id].incidentContacts.map((c: any) => c.id)).not.toContain(providerTechnical.id);
    expect(byOrg[dataCo.id].incidentContacts).toHaveLength(1);
    expect(byOrg[city.id].incidentContacts).toEqual([]);

    // Both components: one entry per organisation, duties merged.
    const both = (await t.gqlOk(PARTIES, { ids: [parent.id, child.id] }, coordinator)).partiesForComponents;
    const vendorParty = both.find((p: any) => p.organisation.id === vendor.id);
    expect(vendorParty.details).toEqual([
      { componentId: parent.id, duty: 'RESPONSIBLE', boundary: 'SYSTEM', inheritedFromComponentId: null },
    ]);
    expect(both.filter((p: any) => p.organisation.id === city.id)).toHaveLength(1);
    expect(both.find((p: any) => p.organisation.id === city.id).details).toHaveLength(2);

    // A stakeholder sees the parties, but only its own organisation's contacts.
    const seen = (await t.gqlOk(PARTIES, { ids: [child.id] }, stakeholder)).partiesForComponents;
    expect(seen.map((p: any) => p.organisation.id).sort()).toEqual([provider.id, city.id, dataCo.id].sort());
    expect(
      seen.find((p: any) => p.organisation.id === provider.id).incidentContacts.map((c: any) => c.id),
    ).toEqual([providerEmergency.id]);
    expect(seen.find((p: any) => p.organisation.id === dataCo.id).incidentContacts).toEqual([]);

    await expectRefused([
      [() => t.gql(PARTIES, { ids: [MISSING] }, coordinator), 'BAD_USER_INPUT', 'input.componentIds'],
      [() => t.gql(PARTIES, { ids: [parent.id] }, stakeholder), 'BAD_USER_INPUT', 'input.componentIds'],
      [() => t.gql(PARTIES, { ids: [] }, coordinator), 'BAD_USER_INPUT', 'input.componentIds'],
    ]);
  });

  it('finds the holes in the map: no one responsible, no incident contact, stale contacts', async () => {
    const orphan = await component({
      nameEn: 'Orphan sensor network',
      parentId: undefined,
      category: 'ASSET',
      kind: 'DEVICE',
    });
    await assign(orphan.id, city.id, 'INFORMED');
    const sensor = await component({
      nameEn: 'Sensor',
      parentId: orphan.id,
      category: 'ASSET',
      kind: 'DEVICE',
    });
    await assign(sensor.id, noDesk.id, 'RESPONSIBLE');
    const sensorPart = await component({
      nameEn: 'Sensor firmware',
      parentId: sensor.id,
      category: 'ASSET',
      kind: 'DEVICE',
    });
    await t.dataSource.query(
      `UPDATE contact SET last_verified_at = now() - interval '400 days' WHERE id = $1`,
      [noDeskTechnical.id],
    );

    const { responsibilityGaps: gaps } = await t.gqlOk(GAPS, {}, coordinator);
    // Only the orphan: its children are covered by their own (or their parent's) RESPONSIBLE.
    expect(gaps.componentsWithoutResponsible.map((c: any) => c.id)).toEqual([orphan.id]);
    expect(gaps.responsibleWithoutIncidentContact).toHaveLength(1);
    expect(gaps.responsibleWithoutIncidentContact[0].organisation.id).toBe(noDesk.id);
    expect(gaps.responsibleWithoutIncidentContact[0].components.map((c: any) => c.id).sort()).toEqual(
      [sensor.id, sensorPart.id].sort(),
    );
    expect(gaps.staleContacts).toEqual([{ id: noDeskTechnical.id, organisationId: noDesk.id, stale: true }]);

    // Filling the holes empties the report.
    await assign(orphan.id, vendor.id, 'RESPONSIBLE');
    await t.gqlOk(
      `mutation($input: CreateContactInput!) { createContact(input: $input) { contact { id } } }`,
      {
        input: {
          organisationId: noDesk.id,
          type: 'FUNCTION',
          kind: 'INCIDENT_WINDOW',
          name: 'PSIRT',
          email: 'psirt@nodesk.example.jp',
        },
      },
      coordinator,
    );
    await t.gqlOk(
      `mutation($id: ID!) { verifyContact(id: $id) { id } }`,
      { id: noDeskTechnical.id },
      coordinator,
    );
    const after = (await t.gqlOk(GAPS, {}, coordinator)).responsibilityGaps;
    expect(after).toEqual({
      componentsWithoutResponsible: [],
      responsibleWithoutIncidentContact: [],
      staleContacts: [],
    });
  });

  it('refuses to delete a component that has children or incidents, and changes nothing', async () => {
    const parent = await component({ nameEn: 'Parent to delete' });
    const child = await component({ nameEn: 'Child to delete', parentId: parent.id });
    const assignment = await assign(child.id, provider.id, 'INFORMED');
    const affected = await component({ nameEn: 'Affected by an incident' });
    await t.gqlOk(
      `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { incident { id } } }`,
      {
        input: {
          title: '削除できない部品',
          severity: 'SEV4',
          category: 'OTHER',
          componentIds: [affected.id],
        },
      },
      coordinator,
    );
    await expectRefused([
      [() => t.gql(DELETE_COMPONENT, { id: parent.id }, coordinator), 'CONFLICT', undefined],
      [() => t.gql(DELETE_COMPONENT, { id: affected.id }, coordinator), 'CONFLICT', undefined],
      [() => t.gql(DELETE_COMPONENT, { id: MISSING }, coordinator), 'NOT_FOUND', undefined],
      [() => t.gql(DELETE_COMPONENT, { id: child.id }, stakeholder), 'FORBIDDEN', undefined],
    ]);

    expect((await t.gqlOk(DELETE_COMPONENT, { id: child.id }, coordinator)).deleteComponent).toBe(true);
    expect(await t.dataSource.query(`SELECT 1 FROM assignment WHERE id = $1`, [assignment.id])).toHaveLength(
      0,
    );
    expect((await t.gqlOk(DELETE_COMPONENT, { id: parent.id }, coordinator)).deleteComponent).toBe(true);
    const missing = await t.gql(
      `query($id: ID!) { component(id: $id) { id } }`,
      { id: parent.id },
      coordinator,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const events = await t.dataSource.query(
      `SELECT entity_id FROM audit_event WHERE action = 'component.deleted' ORDER BY sequence`,
    );
    expect(events.map((e: any) => e.entity_id)).toEqual([child.id, parent.id]);
  });

  it('updates the note of an existing assignment instead of duplicating it', async () => {
    const target = await component({ nameEn: 'Assigned twice' });
    const first = await assign(target.id, provider.id, 'CONSULTED', { note: '初回' });
    const second = await assign(target.id, provider.id, 'CONSULTED', {
      note: '更新後',
      contractReference: 'C-2',
    });
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ note: '更新後', contractReference: 'C-2' });
    const untouched = await assign(target.id, provider.id, 'CONSULTED');
    expect(untouched).toMatchObject({ id: first.id, note: '更新後', contractReference: 'C-2' });
    const rows = await t.dataSource.query(
      `SELECT note FROM assignment WHERE component_id = $1 AND organisation_id = $2`,
      [target.id, provider.id],
    );
    expect(rows).toEqual([{ note: '更新後' }]);
    const actions = await t.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY sequence`,
      [first.id],
    );
    expect(actions.map((a: any) => a.action)).toEqual([
      'assignment.created',
      'assignment.updated',
      'assignment.updated',
    ]);

    // Another boundary is another assignment.
    const data = await assign(target.id, provider.id, 'CONSULTED', { boundary: 'DATA' });
    expect(data.id).not.toBe(first.id);
    const row = await matrixRow(target.id);
    expect(row.assignments.filter((a: any) => a.organisation.id === provider.id)).toHaveLength(2);

    // Removing it takes it off the map.
    expect(
      (await t.gqlOk(`mutation($id: ID!) { removeAssignment(id: $id) }`, { id: data.id }, coordinator))
        .removeAssignment,
    ).toBe(true);
    expect((await matrixRow(target.id)).assignments.map((a: any) => a.id)).not.toContain(data.id);
  });

  it('records one assignment when the same one is assigned concurrently', async () => {
    const target = await component({ nameEn: 'Assigned concurrently' });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.gql(
          ASSIGN,
          {
            input: { componentId: target.id, organisationId: dataCo.id, duty: 'INFORMED', note: `note ${i}` },
          },
          coordinator,
        ),
      ),
    );
    expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
    expect(new Set(results.map((r) => r.data.assignResponsibility.id)).size).toBe(1);
    const rows = await t.dataSource.query(`SELECT id FROM assignment WHERE component_id = $1`, [target.id]);
    expect(rows).toHaveLength(1);
  });

  it('refuses bad assignments, changing nothing', async () => {
    const target = await component({ nameEn: 'Badly assigned' });
    const input = (extra: Record<string, unknown>) => ({
      input: { componentId: target.id, organisationId: provider.id, duty: 'INFORMED', ...extra },
    });
    await expectRefused([
      [
        () => t.gql(ASSIGN, input({ componentId: MISSING }), coordinator),
        'BAD_USER_INPUT',
        'input.componentId',
      ],
      [
        () => t.gql(ASSIGN, input({ organisationId: MISSING }), coordinator),
        'BAD_USER_INPUT',
        'input.organisationId',
      ],
      [() => t.gql(ASSIGN, input({ note: null }), coordinator), 'BAD_USER_INPUT', 'input.note'],
      [() => t.gql(ASSIGN, input({}), stakeholder), 'FORBIDDEN', undefined],
      [
        () => t.gql(`mutation($id: ID!) { removeAssignment(id: $id) }`, { id: MISSING }, coordinator),
        'NOT_FOUND',
        undefined,
      ],
    ]);
  });
});
