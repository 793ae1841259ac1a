import type { DataSource } from "typeorm";

/** An md5 of every row of every table: equal before and after a refused change means nothing changed. */
export async function everyRow(ds: DataSource): Promise<string> {
  const tables: Array<{ t: string }> = await ds.query(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations' ORDER BY 1`,
  );
  const parts: string[] = [];
  for (const { t } of tables) {
    parts.push(`${t}:${(await ds.query(`SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS m FROM "${t}" x`))[0].m}`);
  }
  return parts.join("|");
}
