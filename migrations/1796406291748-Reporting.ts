import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reporting1796406291748 implements MigrationInterface {
  name = 'Reporting1796406291748';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inquiry_contact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name_ja" text NOT NULL, "name_en" text NOT NULL DEFAULT \'\', "phone" text, "email" text, "url" text, "hours_ja" text NOT NULL DEFAULT \'\', "hours_en" text NOT NULL DEFAULT \'\', "position" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bd4bc3ab04ca869687c6739dcaf" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "public_statement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "title_ja" text NOT NULL, "title_en" text NOT NULL DEFAULT \'\', "body_ja" text NOT NULL, "body_en" text NOT NULL DEFAULT \'\', "status" text NOT NULL DEFAULT \'DRAFT\', "drafted_by_user_id" uuid, "drafted_by_name" text NOT NULL, "approved_by_user_id" uuid, "approved_by_name" text, "published_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_abf18413a816648f6bf97b8c19d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_0613c919f49709abb11b3bd6f8" ON "public_statement" ("incident_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "public_statement_published_idx" ON "public_statement" ("status", "published_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "report_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "languages" text array NOT NULL, "sections" text array NOT NULL, "headings" jsonb NOT NULL DEFAULT \'{}\'::jsonb, "intro_ja" text NOT NULL DEFAULT \'\', "intro_en" text NOT NULL DEFAULT \'\', "closing_ja" text NOT NULL DEFAULT \'\', "closing_en" text NOT NULL DEFAULT \'\', "is_default" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "UQ_8d06eb01e63336e76b608897d33" UNIQUE ("name"), CONSTRAINT "PK_d2952f5126d6e487e73ec6ae6a3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "report_template_single_default_idx" ON "report_template" ("is_default") WHERE is_default',
    );
    await queryRunner.query(
      'ALTER TABLE "public_statement" ADD CONSTRAINT "FK_0613c919f49709abb11b3bd6f80" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "public_statement" DROP CONSTRAINT "FK_0613c919f49709abb11b3bd6f80"',
    );
    await queryRunner.query('DROP INDEX "public"."report_template_single_default_idx"');
    await queryRunner.query('DROP TABLE "report_template"');
    await queryRunner.query('DROP INDEX "public"."public_statement_published_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_0613c919f49709abb11b3bd6f8"');
    await queryRunner.query('DROP TABLE "public_statement"');
    await queryRunner.query('DROP TABLE "inquiry_contact"');
  }
}
