import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The public rate limits' counters (rate-limiter-flexible's PostgreSQL store, in the shape it
 * expects), so every replica of the server spends the same budget. Created here, not by the library
 * at run time (`tableCreated: true`): the application's role needs no DDL rights.
 */
export class RateLimits1795553480000 implements MigrationInterface {
  name = "RateLimits1795553480000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rate_limit" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`);
    await queryRunner.query(`CREATE INDEX "IDX_rate_limit_expire" ON "rate_limit" ("expire")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limit"`);
  }
}
