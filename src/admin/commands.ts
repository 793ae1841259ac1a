/**
 * The operator's commands (`npm run admin -- <command>`), over a DataSource the entry point opens
 * (admin-cli.ts), so the tests run them against their own database exactly as the operator does.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import type { DataSource } from "typeorm";
import { AgencyKind } from "../modules/agencies/agency.entity";
import type { Actor } from "../modules/audit/audit.service";
import { applySetup, type LoadSummary } from "./load-setup";
import { createFirstSystemAdmin, deactivateByEmail, OperatorError, reactivateByEmail } from "./operator";
import { parseSetupFile, SetupFileError } from "./setup-file";

export const USAGE = `usage: npm run admin -- <command>

  create-system-admin --name NAME --email EMAIL --agency ORGANISATION [--agency-kind OTHER]
      the first SYSTEM_ADMIN of an empty platform (the organisation is created if it is new)
  load FILE [--check]
      partnerships, agencies, whom they serve, and staff with roles, from one YAML file
      (README "Setting up a county"); --check reads and checks it against the database, loads nothing
  deactivate EMAIL --reason TEXT
      refuses the user from their next request; what they did stays attributed to them
  reactivate EMAIL

The database: DATABASE_URL, or the embedded one of a running (or stopped) npm start in DATA_DIR.`;

/** Thrown inside the transaction of `load --check`: everything it did is rolled back. */
class CheckOnly extends Error {
  constructor(readonly summary: LoadSummary) {
    super("check only");
  }
}

const describe = (s: LoadSummary) =>
  (["partnerships", "agencies", "staff"] as const)
    .map(k => `  ${k.padEnd(13)} ${s[k].created} created, ${s[k].updated} updated, ${s[k].unchanged} unchanged`)
    .join("\n");

/** Runs one command; returns the process exit code (0 done, 1 refused, 2 usage). */
export async function runAdminCommand(argv: string[], ds: DataSource, actor: Actor, print: (line: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        name: { type: "string" },
        email: { type: "string" },
        agency: { type: "string" },
        "agency-kind": { type: "string" },
        reason: { type: "string" },
        check: { type: "boolean" },
      },
    });
  } catch (err) {
    print(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  try {
    switch (command) {
      case "create-system-admin": {
        if (!values.name || !values.email || !values.agency) return usage(print, "create-system-admin needs --name, --email and --agency");
        const kind = values["agency-kind"];
        if (kind !== undefined && !(Object.values(AgencyKind) as string[]).includes(kind)) {
          return usage(print, `--agency-kind must be one of ${Object.values(AgencyKind).join(", ")}`);
        }
        const user = await createFirstSystemAdmin(ds, { name: values.name, email: values.email, agency: values.agency, agencyKind: kind as AgencyKind | undefined }, actor);
        print(`${user.name} <${user.email}> is a SYSTEM_ADMIN.`);
        print(`They sign in with a token whose subject is ${user.email} (from your identity provider, or: npm run token -- ${user.email}).`);
        print(`Next: load your partnerships, agencies and staff:  npm run admin -- load my-county.yaml   (src/demo/kent.yaml is an example)`);
        return 0;
      }
      case "load": {
        const file = positionals[0];
        if (!file || positionals.length > 1) return usage(print, "load needs one FILE");
        let text: string;
        try {
          text = fs.readFileSync(file, "utf8");
        } catch (err) {
          print(`${file}: cannot be read: ${(err as Error).message}`);
          return 1;
        }
        const read = performance.now();
        const setup = parseSetupFile(text, file);
        const started = performance.now();
        let summary: LoadSummary;
        try {
          summary = await ds.transaction(async tx => {
            const s = await applySetup(tx, setup, actor, file);
            if (values.check) throw new CheckOnly(s);
            return s;
          });
        } catch (err) {
          if (!(err instanceof CheckOnly)) throw err;
          print(`${file}: no problems; loading it would do this (nothing was loaded):\n${describe(err.summary)}`);
          return 0;
        }
        print(`${file}: read and checked in ${Math.round(started - read)} ms, loaded in ${Math.round(performance.now() - started)} ms\n${describe(summary)}`);
        return 0;
      }
      case "deactivate": {
        if (positionals.length !== 1 || !values.reason) return usage(print, "deactivate needs EMAIL and --reason");
        const user = await deactivateByEmail(ds, positionals[0]!, values.reason, actor);
        print(`${user.name} <${user.email}> is deactivated: refused from their next request.`);
        return 0;
      }
      case "reactivate": {
        if (positionals.length !== 1) return usage(print, "reactivate needs EMAIL");
        const user = await reactivateByEmail(ds, positionals[0]!, actor);
        print(`${user.name} <${user.email}> is active again.`);
        return 0;
      }
      case undefined:
      case "help":
      case "--help":
        print(USAGE);
        return command === undefined ? 2 : 0;
      default:
        return usage(print, `unknown command: ${command}`);
    }
  } catch (err) {
    if (err instanceof SetupFileError || err instanceof OperatorError) {
      print(err.message);
      return 1;
    }
    throw err;
  }
}

function usage(print: (line: string) => void, problem: string): number {
  print(`${problem}\n\n${USAGE}`);
  return 2;
}
