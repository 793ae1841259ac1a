import type { DataSource } from "typeorm";

/** Applies any pending migrations; returns their names. */
export async function migrate(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: "all" });
  return applied.map(m => m.name);
}
