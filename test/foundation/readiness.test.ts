import pino from "pino";
import { createApp } from "../../src/app/app";
import { loadConfig } from "../../src/config";
import { createDataSource } from "../../src/db/data-source";
import type { AddressInfo } from "node:net";

describe("readiness when the database is away", () => {
  it("/readyz answers 503 and GraphQL answers SERVICE_UNAVAILABLE, while /healthz stays up", async () => {
    // A port nothing listens on: the pool cannot connect.
    const url = "postgres://postgres@127.0.0.1:1/none";
    const config = loadConfig({ NODE_ENV: "test", TOKEN_SECRET: "x".repeat(40), LOG_LEVEL: "silent", DATABASE_URL: url });
    const ds = createDataSource(url, pino({ level: "silent" }), 1);
    const app = await createApp(config, ds, pino({ level: "silent" }));
    await new Promise<void>(r => app.httpServer.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { status: string }).status).toBe("unavailable");
    } finally {
      await app.stop();
    }
  });
});
