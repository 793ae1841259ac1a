import { Client } from "pg";

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.ASB_TEST_ADMIN_URL;
  const template = process.env.ASB_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    // Databases of test files that failed to clean up after themselves, then the template.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template.replace("template", "t")}%`]);
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  }
  const pg = (globalThis as any).__EMBEDDED_PG__;
  if (pg) await pg.stop();
}
