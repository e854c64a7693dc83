import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The city's starting report template (IR③ 報告様式), written by a data migration like the alerting
 * defaults: every installation needs one default template from its first start, and coordinators
 * then edit it (or add others) in Renkei, so the migration must not overwrite it later.
 */
export class ReportingDefaults1796406291749 implements MigrationInterface {
  name = 'ReportingDefaults1796406291749';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO report_template (name, description, languages, sections, headings, intro_ja, intro_en,
                                    closing_ja, closing_en, is_default, version)
       VALUES ($1, $2, '{ja,en}', '{SUMMARY,IMPACT,COMPONENTS,PARTICIPANTS,ALERTS,TIMELINE,TASKS}', '{}'::jsonb,
               $3, $4, $5, $6, true, 1)`,
      [
        '標準インシデント報告書 / Standard incident report',
        'The city’s agreed format: summary, impact, affected components, organisations involved, alerts and acknowledgements, timeline and tasks.',
        '本報告書は、市のインシデント対応手順に基づき、インシデントの発生から現在までの対応状況を関係者間で共有するためのものです。記載内容の取り扱いは、冒頭と末尾に示す TLP に従ってください。',
        'This report shares the handling of the incident, from detection to now, among the parties involved, following the city’s incident response procedure. Handle its content according to the TLP marking at its top and bottom.',
        '内容に関する問い合わせは、推進主体のCSIRTまでご連絡ください。',
        'Questions about this report go to the promotion body’s CSIRT.',
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM report_template WHERE name = $1`, [
      '標準インシデント報告書 / Standard incident report',
    ]);
  }
}
