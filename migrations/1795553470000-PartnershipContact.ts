import { MigrationInterface, QueryRunner } from "typeorm";

/** The areas a partnership covers and the contact details shown to applicants (letters, the front door). */
export class PartnershipContact1795553470000 implements MigrationInterface {
  name = "PartnershipContact1795553470000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partnership" ADD "areas" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "partnership" ADD "contact_email" character varying(320)`);
    await queryRunner.query(`ALTER TABLE "partnership" ADD "contact_phone" character varying(40)`);
    await queryRunner.query(`ALTER TABLE "partnership" ADD "contact_address" character varying(500)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "partnership" DROP COLUMN "contact_address"`);
    await queryRunner.query(`ALTER TABLE "partnership" DROP COLUMN "contact_phone"`);
    await queryRunner.query(`ALTER TABLE "partnership" DROP COLUMN "contact_email"`);
    await queryRunner.query(`ALTER TABLE "partnership" DROP COLUMN "areas"`);
  }
}
