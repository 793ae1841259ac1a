import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The transactional outbox of issue 15: one row per message to one person, written in the
 * transaction of the change it tells of, and each member of staff's choice of immediate emails or a
 * daily digest. The job queue's own tables (schema graphile_worker) are made by graphile-worker's
 * migrate step at start (src/modules/notifications/worker.ts).
 */

export class Notifications1795553530000 implements MigrationInterface {
    name = 'Notifications1795553530000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."notification_kind" AS ENUM('APPLICATION_RECEIVED', 'THRESHOLD_DECIDED', 'PANEL_SCHEDULED', 'OUTCOME_SENT', 'CASE_CLOSED', 'INCIDENTS_TO_CONFIRM', 'INFORMATION_REQUESTED', 'RECOMMENDATION_ISSUED', 'DUE_SOON', 'OVERDUE', 'NEW_APPLICATION', 'PARTNER_LATE', 'DAILY_DIGEST')`);
        await queryRunner.query(`CREATE TYPE "public"."notification_channel" AS ENUM('EMAIL', 'POST', 'PHONE')`);
        await queryRunner.query(`CREATE TYPE "public"."notification_status" AS ENUM('PENDING', 'SENDING', 'SENT', 'FAILED', 'HELD', 'IN_DIGEST', 'TASK_OPEN', 'TASK_DONE')`);
        await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_review_id" uuid, "partnership_id" uuid, "kind" "public"."notification_kind" NOT NULL, "channel" "public"."notification_channel" NOT NULL, "staff_user_id" uuid, "agency_id" uuid, "subject_id" uuid, "email_to" character varying(320), "status" "public"."notification_status" NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "claimed_by" integer, "claimed_at" TIMESTAMP WITH TIME ZONE, "message_id" character varying(250), "sent_at" TIMESTAMP WITH TIME ZONE, "digest_id" uuid, "dedupe_key" character varying(300), "task_done_at" TIMESTAMP WITH TIME ZONE, "task_done_by_id" uuid, "task_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b390c6bcca8179ba55a6eb95fac" UNIQUE ("dedupe_key"), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c62fbe823d612cc7ad7b5c3dd9" ON "notification"  ("status") `);
        await queryRunner.query(`CREATE INDEX "IDX_9a09b2a24cb80fde166babf3d5" ON "notification"  ("staff_user_id", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_c88ee0b5021190ec769cf279d4" ON "notification"  ("partnership_id", "status") `);
        await queryRunner.query(`CREATE INDEX "IDX_70352a6bfa149b5bd55b34e41c" ON "notification"  ("case_review_id", "created_at") `);
        await queryRunner.query(`CREATE TYPE "public"."notification_delivery" AS ENUM('IMMEDIATE', 'DAILY_DIGEST')`);
        await queryRunner.query(`CREATE TABLE "notification_setting" ("staff_user_id" uuid NOT NULL, "delivery" "public"."notification_delivery" NOT NULL DEFAULT 'IMMEDIATE', "muted_kinds" "public"."notification_kind" array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0eea426200064270d18dd399094" PRIMARY KEY ("staff_user_id"))`);
        await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_543fbf5af6789fd64b4939dc594" FOREIGN KEY ("case_review_id") REFERENCES "case_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_0e8d447357cafe11087d2e134fa" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notification_setting" ADD CONSTRAINT "FK_0eea426200064270d18dd399094" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notification_setting" DROP CONSTRAINT "FK_0eea426200064270d18dd399094"`);
        await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_0e8d447357cafe11087d2e134fa"`);
        await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_543fbf5af6789fd64b4939dc594"`);
        await queryRunner.query(`DROP TABLE "notification_setting"`);
        await queryRunner.query(`DROP TYPE "public"."notification_delivery"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_70352a6bfa149b5bd55b34e41c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c88ee0b5021190ec769cf279d4"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_9a09b2a24cb80fde166babf3d5"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c62fbe823d612cc7ad7b5c3dd9"`);
        await queryRunner.query(`DROP TABLE "notification"`);
        await queryRunner.query(`DROP TYPE "public"."notification_status"`);
        await queryRunner.query(`DROP TYPE "public"."notification_channel"`);
        await queryRunner.query(`DROP TYPE "public"."notification_kind"`);
    }

}
