import "../../runtime";
import { commandFailed, withCommandDatabase } from "../../db/command-database";
import { verifyAuditChain } from "./audit.verify";

// npm run audit:verify: walks the audit trail's hash chain; exit 1 and the first broken link when tampered.
withCommandDatabase(async ds => {
  const report = await verifyAuditChain(ds);
  if (report.broken) {
    console.log(`audit trail BROKEN at row ${report.broken.id}: ${report.broken.problem} (${report.rows} rows verified before it)`);
    process.exitCode = 1;
  } else {
    console.log(`audit trail intact: ${report.rows} rows, every link verified`);
  }
}).catch(commandFailed);
