import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Web sessions (express-session + connect-pg-simple): connect-pg-simple's own table.sql, created here
 * rather than by `createTableIfMissing`, so the running service never issues DDL.
 */
export class WebSession1795553520000 implements MigrationInterface {
  name = "WebSession1795553520000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "web_session" ("sid" character varying NOT NULL, "sess" json NOT NULL, "expire" timestamp(6) NOT NULL, CONSTRAINT "web_session_pkey" PRIMARY KEY ("sid"))`);
    await queryRunner.query(`CREATE INDEX "web_session_expire_idx" ON "web_session" ("expire")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "web_session"`);
  }
}
