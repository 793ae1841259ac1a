import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes for the filters and joins of the canonical operations (issue 7; the benchmark's EXPLAIN
 * step shows no sequential scan of a large table):
 * - case lists, newest first with the id as the keyset cursor's tie-break: (partnership_id,
 *   submitted_at, id) replaces (partnership_id, submitted_at);
 * - the agency inbox, its ISSUED recommendations soonest due first: (assigned_agency_id, status,
 *   due_by, id) replaces (assigned_agency_id, status), so the page is read in index order and the
 *   LIMIT stops the scan instead of sorting every recommendation of the agency;
 * - sign-in, which finds the user by lower(email): an expression index (declared on StaffUser with
 *   synchronize: false, as TypeORM cannot describe it).
 */
export class PerformanceIndexes1795553466200 implements MigrationInterface {
  name = "PerformanceIndexes1795553466200";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_9dc55ebb56880ede3f0cd231e5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a06b184eb344da7cdf609abcc2"`);
    await queryRunner.query(`CREATE INDEX "IDX_188efc7b32222c4a80d1a37958" ON "case_review"  ("partnership_id", "submitted_at", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a99c28d5cd7263865fc32c3196" ON "recommendation"  ("assigned_agency_id", "status", "due_by", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_staff_user_lower_email" ON "staff_user" (lower("email"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_staff_user_lower_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a99c28d5cd7263865fc32c3196"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_188efc7b32222c4a80d1a37958"`);
    await queryRunner.query(`CREATE INDEX "IDX_a06b184eb344da7cdf609abcc2" ON "recommendation" ("assigned_agency_id", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_9dc55ebb56880ede3f0cd231e5" ON "case_review" ("partnership_id", "submitted_at") `);
  }
}
