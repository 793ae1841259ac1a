import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Exactly once to the SMTP server (issue 15): each attempt records its point of no return (just
 * before the final "." of DATA) and the server's receipt; a delivery cut off past that point is
 * IN_DOUBT, never sent again.
 */
export class NotificationPointOfNoReturn1795553531000 implements MigrationInterface {
    name = 'NotificationPointOfNoReturn1795553531000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TYPE "public"."notification_status" ADD VALUE IF NOT EXISTS 'IN_DOUBT' AFTER 'FAILED'`);
        await queryRunner.query(`ALTER TABLE "notification" ADD "data_end_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "notification" ADD "smtp_response" character varying(500)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "smtp_response"`);
        await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "data_end_at"`);
        await queryRunner.query(`UPDATE "notification" SET "status" = 'FAILED' WHERE "status" = 'IN_DOUBT'`);
        await queryRunner.query(`ALTER TYPE "public"."notification_status" RENAME TO "notification_status_old"`);
        await queryRunner.query(`CREATE TYPE "public"."notification_status" AS ENUM('PENDING', 'SENDING', 'SENT', 'FAILED', 'HELD', 'IN_DIGEST', 'TASK_OPEN', 'TASK_DONE')`);
        await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "status" TYPE "public"."notification_status" USING "status"::"text"::"public"."notification_status"`);
        await queryRunner.query(`DROP TYPE "public"."notification_status_old"`);
    }

}
