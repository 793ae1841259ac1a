import type { Express } from "express";
import type { DataSource } from "typeorm";

/** /healthz: the process is up. /readyz: the database answers within two seconds. */
export function installHealth(app: Express, ds: DataSource): void {
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      await Promise.race([
        ds.query("SELECT 1"),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref()),
      ]);
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "unavailable", reason: "database not answering" });
    }
  });
}
