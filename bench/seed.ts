import { Client } from 'pg';

/**
 * Bulk seeding of a benchmark city straight into PostgreSQL (generate_series / INSERT … SELECT),
 * shaped like what the product writes itself: organisations, components with RESPONSIBLE
 * assignments, and incidents with their components, participants, named recipients (TLP:RED) and
 * timelines, numbered like the product (INC-YYYY-NNNN, at least four digits) and with the year's reference counter advanced so new
 * reports continue the sequence.
 */
export interface SeedOptions {
  incidents: number;
  organisations: number;
  componentsPerOrganisation: number;
  /** argon2id hash for the two benchmark users */
  passwordHash: string;
  /** reported_at spreads from 1 January of this year (UTC) up to now */
  year: number;
}

export interface SeedResult {
  ms: number;
  vacuumAnalyzeMs: number;
  rows: Record<string, number>;
  promotionBodyId: string;
  stakeholderOrganisationId: string;
  coordinator: { id: string; email: string };
  stakeholder: { id: string; email: string };
  /** component id → id of the organisation RESPONSIBLE for it */
  components: { id: string; organisationId: string }[];
}

const SEED_TABLES = [
  'organisation',
  'component',
  'assignment',
  'app_user',
  'incident',
  'incident_component',
  'incident_participant',
  'incident_member',
  'incident_timeline_entry',
];

