import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795323716692 implements MigrationInterface {
  name = 'Initial1795323716692';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_event" ("sequence" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_kind" text NOT NULL, "actor_id" text, "actor_name" text, "organisation_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "request_id" text, "data" jsonb NOT NULL DEFAULT \'{}\', "previous_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_66828d3e1b4bbb935f84fdf5447" PRIMARY KEY ("sequence"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_65698017376224f2fceed53258" ON "audit_event" ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_c0ea392536b5c4cba7012b6f7b" ON "audit_event" ("entity_type", "entity_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name_ja" text NOT NULL, "name_en" text NOT NULL, "guideline_roles" text array NOT NULL, "description" text NOT NULL DEFAULT \'\', "website" text, CONSTRAINT "UQ_c1f5a0df0c79fb877432e0b08d7" UNIQUE ("name_ja"), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organisation_id" uuid NOT NULL, "type" text NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "title" text, "email" text, "phone" text, "webhook_url" text, "webhook_secret_sealed" text, "locale" text NOT NULL DEFAULT \'ja\', "last_verified_at" TIMESTAMP WITH TIME ZONE, "notes" text NOT NULL DEFAULT \'\', CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_a7416b5eea3776d4b6034eddf7" ON "contact" ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "organisation_relationship" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "client_organisation_id" uuid NOT NULL, "contractor_organisation_id" uuid NOT NULL, "description" text NOT NULL DEFAULT \'\', "contract_reference" text, CONSTRAINT "PK_b6137bb7902f808de3df04e2e90" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_46dee25ac63ccc5b43827ba696" ON "organisation_relationship" ("client_organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_49dfb41db1a0c2793513f759b2" ON "organisation_relationship" ("contractor_organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_c95955daec60337b15f4c1e7dc" ON "organisation_relationship" ("client_organisation_id", "contractor_organisation_id", "kind") ',
    );
    await queryRunner.query(
      'CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "prefix" text NOT NULL, "secret_hash" text NOT NULL, "organisation_id" uuid NOT NULL, "role" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_c4f6ccad30c0862eb54af9fb0ac" UNIQUE ("prefix"), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_656bf45bf240ad0a5aced63ae5" ON "api_key" ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "login_attempt" ("id" BIGSERIAL NOT NULL, "email" text NOT NULL, "ip_address" text NOT NULL, "succeeded" boolean NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_72829cd4f7424e3cdfd46c476c0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_d622833de6fa50049ac671aacc" ON "login_attempt" ("ip_address", "attempted_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_d40158f50033c6f856c6a1f242" ON "login_attempt" ("email", "attempted_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "mfa_policy" ("role" text NOT NULL, "required" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_by_id" uuid, CONSTRAINT "PK_8298749c5f2b68c84ef12735e17" PRIMARY KEY ("role"))',
    );
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" text NOT NULL, "display_name" text NOT NULL, "locale" text NOT NULL DEFAULT \'ja\', "organisation_id" uuid NOT NULL, "role" text NOT NULL, "password_hash" text NOT NULL, "totp_secret" text, "totp_enabled" boolean NOT NULL DEFAULT false, "totp_last_step" bigint, "disabled" boolean NOT NULL DEFAULT false, "last_login_at" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_3fa909d0e37c531ebc237703391" UNIQUE ("email"), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_6fa42e978fa7d7adc32736e26f" ON "app_user" ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_f0812282fad2e352cdaf83ef0a9" UNIQUE ("token_hash"), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_6bbe63d2fe75e7f0ba1710351d" ON "refresh_token" ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "incident" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "severity" text NOT NULL, "category" text NOT NULL, "incident_type_id" text, "detection_source" text NOT NULL, "personal_data_involved" boolean NOT NULL DEFAULT false, "safety_impact" boolean NOT NULL DEFAULT false, "tlp" text NOT NULL DEFAULT \'AMBER\', "status" text NOT NULL DEFAULT \'NEW\', "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE, "triaged_at" TIMESTAMP WITH TIME ZONE, "responding_at" TIMESTAMP WITH TIME ZONE, "contained_at" TIMESTAMP WITH TIME ZONE, "recovering_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "reopened_at" TIMESTAMP WITH TIME ZONE, "reporter_user_id" uuid, "reporter_api_key_id" uuid, "reporter_organisation_id" uuid NOT NULL, "dedup_key" text, "occurrence_count" integer NOT NULL DEFAULT \'1\', "last_occurrence_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_ed74590f721c53cd36921fd2043" UNIQUE ("reference"), CONSTRAINT "PK_5f90b28b0b8238d89ee8edcf96e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_2da79ac7133ceb7041a1ac36df" ON "incident" ("severity") ');
    await queryRunner.query('CREATE INDEX "IDX_966f487a62e80d4b132564232c" ON "incident" ("tlp") ');
    await queryRunner.query('CREATE INDEX "IDX_1a9c57d6fbaa740c8bee92c177" ON "incident" ("status") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "incident_open_dedup_key_idx" ON "incident" ("reporter_organisation_id", "dedup_key") WHERE dedup_key IS NOT NULL AND status NOT IN (\'RESOLVED\', \'CLOSED\')',
    );
    await queryRunner.query(
      'CREATE INDEX "incident_reported_at_id_idx" ON "incident" ("reported_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "component" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name_ja" text NOT NULL, "name_en" text NOT NULL, "category" text NOT NULL, "kind" text NOT NULL, "parent_id" uuid, "operating_organisation_id" uuid, "description" text NOT NULL DEFAULT \'\', CONSTRAINT "UQ_ad4775fe6fed605dfddbdfb7b45" UNIQUE ("name_ja"), CONSTRAINT "PK_c084eba2d3b157314de79135f09" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_8c99d8119dd2764f0546ec66c5" ON "component" ("parent_id") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_92a8490b0eb020add10fcc2e9f" ON "component" ("operating_organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "incident_component" ("incident_id" uuid NOT NULL, "component_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8b6d25db0827173fd7131dda922" PRIMARY KEY ("incident_id", "component_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_5440c8f15b737ee10c392b74d7" ON "incident_component" ("component_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "incident_participant" ("incident_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "duties" text array NOT NULL DEFAULT \'{}\', "source" text NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_63e5bb823ac7b85acfa84b6a193" PRIMARY KEY ("incident_id", "organisation_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "incident_participant_organisation_idx" ON "incident_participant" ("organisation_id", "incident_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "incident_member" ("incident_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_09cc6a6994a9959210bbd1b42ea" PRIMARY KEY ("incident_id", "user_id", "role"))',
    );
    await queryRunner.query(
      'CREATE INDEX "incident_member_user_idx" ON "incident_member" ("user_id", "incident_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "incident_task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "status" text NOT NULL DEFAULT \'OPEN\', "assignee_organisation_id" uuid, "assignee_user_id" uuid, "due_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_316e7a1a978e03f6b2f509b3ea3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_2e9fe12f36e8244d1fb829d674" ON "incident_task" ("incident_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_f1683564982b35faf70aaa0608" ON "incident_task" ("assignee_organisation_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "incident_reference_counter" ("year" integer NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_43ddeff7c1497b4fc3ebfcf8dab" PRIMARY KEY ("year"))',
    );
    await queryRunner.query(
      'CREATE TABLE "severity_definition" ("level" text NOT NULL, "name_ja" text NOT NULL, "name_en" text NOT NULL, "criteria_ja" text NOT NULL, "criteria_en" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_157d22e38e26382f9bba19c53d0" PRIMARY KEY ("level"))',
    );
    await queryRunner.query(
      'CREATE TABLE "incident_timeline_entry" ("sequence" BIGSERIAL NOT NULL, "incident_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "kind" text NOT NULL, "actor_kind" text, "actor_id" uuid, "actor_name" text NOT NULL, "actor_organisation_id" uuid, "message" text NOT NULL, "data" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_095b326e2ed29dfff83030f2b8e" PRIMARY KEY ("sequence"))',
    );
    await queryRunner.query(
      'CREATE INDEX "incident_timeline_entry_incident_seq_idx" ON "incident_timeline_entry" ("incident_id", "sequence") ',
    );
    await queryRunner.query(
      'CREATE TABLE "assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "component_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "duty" text NOT NULL, "boundary" text NOT NULL, "note" text NOT NULL DEFAULT \'\', "contract_reference" text, CONSTRAINT "PK_43c2f5a3859f54cedafb270f37e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_4de21205ade02823863f508f20" ON "assignment" ("component_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_ee321e9abf16fe48543c9cd9f0" ON "assignment" ("organisation_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_5ae5bb337cd6aed4e41a548f21" ON "assignment" ("component_id", "organisation_id", "duty", "boundary") ',
    );
    await queryRunner.query(
      'ALTER TABLE "contact" ADD CONSTRAINT "FK_a7416b5eea3776d4b6034eddf74" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation_relationship" ADD CONSTRAINT "FK_46dee25ac63ccc5b43827ba6964" FOREIGN KEY ("client_organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation_relationship" ADD CONSTRAINT "FK_49dfb41db1a0c2793513f759b2f" FOREIGN KEY ("contractor_organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_key" ADD CONSTRAINT "FK_656bf45bf240ad0a5aced63ae53" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "app_user" ADD CONSTRAINT "FK_6fa42e978fa7d7adc32736e26fd" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident" ADD CONSTRAINT "FK_04e1be2f5d79748512e3889d6e6" FOREIGN KEY ("reporter_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "component" ADD CONSTRAINT "FK_8c99d8119dd2764f0546ec66c59" FOREIGN KEY ("parent_id") REFERENCES "component"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "component" ADD CONSTRAINT "FK_92a8490b0eb020add10fcc2e9ff" FOREIGN KEY ("operating_organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_component" ADD CONSTRAINT "FK_010ed4d385798c925fed8d1187b" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_component" ADD CONSTRAINT "FK_5440c8f15b737ee10c392b74d78" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_participant" ADD CONSTRAINT "FK_3acf83fc55839df919e865ef0a1" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_participant" ADD CONSTRAINT "FK_b0bc1df2090cba034eb7768f0f3" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_member" ADD CONSTRAINT "FK_a195788cb62456e59a3511f186b" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_member" ADD CONSTRAINT "FK_6932a474ae1d79e17e392b6a312" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_task" ADD CONSTRAINT "FK_2e9fe12f36e8244d1fb829d6740" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_task" ADD CONSTRAINT "FK_f1683564982b35faf70aaa06084" FOREIGN KEY ("assignee_organisation_id") REFERENCES "organisation"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_timeline_entry" ADD CONSTRAINT "FK_601d82f2170f9e27aabf6bd3cac" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "assignment" ADD CONSTRAINT "FK_4de21205ade02823863f508f209" FOREIGN KEY ("component_id") REFERENCES "component"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "assignment" ADD CONSTRAINT "FK_ee321e9abf16fe48543c9cd9f05" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "assignment" DROP CONSTRAINT "FK_ee321e9abf16fe48543c9cd9f05"');
    await queryRunner.query('ALTER TABLE "assignment" DROP CONSTRAINT "FK_4de21205ade02823863f508f209"');
    await queryRunner.query(
      'ALTER TABLE "incident_timeline_entry" DROP CONSTRAINT "FK_601d82f2170f9e27aabf6bd3cac"',
    );
    await queryRunner.query('ALTER TABLE "incident_task" DROP CONSTRAINT "FK_f1683564982b35faf70aaa06084"');
    await queryRunner.query('ALTER TABLE "incident_task" DROP CONSTRAINT "FK_2e9fe12f36e8244d1fb829d6740"');
    await queryRunner.query('ALTER TABLE "incident_member" DROP CONSTRAINT "FK_6932a474ae1d79e17e392b6a312"');
    await queryRunner.query('ALTER TABLE "incident_member" DROP CONSTRAINT "FK_a195788cb62456e59a3511f186b"');
    await queryRunner.query(
      'ALTER TABLE "incident_participant" DROP CONSTRAINT "FK_b0bc1df2090cba034eb7768f0f3"',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_participant" DROP CONSTRAINT "FK_3acf83fc55839df919e865ef0a1"',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_component" DROP CONSTRAINT "FK_5440c8f15b737ee10c392b74d78"',
    );
    await queryRunner.query(
      'ALTER TABLE "incident_component" DROP CONSTRAINT "FK_010ed4d385798c925fed8d1187b"',
    );
    await queryRunner.query('ALTER TABLE "component" DROP CONSTRAINT "FK_92a8490b0eb020add10fcc2e9ff"');
    await queryRunner.query('ALTER TABLE "component" DROP CONSTRAINT "FK_8c99d8119dd2764f0546ec66c59"');
    await queryRunner.query('ALTER TABLE "incident" DROP CONSTRAINT "FK_04e1be2f5d79748512e3889d6e6"');
    await queryRunner.query('ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4"');
    await queryRunner.query('ALTER TABLE "app_user" DROP CONSTRAINT "FK_6fa42e978fa7d7adc32736e26fd"');
    await queryRunner.query('ALTER TABLE "api_key" DROP CONSTRAINT "FK_656bf45bf240ad0a5aced63ae53"');
    await queryRunner.query(
      'ALTER TABLE "organisation_relationship" DROP CONSTRAINT "FK_49dfb41db1a0c2793513f759b2f"',
    );
    await queryRunner.query(
      'ALTER TABLE "organisation_relationship" DROP CONSTRAINT "FK_46dee25ac63ccc5b43827ba6964"',
    );
    await queryRunner.query('ALTER TABLE "contact" DROP CONSTRAINT "FK_a7416b5eea3776d4b6034eddf74"');
    await queryRunner.query('DROP INDEX "public"."IDX_5ae5bb337cd6aed4e41a548f21"');
    await queryRunner.query('DROP INDEX "public"."IDX_ee321e9abf16fe48543c9cd9f0"');
    await queryRunner.query('DROP INDEX "public"."IDX_4de21205ade02823863f508f20"');
    await queryRunner.query('DROP TABLE "assignment"');
    await queryRunner.query('DROP INDEX "public"."incident_timeline_entry_incident_seq_idx"');
    await queryRunner.query('DROP TABLE "incident_timeline_entry"');
    await queryRunner.query('DROP TABLE "severity_definition"');
    await queryRunner.query('DROP TABLE "incident_reference_counter"');
    await queryRunner.query('DROP INDEX "public"."IDX_f1683564982b35faf70aaa0608"');
    await queryRunner.query('DROP INDEX "public"."IDX_2e9fe12f36e8244d1fb829d674"');
    await queryRunner.query('DROP TABLE "incident_task"');
    await queryRunner.query('DROP INDEX "public"."incident_member_user_idx"');
    await queryRunner.query('DROP TABLE "incident_member"');
    await queryRunner.query('DROP INDEX "public"."incident_participant_organisation_idx"');
    await queryRunner.query('DROP TABLE "incident_participant"');
    await queryRunner.query('DROP INDEX "public"."IDX_5440c8f15b737ee10c392b74d7"');
    await queryRunner.query('DROP TABLE "incident_component"');
    await queryRunner.query('DROP INDEX "public"."IDX_92a8490b0eb020add10fcc2e9f"');
    await queryRunner.query('DROP INDEX "public"."IDX_8c99d8119dd2764f0546ec66c5"');
    await queryRunner.query('DROP TABLE "component"');
    await queryRunner.query('DROP INDEX "public"."incident_reported_at_id_idx"');
    await queryRunner.query('DROP INDEX "public"."incident_open_dedup_key_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_1a9c57d6fbaa740c8bee92c177"');
    await queryRunner.query('DROP INDEX "public"."IDX_966f487a62e80d4b132564232c"');
    await queryRunner.query('DROP INDEX "public"."IDX_2da79ac7133ceb7041a1ac36df"');
    await queryRunner.query('DROP TABLE "incident"');
    await queryRunner.query('DROP INDEX "public"."IDX_6bbe63d2fe75e7f0ba1710351d"');
    await queryRunner.query('DROP TABLE "refresh_token"');
    await queryRunner.query('DROP INDEX "public"."IDX_6fa42e978fa7d7adc32736e26f"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP TABLE "mfa_policy"');
    await queryRunner.query('DROP INDEX "public"."IDX_d40158f50033c6f856c6a1f242"');
    await queryRunner.query('DROP INDEX "public"."IDX_d622833de6fa50049ac671aacc"');
    await queryRunner.query('DROP TABLE "login_attempt"');
    await queryRunner.query('DROP INDEX "public"."IDX_656bf45bf240ad0a5aced63ae5"');
    await queryRunner.query('DROP TABLE "api_key"');
    await queryRunner.query('DROP INDEX "public"."IDX_c95955daec60337b15f4c1e7dc"');
    await queryRunner.query('DROP INDEX "public"."IDX_49dfb41db1a0c2793513f759b2"');
    await queryRunner.query('DROP INDEX "public"."IDX_46dee25ac63ccc5b43827ba696"');
    await queryRunner.query('DROP TABLE "organisation_relationship"');
    await queryRunner.query('DROP INDEX "public"."IDX_a7416b5eea3776d4b6034eddf7"');
    await queryRunner.query('DROP TABLE "contact"');
    await queryRunner.query('DROP TABLE "organisation"');
    await queryRunner.query('DROP INDEX "public"."IDX_c0ea392536b5c4cba7012b6f7b"');
    await queryRunner.query('DROP INDEX "public"."IDX_65698017376224f2fceed53258"');
    await queryRunner.query('DROP TABLE "audit_event"');
  }
}
