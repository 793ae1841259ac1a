import "reflect-metadata";
import path from "node:path";
import type { DataSource } from "typeorm";
import { ConfigError, loadConfig, type Config } from "../config";
import { createDataSource } from "./data-source";
import { startEmbeddedPostgres } from "./embedded";
import { connectWithRetry } from "./connect";
import { migrate } from "./setup";

export interface CommandDatabaseOptions {
  /** Apply pending migrations first (a command that writes, run before the first start). */
  migrate?: boolean;
}

/**
 * The database for an operator's command (audit:verify, token, admin, import), safe beside a
 * running server: DATABASE_URL when set; otherwise the embedded PostgreSQL that `npm start` runs on
 * DATA_DIR, found from the files PostgreSQL keeps there, whatever its port; only when none runs, a
 * server of the command's own, stopped afterwards. Nothing of another process is touched.
 */
export async function withCommandDatabase<T>(fn: (ds: DataSource, config: Config) => Promise<T>, options: CommandDatabaseOptions = {}): Promise<T> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(path.join(config.dataDir, "pg"), config.embeddedPgPort, () => {}, "command");
  try {
    const ds = createDataSource(config.databaseUrl ?? embedded!.url, undefined, 2);
    await connectWithRetry(ds, config.databaseUrl ? "DATABASE_URL" : "the embedded PostgreSQL", config.databaseConnectSeconds);
    try {
      if (options.migrate) await migrate(ds);
      return await fn(ds, config);
    } finally {
      await ds.destroy();
    }
  } finally {
    if (embedded) await embedded.stop();
  }
}

/** A command's failure as one sentence on stderr, never `undefined` or a stack trace; exit code 2. */
export function commandFailed(err: unknown): never {
  const message = err instanceof ConfigError ? `Configuration error: ${err.message}` : err instanceof Error && err.message ? err.message : `failed: ${String(err)}`;
  console.error(message);
  process.exit(2);
}
