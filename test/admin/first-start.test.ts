import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { needsFirstAdministrator } from "../../src/admin/first-start";
import { createDataSource } from "../../src/db/data-source";
import { createTestDatabase } from "../helpers/database";

/**
 * Issue 12: a production start on an empty database says what to do next, the exact command that
 * creates the first administrator, instead of leaving the operator with a platform nobody can use.
 * The server still starts (health checks pass); the command runs beside it.
 */
describe("a production start on an empty database", () => {
  it("serves, and prints the command that creates the first SYSTEM_ADMIN; after it, the platform has one", async () => {
    const db = await createTestDatabase();
    const root = path.resolve(__dirname, "..", "..");
    const env = { ...process.env, DATABASE_URL: db.url, TS_NODE_TRANSPILE_ONLY: "1", TOKEN_SECRET: "s".repeat(40), NODE_ENV: "production",
      // Production needs SMTP_URL; nothing is sent here (no case, no mail).
      SMTP_URL: "smtp://127.0.0.1:2525" };
    const child = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], {
      cwd: root,
      env: { ...env, PORT: "0", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", d => (out += d));
    child.stderr.on("data", d => (out += d));
    const ds = createDataSource(db.url);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no first-start message:\n${out}`)), 60000);
        const check = () => {
          if (/npm run admin -- load/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on("data", check);
        child.once("exit", code => reject(new Error(`server exited ${code}:\n${out}`)));
      });
      expect(out).toContain("This platform has no administrator yet");
      expect(out).toContain(`npm run admin -- create-system-admin --name "Your Name" --email you@your-council.gov.uk --agency "Your organisation"`);
      expect(out).not.toContain("demo user");
      const base = /GraphQL:\s+(http:\/\/\S+)\/graphql/.exec(out)![1]!;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);

      // Beside the running server, the operator creates the first administrator with the real command.
      await ds.initialize();
      expect(await needsFirstAdministrator(ds)).toBe(true);
      const cli = spawnSync(
        process.execPath,
        ["-r", "ts-node/register", "src/admin/admin-cli.ts", "create-system-admin", "--name", "Olu Operator", "--email", "olu@digital.kent.example", "--agency", "Kent County Council Digital Services"],
        { cwd: root, env: { ...env, LOG_LEVEL: "silent" }, encoding: "utf8", timeout: 60000 },
      );
      expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: "" });
      expect(cli.stdout).toContain("Olu Operator <olu@digital.kent.example> is a SYSTEM_ADMIN.");
      expect(await needsFirstAdministrator(ds)).toBe(false);
      const [row] = await ds.query(`SELECT actor, actor_id FROM audit_entry WHERE operation = 'createStaffUser'`);
      expect(row).toEqual({ actor: expect.stringMatching(/^the operator \(npm run admin, /), actor_id: null });
      // The server, still running, lets them in.
      const token = spawnSync(process.execPath, ["-r", "ts-node/register", "src/auth/token-cli.ts", "olu@digital.kent.example"], { cwd: root, env, encoding: "utf8", timeout: 60000 });
      const ask = () =>
        fetch(`${base}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token.stdout.trim()}` },
          body: JSON.stringify({ query: "{ me { name roles } }" }),
        });
      // spawnSync blocked this process longer than the server's keep-alive: the pooled socket of the
      // readiness check may have been closed under it ("other side closed"); one retry opens a new one.
      const me = await ask().catch(ask);
      expect(((await me.json()) as { data: unknown }).data).toEqual({ me: { name: "Olu Operator", roles: ["SYSTEM_ADMIN"] } });
    } finally {
      child.kill("SIGKILL");
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  }, 90000);
});
