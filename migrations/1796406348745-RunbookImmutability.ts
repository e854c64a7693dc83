import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A published runbook version is evidence of what the city had agreed to do: the database refuses to
 * UPDATE or DELETE it, and to INSERT, UPDATE or DELETE the steps of a published version (the
 * service refuses first; this holds for anyone with SQL access too). Drafts stay editable, and
 * publishing is the one allowed change (DRAFT → PUBLISHED: the old row is a draft).
 */
export class RunbookImmutability1796406348745 implements MigrationInterface {
  name = 'RunbookImmutability1796406348745';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION renkei_refuse_published_runbook_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'runbook_version' THEN
          IF OLD.status = 'PUBLISHED' THEN
            RAISE EXCEPTION 'runbook version % is published and cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
          END IF;
        ELSE
          IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM runbook_version WHERE id = OLD.version_id AND status = 'PUBLISHED') THEN
            RAISE EXCEPTION 'the steps of runbook version % are published and cannot change', OLD.version_id USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM runbook_version WHERE id = NEW.version_id AND status = 'PUBLISHED') THEN
            RAISE EXCEPTION 'the steps of runbook version % are published and cannot change', NEW.version_id USING ERRCODE = 'insufficient_privilege';
          END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END;
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER runbook_version_published_immutable BEFORE UPDATE OR DELETE ON "runbook_version" FOR EACH ROW EXECUTE FUNCTION renkei_refuse_published_runbook_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER runbook_step_published_immutable BEFORE INSERT OR UPDATE OR DELETE ON "runbook_step" FOR EACH ROW EXECUTE FUNCTION renkei_refuse_published_runbook_change()`,
    );
    for (const table of ['runbook_version', 'runbook_step']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION renkei_refuse_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['runbook_version', 'runbook_step']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
    }
    await queryRunner.query(`DROP TRIGGER runbook_step_published_immutable ON "runbook_step"`);
    await queryRunner.query(`DROP TRIGGER runbook_version_published_immutable ON "runbook_version"`);
    await queryRunner.query(`DROP FUNCTION renkei_refuse_published_runbook_change()`);
  }
}
