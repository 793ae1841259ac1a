import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Letter templates as data: saved versions per partnership and kind (version 0, the default wording,
 * is not stored, so every partnership, existing or created later, starts with it); the subject and
 * template version of each letter. Historic cases: their reference in the partnership's old records
 * (unique per partnership: importing the same file twice adds nothing) and when they were imported.
 */
export class LetterTemplatesAndHistoricCases1795553510000 implements MigrationInterface {
  name = "LetterTemplatesAndHistoricCases1795553510000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "letter_template_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partnership_id" uuid NOT NULL, "kind" "public"."letter_kind" NOT NULL, "version" integer NOT NULL, "subject" character varying(300) NOT NULL, "body" text NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_30b4f2d6d0ecbefb599361d3c82" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d9b6760b19a44754272cd73ecd" ON "letter_template_version"  ("partnership_id", "kind", "version") `);
    await queryRunner.query(`ALTER TABLE "case_review" ADD "source_reference" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "case_review" ADD "imported_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "letter" ADD "subject" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "letter" ADD "template_version" integer`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_case_review_source_reference" ON "case_review"  ("partnership_id", "source_reference") `);
    await queryRunner.query(`ALTER TABLE "letter_template_version" ADD CONSTRAINT "FK_a139fa9d689cb9dbd6e8d571551" FOREIGN KEY ("partnership_id") REFERENCES "partnership"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "letter_template_version" ADD CONSTRAINT "FK_0553d342c3a05186e6670dfb117" FOREIGN KEY ("created_by_id") REFERENCES "staff_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "letter_template_version" DROP CONSTRAINT "FK_0553d342c3a05186e6670dfb117"`);
    await queryRunner.query(`ALTER TABLE "letter_template_version" DROP CONSTRAINT "FK_a139fa9d689cb9dbd6e8d571551"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_review_source_reference"`);
    await queryRunner.query(`ALTER TABLE "letter" DROP COLUMN "template_version"`);
    await queryRunner.query(`ALTER TABLE "letter" DROP COLUMN "subject"`);
    await queryRunner.query(`ALTER TABLE "case_review" DROP COLUMN "imported_at"`);
    await queryRunner.query(`ALTER TABLE "case_review" DROP COLUMN "source_reference"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d9b6760b19a44754272cd73ecd"`);
    await queryRunner.query(`DROP TABLE "letter_template_version"`);
  }
}
