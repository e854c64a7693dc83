import { MigrationInterface, QueryRunner } from 'typeorm';

export class Runbooks1796406348744 implements MigrationInterface {
  name = 'Runbooks1796406348744';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "runbook" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" text NOT NULL, "owner_organisation_id" uuid, "is_example" boolean NOT NULL DEFAULT false, "example_key" text, "copied_from_runbook_id" uuid, "current_version_id" uuid, "retired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_02bf6f743723f396d207c22b8bb" UNIQUE ("example_key"), CONSTRAINT "PK_9a2051e4f86391fc689aef89948" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_53f028dee08c34995fa3f2b34d" ON "runbook" ("owner_organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "runbook_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "runbook_id" uuid NOT NULL, "number" integer NOT NULL, "status" text NOT NULL DEFAULT \'DRAFT\', "title_ja" text NOT NULL, "title_en" text NOT NULL, "summary_ja" text NOT NULL DEFAULT \'\', "summary_en" text NOT NULL DEFAULT \'\', "component_categories" text array NOT NULL DEFAULT \'{}\', "incident_categories" text array NOT NULL DEFAULT \'{}\', "incident_type_ids" text array NOT NULL DEFAULT \'{}\', "severities" text array NOT NULL DEFAULT \'{}\', "based_on_version_id" uuid, "change_note" text NOT NULL DEFAULT \'\', "created_by_id" uuid, "published_at" TIMESTAMP WITH TIME ZONE, "published_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_30d07b1d5f81094d29f1f259eec" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "runbook_version_one_draft_idx" ON "runbook_version" ("runbook_id") WHERE status = \'DRAFT\'',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "runbook_version_number_idx" ON "runbook_version" ("runbook_id", "number") ',
    );
    await queryRunner.query(
      'CREATE TABLE "runbook_step" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "key" text NOT NULL, "position" integer NOT NULL, "title_ja" text NOT NULL, "title_en" text NOT NULL, "instructions_ja" text NOT NULL DEFAULT \'\', "instructions_en" text NOT NULL DEFAULT \'\', "assignee_kind" text NOT NULL, "assignee_duty" text, "assignee_role" text, "assignee_organisation_id" uuid, "expected_minutes" integer NOT NULL, "decision" jsonb, "next_step_key" text, "check_sheet_keys" text array NOT NULL DEFAULT \'{}\', "cpsf_measure_ids" text array NOT NULL DEFAULT \'{}\', "template_ja" text, "template_en" text, CONSTRAINT "PK_895c1f71f589d3858eecf53c914" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "runbook_step_position_idx" ON "runbook_step" ("version_id", "position") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "runbook_step_key_idx" ON "runbook_step" ("version_id", "key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "runbook_application" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "runbook_id" uuid NOT NULL, "version_id" uuid NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL, "applied_by_id" uuid, "applied_by_organisation_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3d99e69b572a573b507a599ff7d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_a5dd4bd819c36d8f7dab828d9c" ON "runbook_application" ("incident_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "runbook_application_version_idx" ON "runbook_application" ("incident_id", "version_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "runbook_task_link" ("task_id" uuid NOT NULL, "application_id" uuid NOT NULL, "step_id" uuid NOT NULL, "step_key" text NOT NULL, "position" integer NOT NULL, "check_sheet_keys" text array NOT NULL DEFAULT \'{}\', "cpsf_measure_ids" text array NOT NULL DEFAULT \'{}\', "on_default_path" boolean NOT NULL, "responsibility_gap" boolean NOT NULL DEFAULT false, "gap_reason" text, "rendered_template_ja" text, "rendered_template_en" text, CONSTRAINT "PK_e1f9449e11cc6643c6dc3046836" PRIMARY KEY ("task_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_0eff2dfa709c07630b4004317c" ON "runbook_task_link" ("application_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "post_incident_review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "summary" text NOT NULL DEFAULT \'\', "went_well" text NOT NULL DEFAULT \'\', "went_badly" text NOT NULL DEFAULT \'\', "status" text NOT NULL DEFAULT \'DRAFT\', "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by_id" uuid, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7d37aa09d2952ef4d770c010bd6" UNIQUE ("incident_id"), CONSTRAINT "PK_fa76ba8a8b52faa84fda6cf14c0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "review_finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "review_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "finding" text NOT NULL, "action_kind" text NOT NULL, "runbook_id" uuid, "step_key" text, "proposed_change" text, "contact_id" uuid, "component_id" uuid, "duty" text, "drill_scenario" text, "owner_organisation_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT \'OPEN\', "done_at" TIMESTAMP WITH TIME ZONE, "done_by_id" uuid, "proposed_version_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c081e82ec2a32cee787cab22067" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_79dbaaacca555ee1fe8b88298b" ON "review_finding" ("review_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_8abde16cba1f840363dee3494b" ON "review_finding" ("incident_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_741b476e9211aa5f1236ec5d1d" ON "review_finding" ("owner_organisation_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook" ADD CONSTRAINT "FK_53f028dee08c34995fa3f2b34dd" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_version" ADD CONSTRAINT "FK_76ea55359187d71467736220930" FOREIGN KEY ("runbook_id") REFERENCES "runbook"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_step" ADD CONSTRAINT "FK_1ea17be7167ab7bea134533f86d" FOREIGN KEY ("version_id") REFERENCES "runbook_version"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_application" ADD CONSTRAINT "FK_a5dd4bd819c36d8f7dab828d9c4" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_application" ADD CONSTRAINT "FK_541ac29da39c2f74088d153156d" FOREIGN KEY ("runbook_id") REFERENCES "runbook"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_application" ADD CONSTRAINT "FK_ea226a2df1df69cd6237d1fc98b" FOREIGN KEY ("version_id") REFERENCES "runbook_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_task_link" ADD CONSTRAINT "FK_e1f9449e11cc6643c6dc3046836" FOREIGN KEY ("task_id") REFERENCES "incident_task"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_task_link" ADD CONSTRAINT "FK_0eff2dfa709c07630b4004317c5" FOREIGN KEY ("application_id") REFERENCES "runbook_application"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_task_link" ADD CONSTRAINT "FK_47da4952d6967ce0d63e039e152" FOREIGN KEY ("step_id") REFERENCES "runbook_step"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "post_incident_review" ADD CONSTRAINT "FK_7d37aa09d2952ef4d770c010bd6" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "review_finding" ADD CONSTRAINT "FK_79dbaaacca555ee1fe8b88298b7" FOREIGN KEY ("review_id") REFERENCES "post_incident_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "review_finding" ADD CONSTRAINT "FK_741b476e9211aa5f1236ec5d1da" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "review_finding" ADD CONSTRAINT "FK_ccb948bd2574018e392ffb20341" FOREIGN KEY ("runbook_id") REFERENCES "runbook"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "review_finding" ADD CONSTRAINT "FK_9f7bd3a7ce9c6ee1330127c192d" FOREIGN KEY ("proposed_version_id") REFERENCES "runbook_version"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "review_finding" DROP CONSTRAINT "FK_9f7bd3a7ce9c6ee1330127c192d"');
    await queryRunner.query('ALTER TABLE "review_finding" DROP CONSTRAINT "FK_ccb948bd2574018e392ffb20341"');
    await queryRunner.query('ALTER TABLE "review_finding" DROP CONSTRAINT "FK_741b476e9211aa5f1236ec5d1da"');
    await queryRunner.query('ALTER TABLE "review_finding" DROP CONSTRAINT "FK_79dbaaacca555ee1fe8b88298b7"');
    await queryRunner.query(
      'ALTER TABLE "post_incident_review" DROP CONSTRAINT "FK_7d37aa09d2952ef4d770c010bd6"',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_task_link" DROP CONSTRAINT "FK_47da4952d6967ce0d63e039e152"',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_task_link" DROP CONSTRAINT "FK_0eff2dfa709c07630b4004317c5"',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_task_link" DROP CONSTRAINT "FK_e1f9449e11cc6643c6dc3046836"',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_application" DROP CONSTRAINT "FK_ea226a2df1df69cd6237d1fc98b"',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_application" DROP CONSTRAINT "FK_541ac29da39c2f74088d153156d"',
    );
    await queryRunner.query(
      'ALTER TABLE "runbook_application" DROP CONSTRAINT "FK_a5dd4bd819c36d8f7dab828d9c4"',
    );
    await queryRunner.query('ALTER TABLE "runbook_step" DROP CONSTRAINT "FK_1ea17be7167ab7bea134533f86d"');
    await queryRunner.query('ALTER TABLE "runbook_version" DROP CONSTRAINT "FK_76ea55359187d71467736220930"');
    await queryRunner.query('ALTER TABLE "runbook" DROP CONSTRAINT "FK_53f028dee08c34995fa3f2b34dd"');
    await queryRunner.query('DROP INDEX "public"."IDX_741b476e9211aa5f1236ec5d1d"');
    await queryRunner.query('DROP INDEX "public"."IDX_8abde16cba1f840363dee3494b"');
    await queryRunner.query('DROP INDEX "public"."IDX_79dbaaacca555ee1fe8b88298b"');
    await queryRunner.query('DROP TABLE "review_finding"');
    await queryRunner.query('DROP TABLE "post_incident_review"');
    await queryRunner.query('DROP INDEX "public"."IDX_0eff2dfa709c07630b4004317c"');
    await queryRunner.query('DROP TABLE "runbook_task_link"');
    await queryRunner.query('DROP INDEX "public"."runbook_application_version_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_a5dd4bd819c36d8f7dab828d9c"');
    await queryRunner.query('DROP TABLE "runbook_application"');
    await queryRunner.query('DROP INDEX "public"."runbook_step_key_idx"');
    await queryRunner.query('DROP INDEX "public"."runbook_step_position_idx"');
    await queryRunner.query('DROP TABLE "runbook_step"');
    await queryRunner.query('DROP INDEX "public"."runbook_version_number_idx"');
    await queryRunner.query('DROP INDEX "public"."runbook_version_one_draft_idx"');
    await queryRunner.query('DROP TABLE "runbook_version"');
    await queryRunner.query('DROP INDEX "public"."IDX_53f028dee08c34995fa3f2b34d"');
    await queryRunner.query('DROP TABLE "runbook"');
  }
}
