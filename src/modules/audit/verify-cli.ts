import "../../runtime";
import "reflect-metadata";
import path from "node:path";
import { loadConfig } from "../../config";
import { createDataSource } from "../../db/data-source";
import { startEmbeddedPostgres } from "../../db/embedded";
import { verifyAuditChain } from "./audit.verify";

// npm run audit:verify: walks the audit trail's hash chain; exit 1 and the first broken link when tampered.
async function main() {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(path.join(config.dataDir, "pg"), config.embeddedPgPort);
  const ds = createDataSource(config.databaseUrl ?? embedded!.url);
  await ds.initialize();
  try {
    const report = await verifyAuditChain(ds);
    if (report.broken) {
      console.log(`audit trail BROKEN at row ${report.broken.id}: ${report.broken.problem} (${report.rows} rows verified before it)`);
      process.exitCode = 1;
    } else {
      console.log(`audit trail intact: ${report.rows} rows, every link verified`);
    }
  } finally {
    await ds.destroy();
    if (embedded) await embedded.stop();
  }
}

main().catch(err => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
