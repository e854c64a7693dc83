import ExcelJS from 'exceljs';
import { PlatformRole } from '@renkei/core/context/actor';
import { seedDemoCity } from '@renkei/demo/demo-city';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { hashPassword } from '@renkei/identity/auth/password';
import { Fixtures, PASSWORD, databaseDigest } from '../support/fixtures';
import { TestApp, startTestApp } from '../support/test-app';

/**
 * Self-assessment against the guideline's check sheet (§4.2, 別紙1): the catalogue in a fresh database,
 * answers and their rules, optimistic concurrency, organisation isolation, the coordinator's roll-up
 * (checked against counts made here from what was written) and the CSV / XLSX downloads.
 */

const CATEGORIES = [
  'GOVERNANCE',
  'SERVICE',
  'CITY_OS',
  'ASSET',
  'SUPPLY_CHAIN',
  'INCIDENT_RESPONSE',
  'DATA_LINKAGE',
] as const;
type Category = (typeof CATEGORIES)[number];
const CROSS: Category[] = ['SUPPLY_CHAIN', 'INCIDENT_RESPONSE', 'DATA_LINKAGE'];
/** Written here from the guideline (§4.2), independently of applicability.ts. */
const EXPECTED_SCOPE: Record<string, Category[]> = {
  P: [...CATEGORIES],
  A: ['SERVICE', ...CROSS],
  B: ['CITY_OS', ...CROSS],
};

const JAPANESE_HEADERS = [
  '分類',
  '項番',
  '対策項目',
  '対策内容',
  '対応状況',
  '実装予定時期',
  '実装方法',
  '根拠資料',
];

const SET = `mutation($input: SetSelfAssessmentItemInput!) {
  setSelfAssessmentItem(input: $input) { id status version plannedTiming notApplicableReason evidenceLinks
    applicable reviewer { id displayName } reviewedOn updatedByName item { key printedId titleJa } }
}`;

const READ = `query($o: ID) { selfAssessment(organisationId: $o) {
  organisationId edition applicableCategories
  items { item { key category } applicable status version }
  coverage { category items applicable implemented planned notStarted notApplicable denominator percentImplemented }
  total { items applicable implemented denominator percentImplemented }
} }`;

const OVERVIEW = `{ selfAssessmentOverview {
  edition
  organisations { organisationId categories { category applicable implemented planned notStarted notApplicable denominator percentImplemented } total { applicable implemented denominator } }
  categories { category applicable implemented planned notStarted notApplicable denominator }
  total { items applicable implemented planned notStarted notApplicable denominator percentImplemented }
} }`;

