import { spawn } from "node:child_process";
import path from "node:path";
import { runAdminCommand } from "../../src/admin/commands";
import { needsFirstAdministrator } from "../../src/admin/first-start";
import { operatorActor } from "../../src/admin/operator";
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
    const child = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], {
      cwd: path.resolve(__dirname, "..", ".."),
      env: { ...process.env, DATABASE_URL: db.url, PORT: "0", TS_NODE_TRANSPILE_ONLY: "1", LOG_LEVEL: "warn", TOKEN_SECRET: "s".repeat(40), NODE_ENV: "production" },
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

      // Beside the running server, the operator creates the first administrator.
      await ds.initialize();
      expect(await needsFirstAdministrator(ds)).toBe(true);
      const code = await runAdminCommand(
        ["create-system-admin", "--name", "Olu Operator", "--email", "olu@digital.kent.example", "--agency", "Kent County Council Digital Services"],
        ds,
        operatorActor(),
        () => {},
      );
      expect(code).toBe(0);
      expect(await needsFirstAdministrator(ds)).toBe(false);
    } finally {
      child.kill("SIGKILL");
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  }, 90000);
});
