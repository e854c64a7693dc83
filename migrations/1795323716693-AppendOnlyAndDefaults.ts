import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Things entities cannot say: the timeline and the audit log refuse UPDATE and DELETE, and the
 * city starts with severity definitions and an MFA policy row per role.
 */
export class AppendOnlyAndDefaults1795323716693 implements MigrationInterface {
  name = 'AppendOnlyAndDefaults1795323716693';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION renkei_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END;
      $$`);
    // Appends one audit event: takes the chain lock (until commit), links to the last event and hashes
    // sha256(previous hash, sequence, canonical content) — AuditService.verifyChain recomputes the same.
    await queryRunner.query(`
      CREATE FUNCTION renkei_audit_append(
        p_occurred_at timestamptz, p_actor_kind text, p_actor_id text, p_actor_name text, p_organisation_id uuid,
        p_action text, p_entity_type text, p_entity_id text, p_request_id text, p_data jsonb, p_content text
      ) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        last_sequence bigint;
        last_hash text;
        next_sequence bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(1919250027);
        SELECT sequence, hash INTO last_sequence, last_hash FROM audit_event ORDER BY sequence DESC LIMIT 1;
        next_sequence := coalesce(last_sequence, 0) + 1;
        last_hash := coalesce(last_hash, repeat('0', 64));
        INSERT INTO audit_event (sequence, occurred_at, actor_kind, actor_id, actor_name, organisation_id, action,
                                 entity_type, entity_id, request_id, data, previous_hash, hash)
        VALUES (next_sequence, p_occurred_at, p_actor_kind, p_actor_id, p_actor_name, p_organisation_id, p_action,
                p_entity_type, p_entity_id, p_request_id, p_data, last_hash,
                encode(sha256(convert_to(last_hash || E'\\n' || next_sequence::text || E'\\n' || p_content, 'UTF8')), 'hex'));
        RETURN next_sequence;
      END;
      $$`);
    for (const table of ['incident_timeline_entry', 'audit_event']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION renkei_refuse_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION renkei_refuse_change()`,
      );
    }
    await queryRunner.query(`
      INSERT INTO severity_definition (level, name_ja, name_en, criteria_ja, criteria_en) VALUES
      ('SEV1', '緊急', 'Critical',
       '住民の生命・安全に影響する、または複数の主体・サービスが停止し、個人情報の大規模な漏えいが生じている／疑われる。',
       'Threatens residents'' life or safety, or several stakeholders or services are down, or a large personal data leak has happened or is suspected.'),
      ('SEV2', '重大', 'High',
       '主要サービスの停止・重大な機能低下、または限定的な個人情報の漏えい。',
       'A major service is down or badly degraded, or a limited personal data leak.'),
      ('SEV3', '中程度', 'Moderate',
       '一部機能への影響、回避策あり。住民への影響は限定的。',
       'Part of a service is affected and a workaround exists; limited impact on residents.'),
      ('SEV4', '軽微', 'Low',
       'サービスへの影響なし。不審な事象、脆弱性情報、未遂の攻撃。',
       'No service impact: suspicious activity, vulnerability reports, attempted attacks.')`);
    await queryRunner.query(`
      INSERT INTO mfa_policy (role, required) VALUES
      ('ADMIN', false), ('COORDINATOR', false), ('RESPONDER', false), ('STAKEHOLDER', false), ('VIEWER', false)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM mfa_policy`);
    await queryRunner.query(`DELETE FROM severity_definition`);
    for (const table of ['incident_timeline_entry', 'audit_event']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER ${table}_append_only ON "${table}"`);
    }
    await queryRunner.query(
      `DROP FUNCTION renkei_audit_append(timestamptz, text, text, text, uuid, text, text, text, text, jsonb, text)`,
    );
    await queryRunner.query(`DROP FUNCTION renkei_refuse_change()`);
  }
}