/** RFC 4180 parser (quoted cells with commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('self-assessment (§4.2 check sheet)', () => {
  let t: TestApp;
  let f: Fixtures;
  const orgs = {} as Record<'P' | 'A' | 'B' | 'E', OrganisationEntity>;
  const tokens = {} as Record<'coordinator' | 'stakeholderA' | 'viewerA' | 'responderB', string>;
  let reviewerA: { id: string; displayName: string };
  let apiKeyA: string;
  let catalogue: { key: string; category: Category; printedId: string }[];
  /** What was written: organisation → item key → status. */
  const written: Record<string, Record<string, string>> = {};

  const set = async (token: string, input: Record<string, unknown>) => {
    const result = await t.gql(SET, { input }, token);
    if (!result.errors) {
      const org = input.organisationId as string;
      written[org] ??= {};
      written[org][input.itemKey as string] = input.status as string;
    }
    return result;
  };
  const download = (path: string, auth: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { headers: auth });

  beforeAll(async () => {
    t = await startTestApp();
    f = new Fixtures(t.dataSource);
    orgs.P = await f.organisation({ guidelineRoles: [GuidelineRole.PROMOTION_BODY], nameJa: 'みなと市' });
    orgs.A = await f.organisation({
      guidelineRoles: [GuidelineRole.SERVICE_PROVIDER],
      nameJa: '防災サービス株式会社',
    });
    orgs.B = await f.organisation({
      guidelineRoles: [GuidelineRole.CITY_OS_VENDOR],
      nameJa: '都市OSベンダ株式会社',
    });
    orgs.E = await f.organisation({ guidelineRoles: [GuidelineRole.EXTERNAL_AUTHORITY], nameJa: '県警察' });
    const login = async (org: OrganisationEntity, role: PlatformRole) => {
      const user = await f.user(org, role);
      return { user, token: await t.login(user.email, PASSWORD) };
    };
    tokens.coordinator = (await login(orgs.P, PlatformRole.COORDINATOR)).token;
    const stakeholder = await login(orgs.A, PlatformRole.STAKEHOLDER);
    tokens.stakeholderA = stakeholder.token;
    reviewerA = { id: stakeholder.user.id, displayName: stakeholder.user.displayName };
    tokens.viewerA = (await login(orgs.A, PlatformRole.VIEWER)).token;
    tokens.responderB = (await login(orgs.B, PlatformRole.RESPONDER)).token;
    const key = await t.gqlOk(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { name: 'GRC tool', organisationId: orgs.A.id, role: 'VIEWER' } },
      (await login(orgs.P, PlatformRole.ADMIN)).token,
    );
    apiKeyA = key.createApiKey.secret;
    catalogue = (await t.gqlOk(`{ checkSheetItems { key category printedId } }`, {}, tokens.viewerA))
      .checkSheetItems;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has the 3.0 catalogue in a fresh database: 64 check-sheet items, 108 CPSF measures, with filters', async () => {
    const [{ items }] = await t.dataSource.query(
      `SELECT count(*)::int AS items FROM check_sheet_item WHERE edition = '3.0'`,
    );
    const [{ measures }] = await t.dataSource.query(
      `SELECT count(*)::int AS measures FROM cpsf_measure WHERE edition = '3.0'`,
    );
    expect({ items, measures }).toEqual({ items: 64, measures: 108 });

    const data = await t.gqlOk(
      `{ guidelineEditions { edition isCurrent titleJa }
         all: checkSheetItems(filter: { edition: "3.0" }) { key printedId category groupNumber groupJa groupEn titleJa titleEn descriptionJa section note }
         ir: checkSheetItems(filter: { categories: [INCIDENT_RESPONSE] }) { key }
         picked: checkSheetItems(filter: { keys: ["GOV-1-1", "DL-6", "NOPE"] }) { key printedId }
         measures: cpsfMeasures { id familyCode familyJa requirementJa requirementEn categories incidentTypeIds }
         im: cpsfMeasures(filter: { families: ["IM"] }) { id }
         assets: cpsfMeasures(filter: { categories: [ASSET] }) { id categories }
         ids: cpsfMeasures(filter: { ids: ["CPS.AC-1", "CPS.RP-4"] }) { id familyEn }
         incidentTypes { id incidentJa cpsIds }
         guidelineRoles { key nameJa } }`,
      {},
      tokens.viewerA,
    );
    expect(data.guidelineEditions).toEqual([expect.objectContaining({ edition: '3.0', isCurrent: true })]);
    expect(data.all).toHaveLength(64);
    expect(data.all[0]).toMatchObject({
      key: 'GOV-1-1',
      printedId: 'ガバナンス①-1',
      category: 'GOVERNANCE',
      groupNumber: '①',
      titleJa: '情報セキュリティ基本方針を策定する',
      section: '3.1.1',
    });
    const perCategory = Object.fromEntries(
      CATEGORIES.map((c) => [c, data.all.filter((i: any) => i.category === c).length]),
    );
    expect(perCategory).toEqual({
      GOVERNANCE: 17,
      SERVICE: 14,
      CITY_OS: 13,
      ASSET: 5,
      SUPPLY_CHAIN: 4,
      INCIDENT_RESPONSE: 5,
      DATA_LINKAGE: 6,
    });
    expect(data.ir.map((i: any) => i.key)).toEqual(['IR-1', 'IR-2', 'IR-3', 'IR-4', 'IR-5']);
    expect(data.picked).toEqual([
      { key: 'GOV-1-1', printedId: 'ガバナンス①-1' },
      { key: 'DL-6', printedId: 'データ連携⑥' },
    ]);
    expect(data.measures).toHaveLength(108);
    expect(data.measures[0]).toMatchObject({
      id: 'CPS.AC-1',
      familyCode: 'AC',
      familyJa: 'アクセスコントロール',
    });
    // Numeric order within a family: AC-9 before AC-10 would be wrong only if AC-10 existed; check DS.
    const ds = data.measures.filter((m: any) => m.familyCode === 'DS').map((m: any) => m.id);
    expect(ds.slice(0, 3)).toEqual(['CPS.DS-1', 'CPS.DS-2', 'CPS.DS-3']);
    expect(data.im.map((m: any) => m.id).sort()).toEqual(['CPS.IM-1', 'CPS.IM-2']);
    expect(data.assets).toHaveLength(41);
    expect(data.assets.every((m: any) => m.categories.includes('ASSET'))).toBe(true);
    expect(data.ids.map((m: any) => m.id)).toEqual(['CPS.AC-1', 'CPS.RP-4']);
    expect(data.incidentTypes).toHaveLength(25);
    expect(data.guidelineRoles).toHaveLength(9);

    const unknown = await t.gql(
      `{ checkSheetItems(filter: { edition: "9.9" }) { key } }`,
      {},
      tokens.viewerA,
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.edition',
    });
  });

  it('records answers with their rules: N/A needs a reason, a stale version is a CONFLICT, nothing changes on refusal', async () => {
    const own = orgs.A.id;
    const first = await set(tokens.stakeholderA, {
      organisationId: own,
      itemKey: 'IR-1',
      status: 'IMPLEMENTED',
      implementationMethod: 'CSIRT規程と連絡体制図を整備',
      evidenceLinks: ['https://docs.example.jp/csirt-policy.pdf'],
      reviewerUserId: reviewerA.id,
      reviewedOn: '2026-01-15',
      expectedVersion: 0,
    });
    expect(first.errors).toBeUndefined();
    expect(first.data.setSelfAssessmentItem).toMatchObject({
      status: 'IMPLEMENTED',
      version: 1,
      applicable: true,
      reviewer: reviewerA,
      reviewedOn: '2026-01-15',
      item: { key: 'IR-1', printedId: 'インシデント対応①' },
    });

    const refused = async (input: Record<string, unknown>, code: string, field?: string) => {
      const before = await databaseDigest(t.dataSource);
      const result = await set(tokens.stakeholderA, { organisationId: own, itemKey: 'IR-1', ...input });
      expect({ data: result.data ?? null, error: result.errors?.[0]?.extensions }).toEqual({
        data: null,
        error: expect.objectContaining({ code, ...(field ? { field } : {}) }),
      });
      expect(await databaseDigest(t.dataSource)).toEqual(before);
    };
    await refused(
      { status: 'NOT_APPLICABLE', expectedVersion: 1 },
      'BAD_USER_INPUT',
      'input.notApplicableReason',
    );
    await refused({ status: 'PLANNED', expectedVersion: 1 }, 'BAD_USER_INPUT', 'input.plannedTiming');
    await refused(
      { status: 'IMPLEMENTED', evidenceLinks: ['javascript:alert(1)'], expectedVersion: 1 },
      'BAD_USER_INPUT',
      'input.evidenceLinks',
    );
    await refused(
      { status: 'IMPLEMENTED', itemKey: 'IR-9', expectedVersion: 0 },
      'BAD_USER_INPUT',
      'input.itemKey',
    );
    // Someone else saved version 1 after we read version 0.
    await refused(
      { status: 'PLANNED', plannedTiming: '2027年度上期', expectedVersion: 0 },
      'CONFLICT',
      'input.expectedVersion',
    );

    const planned = await set(tokens.stakeholderA, {
      organisationId: own,
      itemKey: 'IR-1',
      status: 'PLANNED',
      plannedTiming: '2027年度上期',
      expectedVersion: 1,
    });
    expect(planned.data.setSelfAssessmentItem).toMatchObject({
      status: 'PLANNED',
      version: 2,
      plannedTiming: '2027年度上期',
      reviewer: null,
    });
    const na = await set(tokens.stakeholderA, {
      organisationId: own,
      itemKey: 'DL-4',
      status: 'NOT_APPLICABLE',
      notApplicableReason: '原本性保証が必要なデータを扱わないため',
      expectedVersion: 0,
    });
    expect(na.data.setSelfAssessmentItem).toMatchObject({
      status: 'NOT_APPLICABLE',
      notApplicableReason: '原本性保証が必要なデータを扱わないため',
    });

    const audit = await t.dataSource.query(
      `SELECT action, organisation_id, data FROM audit_event WHERE entity_type = 'self_assessment_entry' ORDER BY sequence`,
    );
    expect(audit.map((e: any) => [e.action, e.organisation_id, e.data.itemKey, e.data.to])).toEqual([
      ['self_assessment.updated', own, 'IR-1', 'IMPLEMENTED'],
      ['self_assessment.updated', own, 'IR-1', 'PLANNED'],
      ['self_assessment.updated', own, 'DL-4', 'NOT_APPLICABLE'],
    ]);

    // A viewer may read but not write.
    const viewer = await t.gql(
      SET,
      { input: { organisationId: own, itemKey: 'IR-2', status: 'IMPLEMENTED', expectedVersion: 0 } },
      tokens.viewerA,
    );
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps organisations apart: A cannot read or write B’s; the coordinator reads and writes every one', async () => {
    // B answers some of its own items; the coordinator answers for B and for the promotion body.
    const answers: [string, string, Record<string, unknown>][] = [
      [tokens.responderB, 'COS-1-1', { status: 'IMPLEMENTED' }],
      [tokens.responderB, 'COS-1-2', { status: 'IMPLEMENTED' }],
      [
        tokens.responderB,
        'COS-4-3',
        { status: 'NOT_APPLICABLE', notApplicableReason: 'オンプレミス運用のため' },
      ],
      [tokens.responderB, 'IR-2', { status: 'PLANNED', plannedTiming: '2026年度下期' }],
      [tokens.coordinator, 'SCM-1', { status: 'IMPLEMENTED' }],
    ];
    for (const [token, itemKey, rest] of answers) {
      const result = await set(token, { organisationId: orgs.B.id, itemKey, expectedVersion: 0, ...rest });
      expect(result.errors).toBeUndefined();
    }
    for (const itemKey of ['GOV-1-1', 'GOV-1-4', 'SVC-1-1']) {
      const result = await set(tokens.coordinator, {
        organisationId: orgs.P.id,
        itemKey,
        status: 'IMPLEMENTED',
        expectedVersion: 0,
      });
      expect(result.errors).toBeUndefined();
    }
    await set(tokens.stakeholderA, {
      organisationId: orgs.A.id,
      itemKey: 'SVC-2-1',
      status: 'IMPLEMENTED',
      implementationMethod: '=HYPERLINK("http://evil.example","x")',
      expectedVersion: 0,
    });

    // A reads B's: NOT_FOUND; A writes B's: NOT_FOUND and nothing changes.
    const read = await t.gql(READ, { o: orgs.B.id }, tokens.stakeholderA);
    expect({ data: read.data ?? null, code: read.errors?.[0]?.extensions?.code }).toEqual({
      data: null,
      code: 'NOT_FOUND',
    });
    const before = await databaseDigest(t.dataSource);
    const write = await set(tokens.stakeholderA, {
      organisationId: orgs.B.id,
      itemKey: 'COS-1-1',
      status: 'NOT_STARTED',
      expectedVersion: 1,
    });
    expect({ data: write.data ?? null, code: write.errors?.[0]?.extensions?.code }).toEqual({
      data: null,
      code: 'NOT_FOUND',
    });
    expect(await databaseDigest(t.dataSource)).toEqual(before);
    expect(JSON.stringify(write)).not.toContain('COS-1-1');

    // A's own sheet: every item, applicability by role.
    const own = (await t.gqlOk(READ, {}, tokens.stakeholderA)).selfAssessment;
    expect(own.organisationId).toBe(orgs.A.id);
    expect(own.items).toHaveLength(64);
    expect(own.applicableCategories).toEqual(EXPECTED_SCOPE.A);
    expect(own.items.filter((i: any) => i.applicable).map((i: any) => i.item.key)).toEqual(
      catalogue.filter((c) => EXPECTED_SCOPE.A.includes(c.category)).map((c) => c.key),
    );

    // A's overview has A only; the coordinator's has P, A and B (not the police: nothing applies).
    const overviewA = (await t.gqlOk(OVERVIEW, {}, tokens.stakeholderA)).selfAssessmentOverview;
    expect(overviewA.organisations.map((o: any) => o.organisationId)).toEqual([orgs.A.id]);
    const overview = (await t.gqlOk(OVERVIEW, {}, tokens.coordinator)).selfAssessmentOverview;
    expect(overview.organisations.map((o: any) => o.organisationId).sort()).toEqual(
      [orgs.P.id, orgs.A.id, orgs.B.id].sort(),
    );

    // The roll-up equals a count made here from what was written.
    const keyOf = { P: orgs.P.id, A: orgs.A.id, B: orgs.B.id } as const;
    const expectedFor = (org: keyof typeof keyOf, category: Category) => {
      const applicable = EXPECTED_SCOPE[org].includes(category);
      const keys = catalogue.filter((c) => c.category === category).map((c) => c.key);
      const statuses = applicable ? keys.map((k) => written[keyOf[org]]?.[k] ?? 'NOT_STARTED') : [];
      const count = (s: string) => statuses.filter((x) => x === s).length;
      const denominator = statuses.length - count('NOT_APPLICABLE');
      return {
        category,
        applicable: statuses.length,
        implemented: count('IMPLEMENTED'),
        planned: count('PLANNED'),
        notStarted: count('NOT_STARTED'),
        notApplicable: count('NOT_APPLICABLE'),
        denominator,
        percentImplemented: denominator ? Math.round((count('IMPLEMENTED') / denominator) * 1000) / 10 : null,
      };
    };
    for (const org of ['P', 'A', 'B'] as const) {
      const got = overview.organisations.find((o: any) => o.organisationId === keyOf[org]);
      expect(got.categories).toEqual(CATEGORIES.map((c) => expectedFor(org, c)));
    }
    const sum = (
      field: 'applicable' | 'implemented' | 'planned' | 'notStarted' | 'notApplicable' | 'denominator',
    ) =>
      (['P', 'A', 'B'] as const).reduce(
        (n, org) => n + CATEGORIES.reduce((m, c) => m + expectedFor(org, c)[field], 0),
        0,
      );
    expect(overview.total).toMatchObject({
      items: 64 * 3,
      applicable: sum('applicable'),
      implemented: sum('implemented'),
      planned: sum('planned'),
      notStarted: sum('notStarted'),
      notApplicable: sum('notApplicable'),
      denominator: sum('denominator'),
    });
    expect(sum('implemented')).toBe(7); // guards the oracle itself: 3 (B) + 3 (P) + 1 (A)
    for (const category of CATEGORIES) {
      const got = overview.categories.find((c: any) => c.category === category);
      const parts = (['P', 'A', 'B'] as const).map((org) => expectedFor(org, category));
      expect(got.implemented).toBe(parts.reduce((n, p) => n + p.implemented, 0));
      expect(got.denominator).toBe(parts.reduce((n, p) => n + p.denominator, 0));
    }
  });

  it('exports one organisation’s sheet as CSV (BOM, CRLF, Japanese headers, every item) with the same isolation', async () => {
    const response = await download(`/exports/self-assessment?format=csv`, {
      authorization: `Bearer ${tokens.stakeholderA}`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="check-sheet-3\.0-.*\.csv"; filename\*=UTF-8''/,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    for (const heading of JAPANESE_HEADERS) expect(header).toContain(heading);
    expect(rows).toHaveLength(64);
    const col = (name: string) => header.indexOf(name);
    expect(rows.map((r) => r[col('キー')])).toEqual(catalogue.map((c) => c.key));
    expect(rows.map((r) => r[col('項番')])).toEqual(catalogue.map((c) => c.printedId));
    const ir1 = rows.find((r) => r[col('キー')] === 'IR-1')!;
    expect([ir1[col('対応状況')], ir1[col('実装予定時期')]]).toEqual(['実装予定', '2027年度上期']);
    const dl4 = rows.find((r) => r[col('キー')] === 'DL-4')!;
    expect([dl4[col('対応状況')], dl4[col('対象外の理由')]]).toEqual([
      '対象外',
      '原本性保証が必要なデータを扱わないため',
    ]);
    const gov = rows.find((r) => r[col('キー')] === 'GOV-1-1')!;
    expect(gov[col('適用')]).toBe('対象外（役割）');
    // The formula someone typed is text in the file.
    const svc = rows.find((r) => r[col('キー')] === 'SVC-2-1')!;
    expect(svc[col('実装方法')]).toBe(`'=HYPERLINK("http://evil.example","x")`);

    // An API key of A works (X-Api-Key or Bearer); B's sheet is NOT_FOUND; no credentials: 401; bad format: 400.
    const withKey = await download(`/exports/self-assessment?format=csv&organisationId=${orgs.A.id}`, {
      'x-api-key': apiKeyA,
    });
    expect(withKey.status).toBe(200);
    const foreign = await download(`/exports/self-assessment?format=csv&organisationId=${orgs.B.id}`, {
      authorization: `Bearer ${apiKeyA}`,
    });
    expect([foreign.status, ((await foreign.json()) as { code: string }).code]).toEqual([404, 'NOT_FOUND']);
    expect((await download(`/exports/self-assessment?format=csv`)).status).toBe(401);
    const bad = await download(`/exports/self-assessment?format=pdf`, {
      authorization: `Bearer ${tokens.stakeholderA}`,
    });
    expect([bad.status, ((await bad.json()) as { field: string }).field]).toEqual([400, 'format']);
    const malformed = await download(`/exports/self-assessment?organisationId=nope`, {
      authorization: `Bearer ${tokens.stakeholderA}`,
    });
    expect(malformed.status).toBe(400);

    // The city export: A gets its own organisation only; the coordinator every assessed one.
    const cityA = parseCsv(
      (
        await (
          await download(`/exports/self-assessment/city?format=csv`, {
            authorization: `Bearer ${tokens.stakeholderA}`,
          })
        ).text()
      ).replace(/^\uFEFF/, ''),
    );
    expect(cityA[0][0]).toBe('組織');
    expect(new Set(cityA.slice(1).map((r) => r[0]))).toEqual(new Set([orgs.A.nameJa]));
    const city = parseCsv(
      (
        await (
          await download(`/exports/self-assessment/city?format=csv`, {
            authorization: `Bearer ${tokens.coordinator}`,
          })
        ).text()
      ).replace(/^\uFEFF/, ''),
    );
    expect(city.slice(1)).toHaveLength(64 * 3);
    expect(new Set(city.slice(1).map((r) => r[0]))).toEqual(
      new Set([orgs.P.nameJa, orgs.A.nameJa, orgs.B.nameJa]),
    );
  });

  it('exports XLSX that exceljs opens with every item (one organisation, and the city with a summary sheet)', async () => {
    const response = await download(`/exports/self-assessment?format=xlsx&organisationId=${orgs.B.id}`, {
      authorization: `Bearer ${tokens.coordinator}`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('チェックシート')!;
    const header = (sheet.getRow(4).values as unknown[]).slice(1);
    for (const heading of JAPANESE_HEADERS) expect(header).toContain(heading);
    const keyColumn = header.indexOf('キー') + 1;
    const statusColumn = header.indexOf('対応状況') + 1;
    const keys: string[] = [];
    const statuses: Record<string, string> = {};
    for (let r = 5; r <= sheet.rowCount; r += 1) {
      const key = String(sheet.getRow(r).getCell(keyColumn).value ?? '');
      if (key) {
        keys.push(key);
        statuses[key] = String(sheet.getRow(r).getCell(statusColumn).value);
      }
    }
    expect(keys).toEqual(catalogue.map((c) => c.key));
    expect([statuses['COS-1-1'], statuses['COS-4-3'], statuses['IR-2'], statuses['IR-3']]).toEqual([
      '実装済み',
      '対象外',
      '実装予定',
      '未着手',
    ]);
    expect(workbook.getWorksheet('集計')).toBeDefined();

    const city = await download(`/exports/self-assessment/city?format=xlsx`, {
      authorization: `Bearer ${tokens.coordinator}`,
    });
    const cityBook = new ExcelJS.Workbook();
    await cityBook.xlsx.load(Buffer.from(await city.arrayBuffer()) as never);
    expect(cityBook.worksheets.map((s) => s.name).sort()).toEqual(
      ['集計', orgs.P.nameJa, orgs.A.nameJa, orgs.B.nameJa].sort(),
    );
    for (const org of [orgs.P, orgs.A, orgs.B]) {
      const orgSheet = cityBook.getWorksheet(org.nameJa)!;
      expect(orgSheet.rowCount - 4).toBe(64);
    }
  });
});

describe('self-assessment of the demo city', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds a realistic assessment: mixed statuses, reasons for every N/A, only items that apply', async () => {
    const summary = await seedDemoCity(t.dataSource, { passwordHash: hashPassword });
    const coordinator = summary.users.find((user) => user.role === 'COORDINATOR')!;
    const token = await t.login(coordinator.email, summary.password);
    const { selfAssessmentOverview: overview } = await t.gqlOk(
      `{ selfAssessmentOverview { organisations { organisationId nameJa } total { implemented planned notApplicable notStarted } } }`,
      {},
      token,
    );
    // Every organisation with a role the sheet asks of (not the four external authorities).
    expect(overview.organisations).toHaveLength(9);
    expect(overview.total.implemented).toBeGreaterThan(50);
    expect(overview.total.planned).toBeGreaterThan(10);
    expect(overview.total.notApplicable).toBeGreaterThanOrEqual(5);
    expect(overview.total.notStarted).toBeGreaterThan(0);
    const [{ missing }] = await t.dataSource.query(
      `SELECT count(*)::int AS missing FROM self_assessment_entry
        WHERE (status = 'NOT_APPLICABLE' AND coalesce(not_applicable_reason, '') = '')
           OR (status = 'PLANNED' AND planned_timing IS NULL)`,
    );
    expect(missing).toBe(0);
    for (const organisation of overview.organisations) {
      const { selfAssessment } = await t.gqlOk(
        `query($o: ID) { selfAssessment(organisationId: $o) { items { applicable status item { key } } } }`,
        { o: organisation.organisationId },
        token,
      );
      const stray = selfAssessment.items.filter((i: any) => !i.applicable && i.status !== 'NOT_STARTED');
      expect([organisation.nameJa, stray]).toEqual([organisation.nameJa, []]);
    }
  });
});
