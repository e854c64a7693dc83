import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Things entities cannot say: the timeline and the audit log refuse UPDATE and DELETE, and the
 * city starts with severity definitions and an MFA policy row per role.
 */
export class AppendOnlyAndDefaults1795321107155 implements MigrationInterface {
  name = 'AppendOnlyAndDefaults1795321107155';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION renkei_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
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
    await queryRunner.query(`DROP FUNCTION renkei_refuse_change()`);
  }
}
