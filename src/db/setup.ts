import type { DataSource } from "typeorm";
import { runMigrations as runQueueMigrations, Logger as QueueLogger } from "graphile-worker";

/** One key for "migrating now": replicas starting at once take turns, the later ones find nothing to do. */
const MIGRATION_LOCK = 4_815_162_342;

/**
 * Applies any pending migrations (ours, then the job queue's own schema `graphile_worker`, made by
 * graphile-worker's migrate step); returns the names of ours. Several replicas may start at once: a
 * session advisory lock on a connection of its own makes them take turns.
 */
export async function migrate(ds: DataSource): Promise<string[]> {
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: "all" });
    await runQueueMigrations({ connectionString: (ds.options as { url: string }).url, maxPoolSize: 1, logger: quietQueueLogger });
    return applied.map(m => m.name);
  } finally {
    await lock.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK]).catch(() => {});
    await lock.release();
  }
}

const quietQueueLogger = new QueueLogger(() => () => {});
