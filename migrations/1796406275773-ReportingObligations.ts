import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportingObligations1796406275773 implements MigrationInterface {
  name = 'ReportingObligations1796406275773';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "reporting_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "name_ja" text NOT NULL, "name_en" text NOT NULL, "legal_basis_ja" text NOT NULL DEFAULT \'\', "legal_basis_en" text NOT NULL DEFAULT \'\', "authority_organisation_id" uuid NOT NULL, "trigger" jsonb NOT NULL, "stages" jsonb NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_06c640bef31a38e0b4f1c8b0c57" UNIQUE ("key"), CONSTRAINT "PK_01649462560486533ca44415318" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "obligation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "rule_id" uuid NOT NULL, "stage_key" text NOT NULL, "stage_index" integer NOT NULL, "owner_organisation_id" uuid NOT NULL, "delegated_from_organisation_id" uuid, "commissioner_notified_at" TIMESTAMP WITH TIME ZONE, "commissioner_notified_by" text, "due_at" TIMESTAMP WITH TIME ZONE, "alternative_duration" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT \'PENDING\', "submitted_at" TIMESTAMP WITH TIME ZONE, "submission_reference" text, "submitted_by_user_id" uuid, "submitted_by_name" text, "overdue_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3a70be17386980c9fec1df4d25d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_a7c35916ee8a623b6ec41e6d5f" ON "obligation" ("rule_id") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_2d3c92ca710bf01c7a9b57a22b" ON "obligation" ("owner_organisation_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "obligation_open_due_idx" ON "obligation" ("due_at") WHERE status = \'PENDING\'',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "obligation_unique_stage" ON "obligation" ("incident_id", "rule_id", "stage_key") ',
    );
    await queryRunner.query(
      'ALTER TABLE "incident" ADD "malicious_suspected" boolean NOT NULL DEFAULT false',
    );
    await queryRunner.query('ALTER TABLE "incident" ADD "aware_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "reporting_rule" ADD CONSTRAINT "FK_880017c2032b5349a3629c2ad5b" FOREIGN KEY ("authority_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "obligation" ADD CONSTRAINT "FK_7df53d2b61ff5df6275022bfc61" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "obligation" ADD CONSTRAINT "FK_a7c35916ee8a623b6ec41e6d5f5" FOREIGN KEY ("rule_id") REFERENCES "reporting_rule"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "obligation" ADD CONSTRAINT "FK_2d3c92ca710bf01c7a9b57a22b0" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "obligation" DROP CONSTRAINT "FK_2d3c92ca710bf01c7a9b57a22b0"');
    await queryRunner.query('ALTER TABLE "obligation" DROP CONSTRAINT "FK_a7c35916ee8a623b6ec41e6d5f5"');
    await queryRunner.query('ALTER TABLE "obligation" DROP CONSTRAINT "FK_7df53d2b61ff5df6275022bfc61"');
    await queryRunner.query('ALTER TABLE "reporting_rule" DROP CONSTRAINT "FK_880017c2032b5349a3629c2ad5b"');
    await queryRunner.query('ALTER TABLE "incident" DROP COLUMN "aware_at"');
    await queryRunner.query('ALTER TABLE "incident" DROP COLUMN "malicious_suspected"');
    await queryRunner.query('DROP INDEX "public"."obligation_unique_stage"');
    await queryRunner.query('DROP INDEX "public"."obligation_open_due_idx"');
    await queryRunner.query('DROP INDEX "public"."IDX_2d3c92ca710bf01c7a9b57a22b"');
    await queryRunner.query('DROP INDEX "public"."IDX_a7c35916ee8a623b6ec41e6d5f"');
    await queryRunner.query('DROP TABLE "obligation"');
    await queryRunner.query('DROP TABLE "reporting_rule"');
  }
}
