import { MigrationInterface, QueryRunner } from 'typeorm';

const KEY = 'STATUTORY_OBLIGATIONS';
const SEEDED_NAME = '標準インシデント報告書 / Standard incident report';
const SEEDED_DESCRIPTION =
  'The city’s agreed format: summary, impact, affected components, organisations involved, alerts and acknowledgements, timeline and tasks.';
const DESCRIPTION =
  'The city’s agreed format: summary, impact, affected components, organisations involved, alerts and acknowledgements, timeline, tasks and statutory reports.';

/**
 * The obligations context contributes the STATUTORY_OBLIGATIONS section (statutory reports, their
 * deadlines and status: the IR③ report's "obligations and their status"). A template prints exactly
 * the sections it names, so every template that exists now gets the key — right after TASKS, or at
 * the end: their authors could not have named it (the key was unknown until now), and a report
 * without the statutory clocks would hide an overdue report from management. From here on the
 * template decides: a coordinator may remove the section. A data migration, not an edit of
 * ReportingDefaults (never edit a landed migration), and not a boot importer (it must run once, not
 * put the section back after a coordinator removed it).
 */
export class ReportObligationsSection1796406923417 implements MigrationInterface {
  name = 'ReportObligationsSection1796406923417';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE report_template
          SET sections = CASE
                WHEN array_position(sections, 'TASKS') IS NULL THEN array_append(sections, $1::text)
                ELSE sections[1:array_position(sections, 'TASKS')] || $1::text
                     || sections[array_position(sections, 'TASKS') + 1:]
              END,
              version = version + 1,
              updated_at = now()
        WHERE NOT ($1 = ANY(sections))`,
      [KEY],
    );
    await queryRunner.query(
      `UPDATE report_template SET description = $1 WHERE name = $2 AND description = $3`,
      [DESCRIPTION, SEEDED_NAME, SEEDED_DESCRIPTION],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE report_template SET description = $1 WHERE name = $2 AND description = $3`,
      [SEEDED_DESCRIPTION, SEEDED_NAME, DESCRIPTION],
    );
    await queryRunner.query(
      `UPDATE report_template
          SET sections = array_remove(sections, $1::text), version = version + 1, updated_at = now()
        WHERE $1 = ANY(sections) AND cardinality(sections) > 1`,
      [KEY],
    );
  }
}
