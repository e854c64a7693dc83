import { seedDemoCity } from '@renkei/demo/demo-city';
import { TestApp, startTestApp } from '../support/test-app';

/** The demo city's statutory clocks: one hand-over from contractor to city, one clock still running. */
describe('demo city: reporting obligations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoCity(t.dataSource, { passwordHash: async () => 'not-a-real-hash' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds the APPI rule on the demo’s own PPC entry, with submitted and running obligations', async () => {
    const ppc = await t.dataSource.query(`SELECT id FROM organisation WHERE name_ja = '個人情報保護委員会'`);
    expect(ppc).toHaveLength(1);
    const [rule] = await t.dataSource.query(
      `SELECT authority_organisation_id FROM reporting_rule WHERE key = 'APPI_ART26'`,
    );
    expect(rule.authority_organisation_id).toBe(ppc[0].id);
    const rows = await t.dataSource.query(
      `SELECT i.title, o.stage_key, o.status, o.alternative_duration, o.delegated_from_organisation_id IS NOT NULL AS handed_over,
              w.name_ja AS owner
         FROM obligation o JOIN incident i ON i.id = o.incident_id JOIN organisation w ON w.id = o.owner_organisation_id
        ORDER BY i.reported_at, o.stage_index`,
    );
    expect(
      rows.map((r: any) => [
        r.title.slice(0, 6),
        r.stage_key,
        r.status,
        r.alternative_duration,
        r.handed_over,
      ]),
    ).toEqual([
      ['住民ポータル', 'preliminary', 'SUBMITTED', false, true],
      ['住民ポータル', 'final', 'SUBMITTED', false, true],
      ['河川水位カメ', 'preliminary', 'SUBMITTED', false, false],
      ['河川水位カメ', 'final', 'PENDING', true, false],
    ]);
  });
});
