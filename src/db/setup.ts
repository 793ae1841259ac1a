import type { DataSource } from "typeorm";
import { runMigrations as runQueueMigrations, Logger as QueueLogger } from "graphile-worker";

// Any fixed number: the key of the advisory lock that serialises migrations across processes.
const MIGRATION_LOCK = 7_310_452_118;

/**
 * Applies any pending migrations (ours, then the job queue's own schema `graphile_worker`, made by
 * graphile-worker's migrate step); returns the names of ours. Several replicas (or a server and an
 * operator's command) may start at once: a session advisory lock lets one migrate while the
 * others wait, then find nothing left to apply.
 */
export async function migrate(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: "all" });
    await runQueueMigrations({ connectionString: (ds.options as { url: string }).url, maxPoolSize: 1, logger: quietQueueLogger });
    return applied.map(m => m.name);
  } finally {
    await runner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await runner.release();
  }
}

const quietQueueLogger = new QueueLogger(() => () => {});
