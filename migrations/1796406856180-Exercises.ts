import { MigrationInterface, QueryRunner } from 'typeorm';

export class Exercises1796406856180 implements MigrationInterface {
  name = 'Exercises1796406856180';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "exercise_scenario" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "origin" text NOT NULL, "is_example" boolean NOT NULL DEFAULT false, "copied_from_id" uuid, "owner_organisation_id" uuid, "current_version" integer NOT NULL DEFAULT \'1\', "archived_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_6f36615d2ae5f9cf7b15fe82ca3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_d26add1a7cbccc7dc7dc740071" ON "exercise_scenario" ("key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "exercise_scenario_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scenario_id" uuid NOT NULL, "number" integer NOT NULL, "content" jsonb NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3b2c99fb396a344617535e976a0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "exercise_scenario_version_number" ON "exercise_scenario_version" ("scenario_id", "number") ',
    );
    await queryRunner.query(
      'CREATE TABLE "exercise" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "scenario_id" uuid NOT NULL, "scenario_version_id" uuid NOT NULL, "scenario_version_number" integer NOT NULL, "objectives" jsonb NOT NULL, "status" text NOT NULL DEFAULT \'SCHEDULED\', "severity" text NOT NULL DEFAULT \'SEV2\', "category" text NOT NULL DEFAULT \'OTHER\', "speed" double precision NOT NULL DEFAULT \'1\', "scheduled_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "paused_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "elapsed_ms" bigint NOT NULL DEFAULT \'0\', "segment_started_at" TIMESTAMP WITH TIME ZONE, "epoch" integer NOT NULL DEFAULT \'0\', "organiser_organisation_id" uuid NOT NULL, "created_by_id" uuid, "report" jsonb, "report_generated_at" TIMESTAMP WITH TIME ZONE, "report_notes" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_a0f107e3a2ef2742c1e91d97c14" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_d9794cc5b1c1e3b7f11a36c4cc" ON "exercise" ("status") ');
    await queryRunner.query(
      'CREATE TABLE "exercise_participant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exercise_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "role" text NOT NULL, "contact_ids" uuid array NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_58e0995b20b3f3eb3f5ba80fa21" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_5112cc093c12146af62c41be36" ON "exercise_participant" ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "exercise_participant_organisation" ON "exercise_participant" ("exercise_id", "organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "exercise_inject" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exercise_id" uuid NOT NULL, "key" text NOT NULL, "sequence" integer NOT NULL, "offset_seconds" integer NOT NULL, "title_ja" text NOT NULL, "title_en" text NOT NULL, "text_ja" text NOT NULL, "text_en" text NOT NULL, "audience" jsonb NOT NULL, "acknowledgement_required" boolean NOT NULL DEFAULT true, "expected_actions" jsonb NOT NULL DEFAULT \'[]\', "ad_hoc" boolean NOT NULL DEFAULT false, "state" text NOT NULL DEFAULT \'PENDING\', "due_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "sent_at_exercise_seconds" integer, "lateness_ms" integer, "incident_id" uuid, "recipient_organisation_ids" uuid array NOT NULL DEFAULT \'{}\', "responsibility_gaps" jsonb NOT NULL DEFAULT \'[]\', "sent_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7cbd8a51fb87e21fc80dc86ec6d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_4d42151e8c04b904d604270cda" ON "exercise_inject" ("state") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "exercise_inject_key" ON "exercise_inject" ("exercise_id", "key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "exercise_response" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exercise_id" uuid NOT NULL, "inject_id" uuid, "organisation_id" uuid NOT NULL, "user_id" uuid, "author_name" text NOT NULL, "kind" text NOT NULL, "text" text NOT NULL, "to_organisation_ids" uuid array NOT NULL DEFAULT \'{}\', "exercise_seconds" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ede791059249bb1c67d9fa6b5ec" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_df503bcf7a5922f83e66036f60" ON "exercise_response" ("exercise_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "exercise_rating" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exercise_id" uuid NOT NULL, "inject_id" uuid NOT NULL, "action_key" text NOT NULL, "rating" text NOT NULL, "note" text NOT NULL DEFAULT \'\', "evaluator_id" uuid, "evaluator_name" text NOT NULL, "rated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_34c80a60441b5060a6d1b34679f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_11e65aac29d5bdf48bcdf9f51b" ON "exercise_rating" ("exercise_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "exercise_rating_action" ON "exercise_rating" ("inject_id", "action_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "exercise_objective_rating" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exercise_id" uuid NOT NULL, "objective_key" text NOT NULL, "rating" text NOT NULL, "note" text NOT NULL DEFAULT \'\', "evaluator_id" uuid, "evaluator_name" text NOT NULL, "rated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_63ebb67d9314cf0dd55eba04da5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "exercise_objective_rating_key" ON "exercise_objective_rating" ("exercise_id", "objective_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "exercise_event" ("id" BIGSERIAL NOT NULL, "exercise_id" uuid NOT NULL, "kind" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "exercise_seconds" integer NOT NULL, "organisation_id" uuid, "message" text NOT NULL, "data" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_e5327422c407ca46e871cab5a97" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "exercise_event_exercise" ON "exercise_event" ("exercise_id", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "exercise_improvement_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "exercise_id" uuid NOT NULL, "finding_key" text, "title" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "objective_key" text, "owner_organisation_id" uuid, "due_date" date, "status" text NOT NULL DEFAULT \'OPEN\', "link_kind" text NOT NULL DEFAULT \'NONE\', "link_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_faf70a65dea2a9b7073e816512c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_7981f845c7dc4e69cfe5f523a8" ON "exercise_improvement_item" ("exercise_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "exercise_improvement_finding" ON "exercise_improvement_item" ("exercise_id", "finding_key") WHERE "finding_key" IS NOT NULL',
    );
    await queryRunner.query('ALTER TABLE "incident" ADD "exercise_id" uuid');
    await queryRunner.query('ALTER TABLE "incident" ADD "drill" jsonb');
    await queryRunner.query('CREATE INDEX "IDX_fc066523f52488c839595e53fc" ON "incident" ("exercise_id") ');
    await queryRunner.query(
      'ALTER TABLE "exercise_scenario_version" ADD CONSTRAINT "FK_b9628fe3ff862597985180b65ba" FOREIGN KEY ("scenario_id") REFERENCES "exercise_scenario"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise" ADD CONSTRAINT "FK_6f36615d2ae5f9cf7b15fe82ca3" FOREIGN KEY ("scenario_id") REFERENCES "exercise_scenario"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise" ADD CONSTRAINT "FK_3b2c99fb396a344617535e976a0" FOREIGN KEY ("scenario_version_id") REFERENCES "exercise_scenario_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_participant" ADD CONSTRAINT "FK_5195c098ee0702aa7f9cdd685e8" FOREIGN KEY ("exercise_id") REFERENCES "exercise"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_participant" ADD CONSTRAINT "FK_5112cc093c12146af62c41be367" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_inject" ADD CONSTRAINT "FK_071a5bed3085a76f551a8166536" FOREIGN KEY ("exercise_id") REFERENCES "exercise"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_response" ADD CONSTRAINT "FK_df503bcf7a5922f83e66036f607" FOREIGN KEY ("exercise_id") REFERENCES "exercise"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_response" ADD CONSTRAINT "FK_5c7aa0773881511286877b9a0d9" FOREIGN KEY ("inject_id") REFERENCES "exercise_inject"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_rating" ADD CONSTRAINT "FK_11e65aac29d5bdf48bcdf9f51b6" FOREIGN KEY ("exercise_id") REFERENCES "exercise"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_rating" ADD CONSTRAINT "FK_c8cd85339210687a26ffc7bf1aa" FOREIGN KEY ("inject_id") REFERENCES "exercise_inject"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_objective_rating" ADD CONSTRAINT "FK_33607c4e592104a0954e3d2992f" FOREIGN KEY ("exercise_id") REFERENCES "exercise"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_event" ADD CONSTRAINT "FK_f0eeca294f46b678941001159b3" FOREIGN KEY ("exercise_id") REFERENCES "exercise"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_improvement_item" ADD CONSTRAINT "FK_7981f845c7dc4e69cfe5f523a82" FOREIGN KEY ("exercise_id") REFERENCES "exercise"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "exercise_improvement_item" DROP CONSTRAINT "FK_7981f845c7dc4e69cfe5f523a82"',
    );
    await queryRunner.query('ALTER TABLE "exercise_event" DROP CONSTRAINT "FK_f0eeca294f46b678941001159b3"');
    await queryRunner.query(
      'ALTER TABLE "exercise_objective_rating" DROP CONSTRAINT "FK_33607c4e592104a0954e3d2992f"',
    );
    await queryRunner.query('ALTER TABLE "exercise_rating" DROP CONSTRAINT "FK_c8cd85339210687a26ffc7bf1aa"');
    await queryRunner.query('ALTER TABLE "exercise_rating" DROP CONSTRAINT "FK_11e65aac29d5bdf48bcdf9f51b6"');
    await queryRunner.query(
      'ALTER TABLE "exercise_response" DROP CONSTRAINT "FK_5c7aa0773881511286877b9a0d9"',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_response" DROP CONSTRAINT "FK_df503bcf7a5922f83e66036f607"',
    );
    await queryRunner.query('ALTER TABLE "exercise_inject" DROP CONSTRAINT "FK_071a5bed3085a76f551a8166536"');
    await queryRunner.query(
      'ALTER TABLE "exercise_participant" DROP CONSTRAINT "FK_5112cc093c12146af62c41be367"',
    );
    await queryRunner.query(
      'ALTER TABLE "exercise_participant" DROP CONSTRAINT "FK_5195c098ee0702aa7f9cdd685e8"',
    );
    await queryRunner.query('ALTER TABLE "exercise" DROP CONSTRAINT "FK_3b2c99fb396a344617535e976a0"');
    await queryRunner.query('ALTER TABLE "exercise" DROP CONSTRAINT "FK_6f36615d2ae5f9cf7b15fe82ca3"');
    await queryRunner.query(
      'ALTER TABLE "exercise_scenario_version" DROP CONSTRAINT "FK_b9628fe3ff862597985180b65ba"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_fc066523f52488c839595e53fc"');
    await queryRunner.query('ALTER TABLE "incident" DROP COLUMN "drill"');
    await queryRunner.query('ALTER TABLE "incident" DROP COLUMN "exercise_id"');
    await queryRunner.query('DROP INDEX "public"."exercise_improvement_finding"');
    await queryRunner.query('DROP INDEX "public"."IDX_7981f845c7dc4e69cfe5f523a8"');
    await queryRunner.query('DROP TABLE "exercise_improvement_item"');
    await queryRunner.query('DROP INDEX "public"."exercise_event_exercise"');
    await queryRunner.query('DROP TABLE "exercise_event"');
    await queryRunner.query('DROP INDEX "public"."exercise_objective_rating_key"');
    await queryRunner.query('DROP TABLE "exercise_objective_rating"');
    await queryRunner.query('DROP INDEX "public"."exercise_rating_action"');
    await queryRunner.query('DROP INDEX "public"."IDX_11e65aac29d5bdf48bcdf9f51b"');
    await queryRunner.query('DROP TABLE "exercise_rating"');
    await queryRunner.query('DROP INDEX "public"."IDX_df503bcf7a5922f83e66036f60"');
    await queryRunner.query('DROP TABLE "exercise_response"');
    await queryRunner.query('DROP INDEX "public"."exercise_inject_key"');
    await queryRunner.query('DROP INDEX "public"."IDX_4d42151e8c04b904d604270cda"');
    await queryRunner.query('DROP TABLE "exercise_inject"');
    await queryRunner.query('DROP INDEX "public"."exercise_participant_organisation"');
    await queryRunner.query('DROP INDEX "public"."IDX_5112cc093c12146af62c41be36"');
    await queryRunner.query('DROP TABLE "exercise_participant"');
    await queryRunner.query('DROP INDEX "public"."IDX_d9794cc5b1c1e3b7f11a36c4cc"');
    await queryRunner.query('DROP TABLE "exercise"');
    await queryRunner.query('DROP INDEX "public"."exercise_scenario_version_number"');
    await queryRunner.query('DROP TABLE "exercise_scenario_version"');
    await queryRunner.query('DROP INDEX "public"."IDX_d26add1a7cbccc7dc7dc740071"');
    await queryRunner.query('DROP TABLE "exercise_scenario"');
  }
}