export async function seedCity(databaseUrl: string, options: SeedOptions): Promise<SeedResult> {
  const { incidents, organisations, componentsPerOrganisation, passwordHash, year } = options;
  const componentCount = organisations * componentsPerOrganisation;
  const client = new Client({ connectionString: databaseUrl, application_name: 'renkei-bench-seed' });
  await client.connect();
  const started = performance.now();
  try {
    await client.query(`SET synchronous_commit = off`);
    await client.query(`SET work_mem = '64MB'`);
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query('BEGIN');
    await client.query(`SELECT setseed(0.2026)`);

    // ---- organisations: #1 is the promotion body (推進主体), the rest the city's stakeholders ----
    await client.query(
      `CREATE TEMP TABLE s_org ON COMMIT DROP AS
       SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1::int) n`,
      [organisations],
    );
    await client.query(`
      INSERT INTO organisation (id, name_ja, name_en, guideline_roles, description, created_at, updated_at)
      SELECT id,
        CASE WHEN n = 1 THEN 'スマートシティ推進協議会' ELSE format('ベンチ組織%s', lpad(n::text, 2, '0')) END,
        CASE WHEN n = 1 THEN 'Smart City Promotion Council' ELSE format('Bench Organisation %s', n) END,
        CASE
          WHEN n = 1 THEN ARRAY['PROMOTION_BODY']
          WHEN n % 10 = 0 THEN ARRAY['CITY_OS_VENDOR']
          WHEN n % 7 = 0 THEN ARRAY['SECURITY_SERVICE_PROVIDER']
          WHEN n % 5 = 0 THEN ARRAY['IOT_DEVICE_VENDOR']
          WHEN n % 3 = 0 THEN ARRAY['DATA_PROVIDER']
          ELSE ARRAY['SERVICE_PROVIDER']
        END,
        '', timestamptz '${year - 1}-10-01', timestamptz '${year - 1}-10-01'
      FROM s_org ORDER BY n`);

    // ---- components: per organisation one platform (k = 0) and children under it ----
    await client.query(
      `CREATE TEMP TABLE s_comp ON COMMIT DROP AS
       SELECT (o.n - 1) * $1::int + k AS n, o.n AS org_n, o.id AS org_id, k, gen_random_uuid() AS id
       FROM s_org o CROSS JOIN generate_series(0, $1::int - 1) k`,
      [componentsPerOrganisation],
    );
    await client.query(`CREATE UNIQUE INDEX ON s_comp (n)`);
    await client.query(`
      INSERT INTO component (id, name_ja, name_en, category, kind, parent_id, operating_organisation_id, description, created_at, updated_at)
      SELECT c.id, format('ベンチ部品%s', lpad(c.n::text, 3, '0')), format('Bench component %s', c.n),
        (ARRAY['CITY_OS', 'SERVICE', 'ASSET', 'SERVICE'])[c.k % 4 + 1],
        (ARRAY['DATA_PLATFORM', 'APPLICATION', 'DEVICE', 'API_GATEWAY'])[c.k % 4 + 1],
        CASE WHEN c.k > 0 THEN p.id END, c.org_id, '', timestamptz '${year - 1}-10-01', timestamptz '${year - 1}-10-01'
      FROM s_comp c LEFT JOIN s_comp p ON p.org_n = c.org_n AND p.k = 0
      ORDER BY c.n`);
    await client.query(`
      INSERT INTO assignment (component_id, organisation_id, duty, boundary, note)
      SELECT id, org_id, 'RESPONSIBLE', 'SYSTEM', '' FROM s_comp ORDER BY n`);

    // ---- the two benchmark users ----
    const users = (
      await client.query<{ id: string; email: string; role: string }>(
        `INSERT INTO app_user (email, display_name, locale, organisation_id, role, password_hash)
         SELECT * FROM (VALUES
           ('bench-coordinator@example.jp', 'ベンチ調整役', 'ja', (SELECT id FROM s_org WHERE n = 1), 'COORDINATOR', $1::text),
           ('bench-stakeholder@example.jp', 'ベンチ関係者', 'ja', (SELECT id FROM s_org WHERE n = 2), 'STAKEHOLDER', $1::text)
         ) v
         RETURNING id, email, role`,
        [passwordHash],
      )
    ).rows;
    const coordinator = users.find((u) => u.role === 'COORDINATOR') as { id: string; email: string };
    const stakeholder = users.find((u) => u.role === 'STAKEHOLDER') as { id: string; email: string };

    // ---- incidents: random draws first, then every table from the same draws ----
    await client.query(
      `CREATE TEMP TABLE s_draw ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id,
         timestamptz '${year}-01-01 00:00:00+00'
           + random() * (least(now(), timestamptz '${year + 1}-01-01 00:00:00+00') - timestamptz '${year}-01-01 00:00:00+00')
           AS reported_at,
         random() AS r_tlp, random() AS r_sev, random() AS r_open, random() AS r_status, random() AS r_cat,
         random() AS r_src, random() AS r_flags, random() AS r_ncomp, random() AS r_timeline, random() AS r_member,
         random() AS r_speed,
         floor(random() * $2::int)::int AS c0,
         1 + floor(random() * ($2::int / 2 - 1))::int AS o1,
         $2::int / 2 + floor(random() * ($2::int / 2 - 1))::int AS o2,
         -- the reporter: mostly an affected organisation's own staff, sometimes the promotion body
         random() AS r_reporter
       FROM generate_series(1, $1::int)`,
      [incidents, componentCount],
    );
    await client.query(`
      CREATE TEMP TABLE s_inc ON COMMIT DROP AS
      WITH d AS (
        SELECT d.*, row_number() OVER (ORDER BY reported_at, id) AS seq,
          extract(epoch FROM now() - reported_at) / 86400 AS age_days
        FROM s_draw d
      ), s AS (
        SELECT d.*,
          CASE
            WHEN r_tlp < 0.72 THEN 'AMBER' WHEN r_tlp < 0.92 THEN 'GREEN' WHEN r_tlp < 0.95 THEN 'CLEAR'
            WHEN r_tlp < 0.97 THEN 'AMBER_STRICT' ELSE 'RED'
          END AS tlp,
          CASE WHEN r_sev < 0.03 THEN 'SEV1' WHEN r_sev < 0.15 THEN 'SEV2' WHEN r_sev < 0.50 THEN 'SEV3' ELSE 'SEV4' END
            AS severity,
          -- recent incidents are mostly open, older ones mostly resolved or closed
          CASE
            WHEN r_open < CASE WHEN age_days < 7 THEN 0.9 WHEN age_days < 30 THEN 0.45 ELSE 0.04 END THEN
              CASE WHEN r_status < 0.25 THEN 0 WHEN r_status < 0.5 THEN 1 WHEN r_status < 0.75 THEN 2
                   WHEN r_status < 0.9 THEN 3 ELSE 4 END
            ELSE CASE WHEN r_status < 0.25 THEN 5 ELSE 6 END
          END AS rank,
          CASE WHEN r_ncomp < 0.5 THEN 1 WHEN r_ncomp < 0.85 THEN 2 ELSE 3 END AS ncomp,
          2 + floor(r_timeline * 3)::int AS nentries,
          CASE WHEN r_reporter < 0.1 THEN 1 ELSE (SELECT org_n FROM s_comp WHERE n = d.c0) END AS reporter_n
        FROM d
      )
      SELECT s.*,
        (ARRAY['NEW', 'TRIAGED', 'RESPONDING', 'CONTAINED', 'RECOVERING', 'RESOLVED', 'CLOSED'])[rank + 1] AS status,
        'INC-${year}-' || CASE WHEN seq < 1000 THEN lpad(seq::text, 4, '0') ELSE seq::text END AS reference,
        (ARRAY['UNAUTHORIZED_ACCESS', 'MALWARE', 'RANSOMWARE', 'DATA_BREACH', 'DENIAL_OF_SERVICE',
               'DEVICE_COMPROMISE', 'DATA_INTEGRITY', 'PHISHING', 'VULNERABILITY', 'SERVICE_OUTAGE',
               'SUPPLY_CHAIN', 'OTHER'])[1 + floor(r_cat * 12)::int] AS category,
        (ARRAY['SOC_MONITORING', 'INTERNAL_STAFF', 'VENDOR', 'RESIDENT_REPORT', 'EXTERNAL_NOTIFICATION',
               'AUTOMATED_ALERT', 'OTHER'])[1 + floor(r_src * 7)::int] AS detection_source,
        (ARRAY['不審なログイン試行', 'マルウェア検知', 'ランサムウェア感染の疑い', '個人情報漏えいの疑い',
               'サービス妨害攻撃', 'IoT デバイスの乗っ取り', 'データ改ざんの疑い', 'フィッシングメール',
               '脆弱性情報', 'サービス停止', 'サプライチェーン攻撃', 'その他の事象'])[1 + floor(r_cat * 12)::int]
          || ' #' || seq AS title,
        -- phase timestamps: each phase some hours after the previous one, never in the future
        (interval '1 hour') * (1 + 6 * r_speed) AS step
      FROM s`);
    await client.query(`CREATE UNIQUE INDEX ON s_inc (seq)`);
    await client.query(`
      INSERT INTO incident (id, reference, title, description, severity, category, incident_type_id, detection_source,
        personal_data_involved, safety_impact, tlp, status, reported_at, detected_at,
        triaged_at, responding_at, contained_at, recovering_at, resolved_at, closed_at,
        reporter_user_id, reporter_api_key_id, reporter_organisation_id, dedup_key, occurrence_count,
        last_occurrence_at, created_at, updated_at, version)
      SELECT i.id, i.reference, i.title, '', i.severity, i.category,
        CASE WHEN i.r_flags < 0.6 THEN 'INC-' || lpad((1 + floor(i.r_flags * 40)::int)::text, 2, '0') END,
        i.detection_source, i.r_flags < 0.1, i.r_flags > 0.96, i.tlp, i.status, i.reported_at,
        i.reported_at - i.step / 2,
        CASE WHEN i.rank >= 1 THEN least(now(), i.reported_at + i.step) END,
        CASE WHEN i.rank BETWEEN 2 AND 4 OR (i.rank >= 5 AND i.r_status > 0.1) THEN least(now(), i.reported_at + 2 * i.step) END,
        CASE WHEN i.rank BETWEEN 3 AND 4 OR (i.rank >= 5 AND i.r_status > 0.1) THEN least(now(), i.reported_at + 4 * i.step) END,
        CASE WHEN i.rank = 4 OR (i.rank >= 5 AND i.r_status > 0.1) THEN least(now(), i.reported_at + 8 * i.step) END,
        CASE WHEN i.rank >= 5 THEN least(now(), i.reported_at + 12 * i.step) END,
        CASE WHEN i.rank = 6 THEN least(now(), i.reported_at + 48 * i.step) END,
        NULL, NULL, o.id, NULL, 1, i.reported_at, i.reported_at,
        least(now(), i.reported_at + (CASE WHEN i.rank = 6 THEN 48 WHEN i.rank = 5 THEN 12 ELSE 2 * i.rank END) * i.step),
        1 + i.rank + (i.nentries - 2)
      FROM s_inc i JOIN s_org o ON o.n = i.reporter_n
      ORDER BY i.seq`);

    // affected components: distinct by construction (0 < o1 < half <= o2 < count)
    await client.query(
      `CREATE TEMP TABLE s_ic ON COMMIT DROP AS
       SELECT i.seq, i.id AS incident_id, i.reported_at, c.id AS component_id, c.org_id
       FROM s_inc i
       CROSS JOIN LATERAL (VALUES (1, i.c0), (2, (i.c0 + i.o1) % $1::int), (3, (i.c0 + i.o2) % $1::int)) v(k, cn)
       JOIN s_comp c ON c.n = v.cn
       WHERE v.k <= i.ncomp`,
      [componentCount],
    );
    await client.query(`
      INSERT INTO incident_component (incident_id, component_id, added_at)
      SELECT incident_id, component_id, reported_at FROM s_ic ORDER BY seq`);
    // participants as the map derives them: the RESPONSIBLE organisations, then the reporter's
    await client.query(`
      INSERT INTO incident_participant (incident_id, organisation_id, duties, source, added_at)
      SELECT incident_id, org_id, ARRAY['RESPONSIBLE'], 'MAP', min(reported_at)
      FROM s_ic GROUP BY seq, incident_id, org_id ORDER BY seq`);
    await client.query(`
      INSERT INTO incident_participant (incident_id, organisation_id, duties, source, added_at)
      SELECT i.id, o.id, '{}', 'REPORTER', i.reported_at
      FROM s_inc i JOIN s_org o ON o.n = i.reporter_n ORDER BY i.seq
      ON CONFLICT DO NOTHING`);
    // TLP:RED travels to named people: the coordinator is a recipient of most of them
    await client.query(
      `INSERT INTO incident_member (incident_id, user_id, role, added_at)
       SELECT id, $1::uuid, 'RECIPIENT', reported_at FROM s_inc WHERE tlp = 'RED' AND r_member < 0.6 ORDER BY seq`,
      [coordinator.id],
    );

    // timelines: REPORTED, then notes and status changes (2–4 entries, sequence follows time)
    await client.query(`
      INSERT INTO incident_timeline_entry (incident_id, occurred_at, kind, actor_kind, actor_id, actor_name,
        actor_organisation_id, message, data)
      SELECT i.id,
        CASE WHEN k = 1 THEN i.reported_at ELSE least(now(), i.reported_at + (k - 1) * 2 * i.step) END,
        CASE WHEN k = 1 THEN 'REPORTED' WHEN k = i.nentries AND i.rank > 0 THEN 'STATUS_CHANGED' ELSE 'NOTE' END,
        'user', NULL, CASE WHEN k = 1 THEN 'ベンチ報告者' ELSE 'ベンチ対応者' END, o.id,
        CASE
          WHEN k = 1 THEN i.reference || ' reported: ' || i.title
          WHEN k = i.nentries AND i.rank > 0 THEN 'Status NEW → ' || i.status
          ELSE '調査状況を更新しました (' || k || ')'
        END,
        CASE
          WHEN k = 1 THEN jsonb_build_object('severity', i.severity, 'tlp', i.tlp)
          WHEN k = i.nentries AND i.rank > 0 THEN jsonb_build_object('from', 'NEW', 'to', i.status)
          ELSE '{}'::jsonb
        END
      FROM s_inc i
      JOIN s_org o ON o.n = i.reporter_n
      CROSS JOIN LATERAL generate_series(1, i.nentries) k
      ORDER BY i.seq, k`);

    await client.query(
      `INSERT INTO incident_reference_counter (year, last_value) VALUES ($1, $2)
       ON CONFLICT (year) DO UPDATE SET last_value = EXCLUDED.last_value`,
      [year, incidents],
    );
    const promotionBodyId = (await client.query<{ id: string }>(`SELECT id FROM s_org WHERE n = 1`)).rows[0]
      .id;
    const stakeholderOrganisationId = (await client.query<{ id: string }>(`SELECT id FROM s_org WHERE n = 2`))
      .rows[0].id;
    const components = (
      await client.query<{ id: string; organisationId: string }>(
        `SELECT id, org_id AS "organisationId" FROM s_comp ORDER BY n`,
      )
    ).rows;
    await client.query('COMMIT');
    const seeded = performance.now();
    for (const table of SEED_TABLES) await client.query(`VACUUM (ANALYZE) "${table}"`);
    const done = performance.now();

    const rows: Record<string, number> = {};
    for (const table of SEED_TABLES) {
      rows[table] = (
        await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)
      ).rows[0].n;
    }
    return {
      ms: Math.round(done - started),
      vacuumAnalyzeMs: Math.round(done - seeded),
      rows,
      promotionBodyId,
      stakeholderOrganisationId,
      coordinator,
      stakeholder,
      components,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
