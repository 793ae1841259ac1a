import "../runtime";
import "reflect-metadata";
import path from "node:path";
import net from "node:net";
import type { DataSource } from "typeorm";
import { ConfigError, loadConfig, type Config } from "../config";
import { createDataSource } from "../db/data-source";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrate } from "../db/setup";
import { runAdminCommand, USAGE } from "./commands";
import { operatorActor } from "./operator";

/**
 * The database of a command: DATABASE_URL; else the embedded PostgreSQL of a running `npm start`
 * (its port answers), used beside it without disturbing it; else that embedded database started for
 * the command and stopped after. Pending migrations are applied first (an empty production database
 * gets its first administrator before the server has ever started).
 */
async function withDatabase<T>(fn: (ds: DataSource, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let url = config.databaseUrl;
  let stop: (() => Promise<void>) | null = null;
  if (!url) {
    const running = await new Promise<boolean>(resolve => {
      const socket = net.connect(config.embeddedPgPort, "127.0.0.1");
      socket.once("connect", () => (socket.end(), resolve(true))).once("error", () => resolve(false));
    });
    if (running) url = `postgres://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/asb`;
    else {
      const embedded = await startEmbeddedPostgres(path.join(config.dataDir, "pg"), config.embeddedPgPort);
      url = embedded.url;
      stop = embedded.stop;
    }
  }
  const ds = createDataSource(url, undefined, 2);
  try {
    await ds.initialize();
    await migrate(ds);
    return await fn(ds, config);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    if (stop) await stop();
  }
}

// npm run admin -- <command>: the operator's command line (README "Setting up a county").
async function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help") {
    console.log(USAGE);
    process.exitCode = argv.length === 0 ? 2 : 0;
    return;
  }
  process.exitCode = await withDatabase(ds => runAdminCommand(argv, ds, operatorActor()));
}

main().catch(err => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err instanceof Error ? err.message : err);
  process.exit(1);
});
