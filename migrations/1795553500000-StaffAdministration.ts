import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Administration (issue 12): the SYSTEM_ADMIN and AGENCY_ADMIN roles; when and why a user was
 * deactivated; and one account per e-mail address whatever its case (sign-in and the set-up file
 * find users by lower(email), so "A@x" and "a@x" must not be two people).
 */
export class StaffAdministration1795553500000 implements MigrationInterface {
  name = "StaffAdministration1795553500000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."role" ADD VALUE IF NOT EXISTS 'SYSTEM_ADMIN'`);
    await queryRunner.query(`ALTER TYPE "public"."role" ADD VALUE IF NOT EXISTS 'AGENCY_ADMIN'`);
    await queryRunner.query(`ALTER TABLE "staff_user" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "staff_user" ADD "deactivation_reason" character varying(500)`);
    await queryRunner.query(`DROP INDEX "public"."IDX_staff_user_lower_email"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_staff_user_lower_email" ON "staff_user" (lower("email"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_staff_user_lower_email"`);
    await queryRunner.query(`CREATE INDEX "IDX_staff_user_lower_email" ON "staff_user" (lower("email"))`);
    await queryRunner.query(`ALTER TABLE "staff_user" DROP COLUMN "deactivation_reason"`);
    await queryRunner.query(`ALTER TABLE "staff_user" DROP COLUMN "deactivated_at"`);
    // PostgreSQL cannot drop an enum value: the two roles stay in the type, unused.
  }
}
