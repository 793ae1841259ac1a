import "reflect-metadata";
import path from "node:path";
import { DataSource } from "typeorm";
import { types } from "pg";
import type { Logger } from "pino";
import { entities } from "./entities";
import { SnakeNamingStrategy } from "./naming";
import { PreparingClient } from "./prepared";
import { CountingLogger } from "./sql-counter";

// Calendar dates stay "YYYY-MM-DD" strings: a JS Date would shift them with the time zone.
types.setTypeParser(1082, (v: string) => v);
// bigint ids (audit, timeline) as strings, never lossy numbers.
types.setTypeParser(20, (v: string) => v);

export function createDataSource(url: string, log?: Logger, poolSize = 10): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities,
    migrations: [path.join(__dirname, "..", "..", "migrations", "*.{ts,js}")],
    migrationsTableName: "typeorm_migrations",
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: "pgcrypto",
    logging: ["query", "error", "warn", "migration"],
    logger: new CountingLogger(log),
    maxQueryExecutionTime: 1000,
    // Parameterised reads as named prepared statements (src/db/prepared.ts); NAMED_STATEMENTS=0 turns
    // them off (a pooler without prepared statements; the bench, to measure the lever).
    extra: { max: poolSize, connectionTimeoutMillis: 5000, application_name: "asb-case-review", ...(process.env.NAMED_STATEMENTS === "0" ? {} : { Client: PreparingClient }) },
  });
}

// For the TypeORM CLI (migration:generate --check): DATABASE_URL names the database to compare.
export default createDataSource(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/asb_dev");
