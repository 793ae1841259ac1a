import net from "node:net";
import { spawn } from "node:child_process";
import path from "node:path";
import { createTestDatabase } from "../helpers/database";

describe("graceful shutdown", () => {
  it("SIGTERM stops accepting, answers what is in flight, closes the pool and exits 0", async () => {
    const db = await createTestDatabase();
    const child = spawn(process.execPath, ["-r", "ts-node/register", "src/main.ts"], {
      cwd: path.resolve(__dirname, "..", ".."),
      env: { ...process.env, DATABASE_URL: db.url, PORT: "0", TS_NODE_TRANSPILE_ONLY: "1", LOG_LEVEL: "info", TOKEN_SECRET: "s".repeat(40), NODE_ENV: "development" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", d => (out += d));
    child.stderr.on("data", d => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60000);
        child.stdout.on("data", () => {
          const m = /GraphQL:\s+(http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const base = url.replace(/\/graphql$/, "");
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // A request in flight when the signal arrives (its body still arriving) is still answered.
      const { port } = new URL(base);
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise(r => socket.once("connect", r));
      const body = JSON.stringify({ query: "{ __typename }" });
      socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`);
      let answer = "";
      socket.on("data", d => (answer += d));
      const answered = new Promise(r => socket.once("end", r));
      await new Promise(r => setTimeout(r, 200));
      const exited = new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
      child.kill("SIGTERM");
      await new Promise(r => setTimeout(r, 300));
      socket.write(body.slice(5));
      await answered;
      expect(answer).toMatch(/^HTTP\/1.1 200/);
      expect(answer).toContain(`"__typename":"Query"`);
      expect(await exited).toBe(0);
      expect(out).toMatch(/shutting down/);
      // Nothing listens any more.
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      child.kill("SIGKILL");
      await db.drop();
    }
  }, 90000);
});
