import { MigrationInterface, QueryRunner } from 'typeorm';

export class Alerting1795327270919 implements MigrationInterface {
  name = 'Alerting1795327270919';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "alert" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "contact_id" uuid, "recipient_name" text NOT NULL, "escalation_id" uuid, "trigger_key" text NOT NULL, "purpose" text NOT NULL, "event_type" text NOT NULL, "step_index" integer, "step_count" integer, "round" integer NOT NULL DEFAULT \'0\', "acknowledgement_required" boolean NOT NULL, "state" text NOT NULL, "channels" text array NOT NULL, "channel_index" integer NOT NULL DEFAULT \'0\', "reason" jsonb, "change" jsonb, "sent_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_name" text, "acknowledged_via" text, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ad91cad659a3536465d564a4b2f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "alert_failed_idx" ON "alert" ("failed_at") WHERE "state" = \'FAILED\'',
    );
    await queryRunner.query('CREATE INDEX "alert_incident_idx" ON "alert" ("incident_id", "created_at") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "alert_trigger_unique" ON "alert" ("incident_id", "contact_id", "trigger_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "caught_mail" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sender" text NOT NULL, "recipients" text array NOT NULL, "subject" text NOT NULL, "message_id" text NOT NULL, "raw" text NOT NULL, CONSTRAINT "PK_34e75a576d5230ae1850e33e0bd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_6013dce25215ad784a5b7278c2" ON "caught_mail" ("received_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "alert_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_id" uuid NOT NULL, "channel" text NOT NULL, "target" text NOT NULL, "state" text NOT NULL, "attempts" integer NOT NULL DEFAULT \'0\', "completed_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c525535867340bf8eef9ac9721d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "alert_delivery_alert_idx" ON "alert_delivery" ("alert_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "delivery_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "alert_id" uuid NOT NULL, "channel" text NOT NULL, "attempt_number" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "latency_ms" integer NOT NULL, "outcome" text NOT NULL, "http_status" integer, "smtp_response" text, "error" text, CONSTRAINT "PK_a43b0e18756fc86d042eeef093b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_83da1c9415f040dce05a940670" ON "delivery_attempt" ("alert_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "delivery_attempt_delivery_idx" ON "delivery_attempt" ("delivery_id", "attempt_number") ',
    );
    await queryRunner.query(
      'CREATE TABLE "alert_engagement" ("incident_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "first_alerted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledgement_required" boolean NOT NULL DEFAULT false, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "first_acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_name" text, "acknowledged_by_contact_id" uuid, "acknowledged_by_user_id" uuid, "acknowledged_via" text, "acknowledgement_note" text, CONSTRAINT "PK_99f71f2f4eb03d43c4dd5c9bedb" PRIMARY KEY ("incident_id", "organisation_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "alert_engagement_organisation_idx" ON "alert_engagement" ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "escalation_policy" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "organisation_id" uuid, "is_default" boolean NOT NULL DEFAULT false, "severities" text array NOT NULL DEFAULT \'{}\', "categories" text array NOT NULL DEFAULT \'{}\', "steps" jsonb NOT NULL, "repeat_count" integer NOT NULL DEFAULT \'0\', "reminder_interval_seconds" integer, "max_reminders" integer NOT NULL DEFAULT \'0\', "reescalate_after_seconds" integer, "reescalate_severities" text array NOT NULL DEFAULT \'{SEV1}\', "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_fba4ee1e088aadb259d2ca9f4f7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_48906c39be9c4e69399715fd3c" ON "escalation_policy" ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "escalation_policy_single_default" ON "escalation_policy" ("is_default") WHERE "is_default"',
    );
    await queryRunner.query(
      'CREATE TABLE "escalation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "scope" text NOT NULL, "policy_id" uuid, "policy" jsonb NOT NULL, "state" text NOT NULL, "round" integer NOT NULL DEFAULT \'0\', "loop" integer NOT NULL DEFAULT \'0\', "next_step" integer NOT NULL DEFAULT \'0\', "next_step_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2c9a4d9277ed8620a8a72813864" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "escalation_current_scope" ON "escalation" ("incident_id", "scope") WHERE "state" <> \'SUPERSEDED\'',
    );
    await queryRunner.query(
      'CREATE TABLE "event_integration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "api_key_id" uuid NOT NULL, "component_id" uuid NOT NULL, "routing_key_hash" text NOT NULL, "routing_key_prefix" text NOT NULL, "category" text NOT NULL DEFAULT \'OTHER\', "tlp" text NOT NULL DEFAULT \'AMBER\', "last_event_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_9168d1c671061b7d9665211f6fd" UNIQUE ("routing_key_hash"), CONSTRAINT "PK_dcde68951c5788781965ec584f7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox_message" ("id" BIGSERIAL NOT NULL, "topic" text NOT NULL, "job_id" text NOT NULL, "payload" jsonb NOT NULL, "available_at" TIMESTAMP WITH TIME ZONE NOT NULL, "leased_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('ALTER TABLE "contact" ADD "webhook_previous_secret_sealed" text');
    await queryRunner.query(
      'ALTER TABLE "contact" ADD "webhook_previous_secret_expires_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query('ALTER TABLE "contact" ADD "webhook_disabled_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "contact" ADD "webhook_disabled_reason" text');
    await queryRunner.query(
      'ALTER TABLE "contact" ADD "channel_order" text array NOT NULL DEFAULT \'{EMAIL,WEBHOOK}\'',
    );
    await queryRunner.query(
      'ALTER TABLE "alert" ADD CONSTRAINT "FK_db59b28ffcb9e82bddb29f3878a" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alert" ADD CONSTRAINT "FK_11e33e6d8c7945765483ee78a07" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alert_delivery" ADD CONSTRAINT "FK_e6446e0a2a84d219797548ecfd3" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "delivery_attempt" ADD CONSTRAINT "FK_f9f738277033dbcf77c82b93b45" FOREIGN KEY ("delivery_id") REFERENCES "alert_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alert_engagement" ADD CONSTRAINT "FK_e317d1cbc76798755651aa6cd7f" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alert_engagement" ADD CONSTRAINT "FK_ec3d372b2f7bc8fe04328345298" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "escalation_policy" ADD CONSTRAINT "FK_48906c39be9c4e69399715fd3cc" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "escalation" ADD CONSTRAINT "FK_835e311598e467dd2002df6b139" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "event_integration" ADD CONSTRAINT "FK_5cea95f9bc44299567f9b24a664" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "event_integration" ADD CONSTRAINT "FK_16e8898b92cab637d01f89b78b6" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "event_integration" DROP CONSTRAINT "FK_16e8898b92cab637d01f89b78b6"',
    );
    await queryRunner.query(
      'ALTER TABLE "event_integration" DROP CONSTRAINT "FK_5cea95f9bc44299567f9b24a664"',
    );
    await queryRunner.query('ALTER TABLE "escalation" DROP CONSTRAINT "FK_835e311598e467dd2002df6b139"');
    await queryRunner.query(
      'ALTER TABLE "escalation_policy" DROP CONSTRAINT "FK_48906c39be9c4e69399715fd3cc"',
    );
    await queryRunner.query(
      'ALTER TABLE "alert_engagement" DROP CONSTRAINT "FK_ec3d372b2f7bc8fe04328345298"',
    );
    await queryRunner.query(
      'ALTER TABLE "alert_engagement" DROP CONSTRAINT "FK_e317d1cbc76798755651aa6cd7f"',
    );
    await queryRunner.query(
      'ALTER TABLE "delivery_attempt" DROP CONSTRAINT "FK_f9f738277033dbcf77c82b93b45"',
    );
    await queryRunner.query('ALTER TABLE "alert_delivery" DROP CONSTRAINT "FK_e6446e0a2a84d219797548ecfd3"');
    await queryRunner.query('ALTER TABLE "alert" DROP CONSTRAINT "FK_11e33e6d8c7945765483ee78a07"');
    await queryRunner.query('ALTER TABLE "alert" DROP CONSTRAINT "FK_db59b28ffcb9e82bddb29f3878a"');
    await queryRunner.query('ALTER TABLE "contact" DROP COLUMN "channel_order"');
    await queryRunner.query('ALTER TABLE "contact" DROP COLUMN "webhook_disabled_reason"');
    await queryRunner.query('ALTER TABLE "contact" DROP COLUMN "webhook_disabled_at"');
    await queryRunner.query('ALTER TABLE "contact" DROP COLUMN "webhook_previous_secret_expires_at"');
    await queryRunner.query('ALTER TABLE "contact" DROP COLUMN "webhook_previous_secret_sealed"');
    await queryRunner.query('DROP TABLE "outbox_message"');
    await queryRunner.query('DROP TABLE "event_integration"');
    await queryRunner.query('DROP INDEX "public"."escalation_current_scope"');
    await queryRunner.query('DROP TABLE "escalation"');
    await queryRunner.query('DROP INDEX "public"."escalation_policy_single_default"');
    await queryRunner.query('DROP INDEX "public"."IDX_48906c39be9c4e69399715fd3c"');
    await queryRunner.query('DROP TABLE "escalation_policy"');
    await queryRunner.query('DROP INDEX "public"."alert_engagement_organisation_idx"');
    await queryRunner.query('DROP TABLE "alert_engagement"');
    await queryRunner.query('DROP INDEX "public"."delivery_attempt_delivery_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_83da1c9415f040dce05a940670"');
    await queryRunner.query('DROP TABLE "delivery_attempt"');
    await queryRunner.query('DROP INDEX "public"."alert_delivery_alert_idx"');
    await queryRunner.query('DROP TABLE "alert_delivery"');
    await queryRunner.query('DROP INDEX "public"."IDX_6013dce25215ad784a5b7278c2"');
    await queryRunner.query('DROP TABLE "caught_mail"');
    await queryRunner.query('DROP INDEX "public"."alert_trigger_unique"');
    await queryRunner.query('DROP INDEX "public"."alert_incident_idx"');
    await queryRunner.query('DROP INDEX "public"."alert_failed_idx"');
    await queryRunner.query('DROP TABLE "alert"');
  }
}
