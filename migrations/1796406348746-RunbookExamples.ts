import { MigrationInterface, QueryRunner } from 'typeorm';
import { EXAMPLE_RUNBOOKS } from './data/example-runbooks-2026';

/**
 * Renkei's example runbooks, shipped to every installation as published CITY_WIDE runbooks owned by
 * no organisation and marked isExample: a library a city reads, applies as they are, or copies
 * (copyRunbook) into its own and adapts. A data migration rather than a boot importer: the examples
 * exist as soon as the schema does (before the demo city, which applies one, and in every test
 * database), once, without a race between API instances; a better edition ships as a new migration
 * that publishes version 2 of each (published versions never change). Content: data/example-runbooks-2026.ts.
 */
export class RunbookExamples1796406348746 implements MigrationInterface {
  name = 'RunbookExamples1796406348746';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const example of EXAMPLE_RUNBOOKS) {
      const [runbook] = (await queryRunner.query(
        `INSERT INTO runbook (scope, owner_organisation_id, is_example, example_key) VALUES ('CITY_WIDE', NULL, true, $1) RETURNING id`,
        [example.key],
      )) as { id: string }[];
      const [version] = (await queryRunner.query(
        `INSERT INTO runbook_version (runbook_id, number, status, title_ja, title_en, summary_ja, summary_en,
                                      component_categories, incident_categories, incident_type_ids, severities, change_note)
         VALUES ($1, 1, 'DRAFT', $2, $3, $4, $5, $6, $7, $8, $9, 'Renkei example, edition 2026') RETURNING id`,
        [
          runbook.id,
          example.titleJa,
          example.titleEn,
          example.summaryJa,
          example.summaryEn,
          example.componentCategories,
          example.incidentCategories,
          example.incidentTypeIds,
          example.severities,
        ],
      )) as { id: string }[];
      for (const [position, step] of example.steps.entries()) {
        await queryRunner.query(
          `INSERT INTO runbook_step (version_id, key, position, title_ja, title_en, instructions_ja, instructions_en,
                                     assignee_kind, assignee_duty, assignee_role, assignee_organisation_id, expected_minutes,
                                     decision, next_step_key, check_sheet_keys, cpsf_measure_ids, template_ja, template_en)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12::jsonb, $13, $14, $15, $16, $17)`,
          [
            version.id,
            step.key,
            position,
            step.titleJa,
            step.titleEn,
            step.instructionsJa,
            step.instructionsEn,
            step.assigneeKind,
            step.assigneeDuty ?? null,
            step.assigneeRole ?? null,
            step.expectedMinutes,
            step.decision ? JSON.stringify(step.decision) : null,
            step.nextStepKey ?? null,
            step.checkSheetKeys,
            step.cpsfMeasureIds,
            step.templateJa ?? null,
            step.templateEn ?? null,
          ],
        );
      }
      // Published only now: the steps of a published version cannot be inserted (the immutability trigger).
      await queryRunner.query(
        `UPDATE runbook_version SET status = 'PUBLISHED', published_at = now() WHERE id = $1`,
        [version.id],
      );
      await queryRunner.query(`UPDATE runbook SET current_version_id = $2 WHERE id = $1`, [
        runbook.id,
        version.id,
      ]);
    }
  }

  public async down(): Promise<void> {
    // Published versions cannot be deleted (by design); the Runbooks migration's down drops the tables.
  }
}
