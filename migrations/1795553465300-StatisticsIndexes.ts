import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indexes for the yearly figures (src/modules/statistics): each figure counts events by the date
 * they happened, so each event table gets an index on that date. Declared with @Index on the
 * entities too, so the drift check sees them.
 */
export class StatisticsIndexes1795553465300 implements MigrationInterface {
  name = "StatisticsIndexes1795553465300";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_case_review_statistics" ON "case_review" ("partnership_id", "received_on")`);
    await queryRunner.query(`CREATE INDEX "IDX_threshold_decision_statistics" ON "threshold_decision" ("decided_on")`);
    await queryRunner.query(`CREATE INDEX "IDX_panel_meeting_statistics" ON "panel_meeting" ("held_on")`);
    await queryRunner.query(`CREATE INDEX "IDX_recommendation_created_statistics" ON "recommendation" ("created_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_recommendation_completed_statistics" ON "recommendation" ("completed_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_letter_statistics" ON "letter" ("kind", "issued_on")`);
    await queryRunner.query(`CREATE INDEX "IDX_secondary_review_statistics" ON "secondary_review" ("requested_on")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_secondary_review_statistics"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_letter_statistics"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_recommendation_completed_statistics"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_recommendation_created_statistics"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_panel_meeting_statistics"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_threshold_decision_statistics"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_review_statistics"`);
  }
}
