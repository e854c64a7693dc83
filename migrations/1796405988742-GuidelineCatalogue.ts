import { MigrationInterface, QueryRunner } from 'typeorm';

export class GuidelineCatalogue1796405988742 implements MigrationInterface {
  name = 'GuidelineCatalogue1796405988742';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "guideline_edition" ("edition" text NOT NULL, "title_ja" text NOT NULL, "title_en" text NOT NULL, "is_current" boolean NOT NULL DEFAULT false, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e5686b5f881469bf915a328409c" PRIMARY KEY ("edition"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "guideline_edition_single_current" ON "guideline_edition" ("is_current") WHERE "is_current"',
    );
    await queryRunner.query(
      'CREATE TABLE "check_sheet_item" ("edition" text NOT NULL, "key" text NOT NULL, "printed_id" text NOT NULL, "position" integer NOT NULL, "category" text NOT NULL, "category_label_ja" text NOT NULL, "category_label_en" text NOT NULL, "group_number" text NOT NULL, "group_ja" text NOT NULL, "group_en" text NOT NULL, "title_ja" text NOT NULL, "title_en" text NOT NULL, "description_ja" text NOT NULL, "description_en" text NOT NULL, "section" text NOT NULL, "section_title_ja" text NOT NULL, "section_title_en" text NOT NULL, "overview_section" text NOT NULL, "supplement_ja" text, "supplement_en" text, "id_in_section" text, "title_ja_in_section" text, "note" text, "scenario_ids" text array NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_564315e64ed8e0a866257282562" PRIMARY KEY ("edition", "key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "cpsf_measure" ("edition" text NOT NULL, "id" text NOT NULL, "family_code" text NOT NULL, "family_ja" text NOT NULL, "family_en" text NOT NULL, "requirement_ja" text NOT NULL, "requirement_ja_items" text array NOT NULL, "requirement_en" text NOT NULL, "categories" text array NOT NULL, "incident_type_ids" text array NOT NULL, "note" text, CONSTRAINT "PK_ad7778a491d63e13c0e487f4175" PRIMARY KEY ("edition", "id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "guideline_incident_type" ("edition" text NOT NULL, "id" text NOT NULL, "position" integer NOT NULL, "incident_ja" text NOT NULL, "incident_en" text NOT NULL, "cps_ids" text array NOT NULL, "threats" jsonb NOT NULL, CONSTRAINT "PK_bddd8667974a6b35299337bc8a0" PRIMARY KEY ("edition", "id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "guideline_role" ("edition" text NOT NULL, "key" text NOT NULL, "position" integer NOT NULL, "name_ja" text NOT NULL, "name_en" text NOT NULL, "definition_ja" text NOT NULL, "definition_en" text NOT NULL, "responsibilities_en" text array NOT NULL, CONSTRAINT "PK_8607a162f8a4d5221176d14b20e" PRIMARY KEY ("edition", "key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "self_assessment_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organisation_id" uuid NOT NULL, "edition" text NOT NULL, "item_key" text NOT NULL, "status" text NOT NULL, "planned_timing" text, "planned_date" date, "implementation_method" text NOT NULL DEFAULT \'\', "not_applicable_reason" text, "evidence_links" text array NOT NULL DEFAULT \'{}\', "reviewer_user_id" uuid, "reviewed_on" date, "updated_by_kind" text NOT NULL, "updated_by_id" uuid NOT NULL, "updated_by_name" text NOT NULL, "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "PK_722875fdaa38fbe6be204849931" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_a750be73fe27f1990092bf8e2f" ON "self_assessment_entry" ("reviewer_user_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "self_assessment_entry_unique" ON "self_assessment_entry" ("organisation_id", "edition", "item_key") ',
    );
    await queryRunner.query(
      'ALTER TABLE "check_sheet_item" ADD CONSTRAINT "FK_33646ef046416727b2c3890788e" FOREIGN KEY ("edition") REFERENCES "guideline_edition"("edition") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cpsf_measure" ADD CONSTRAINT "FK_a8c42f2c1bfac598213998029bd" FOREIGN KEY ("edition") REFERENCES "guideline_edition"("edition") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "guideline_incident_type" ADD CONSTRAINT "FK_1c35bf9c08c3c5cc609bee18591" FOREIGN KEY ("edition") REFERENCES "guideline_edition"("edition") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "guideline_role" ADD CONSTRAINT "FK_89e1f634a6bf0923ffb091ce931" FOREIGN KEY ("edition") REFERENCES "guideline_edition"("edition") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "self_assessment_entry" ADD CONSTRAINT "FK_cb6f21bf6d217b09666d60a090a" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "self_assessment_entry" ADD CONSTRAINT "FK_a750be73fe27f1990092bf8e2fb" FOREIGN KEY ("reviewer_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "self_assessment_entry" ADD CONSTRAINT "FK_cff1837ed3c8d0a63ea1b26b60a" FOREIGN KEY ("edition", "item_key") REFERENCES "check_sheet_item"("edition","key") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "self_assessment_entry" DROP CONSTRAINT "FK_cff1837ed3c8d0a63ea1b26b60a"',
    );
    await queryRunner.query(
      'ALTER TABLE "self_assessment_entry" DROP CONSTRAINT "FK_a750be73fe27f1990092bf8e2fb"',
    );
    await queryRunner.query(
      'ALTER TABLE "self_assessment_entry" DROP CONSTRAINT "FK_cb6f21bf6d217b09666d60a090a"',
    );
    await queryRunner.query('ALTER TABLE "guideline_role" DROP CONSTRAINT "FK_89e1f634a6bf0923ffb091ce931"');
    await queryRunner.query(
      'ALTER TABLE "guideline_incident_type" DROP CONSTRAINT "FK_1c35bf9c08c3c5cc609bee18591"',
    );
    await queryRunner.query('ALTER TABLE "cpsf_measure" DROP CONSTRAINT "FK_a8c42f2c1bfac598213998029bd"');
    await queryRunner.query(
      'ALTER TABLE "check_sheet_item" DROP CONSTRAINT "FK_33646ef046416727b2c3890788e"',
    );
    await queryRunner.query('DROP INDEX "public"."self_assessment_entry_unique"');
    await queryRunner.query('DROP INDEX "public"."IDX_a750be73fe27f1990092bf8e2f"');
    await queryRunner.query('DROP TABLE "self_assessment_entry"');
    await queryRunner.query('DROP TABLE "guideline_role"');
    await queryRunner.query('DROP TABLE "guideline_incident_type"');
    await queryRunner.query('DROP TABLE "cpsf_measure"');
    await queryRunner.query('DROP TABLE "check_sheet_item"');
    await queryRunner.query('DROP INDEX "public"."guideline_edition_single_current"');
    await queryRunner.query('DROP TABLE "guideline_edition"');
  }
}
