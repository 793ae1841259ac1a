import "../runtime";
import { commandFailed, withCommandDatabase } from "../db/command-database";
import { runAdminCommand, USAGE } from "./commands";
import { operatorActor } from "./operator";

// npm run admin -- <command>: the operator's command line (README "Setting up a county"), safe
// beside a running server. Pending migrations are applied first: an empty production database gets
// its first administrator before the server has ever started.
async function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === "help" || argv[0] === "--help") {
    console.log(USAGE);
    process.exitCode = argv.length === 0 ? 2 : 0;
    return;
  }
  process.exitCode = await withCommandDatabase(ds => runAdminCommand(argv, ds, operatorActor()), { migrate: true });
}

main().catch(commandFailed);
