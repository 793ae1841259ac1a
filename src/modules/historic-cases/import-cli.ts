import "../../runtime";
import fs from "node:fs";
import { GraphQLError } from "graphql";
import type { DataSource } from "typeorm";
import { loadCaller } from "../../auth/caller";
import { commandFailed, withCommandDatabase } from "../../db/command-database";
import { Partnership } from "../partnerships/partnership.entity";
import { Role } from "../staff/staff-user.entity";
import type { RowProblem } from "../../app/errors";
import type { HistoricCaseReviewInput } from "./historic-case.input";
import { importHistoricCaseReviews } from "./historic-case.service";

/**
 * npm run import -- <file.json> --as <email of a CSP officer of the partnership>
 *
 * The same import as the importHistoricCaseReviews mutation, and the same check of who may do it:
 * the --as user must be active, a CSP_OFFICER, of an agency serving the file's partnership; the
 * import is audited as theirs. Safe beside a running server (withCommandDatabase). Exit codes:
 * 0 imported (or nothing new), 1 the file was refused (every bad row listed), 2 could not run.
 */
const USAGE = "usage: npm run import -- <file.json> --as <email of a CSP officer of the partnership>";

interface ImportFile {
  partnership: string;
  cases: HistoricCaseReviewInput[];
}

export function parseArgs(argv: string[]): { file: string; as: string } {
  const rest = [...argv];
  let as: string | undefined;
  const files: string[] = [];
  while (rest.length) {
    const a = rest.shift()!;
    if (a === "--as") as = rest.shift();
    else if (a.startsWith("--as=")) as = a.slice(5);
    else files.push(a);
  }
  if (files.length !== 1 || !as) throw new Error(USAGE);
  return { file: files[0]!, as };
}

export function readImportFile(file: string): ImportFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: is not JSON: ${(err as Error).message}`);
  }
  const f = data as Partial<ImportFile>;
  if (!f || typeof f !== "object" || typeof f.partnership !== "string" || !Array.isArray(f.cases)) {
    throw new Error(`${file}: must be an object { "partnership": "<code, e.g. KENT-MAIDSTONE>", "cases": [ ... ] } (README, "Historic cases")`);
  }
  return f as ImportFile;
}

/** Runs the import as `as`; the lines to print. Refusals throw, as the mutation does. */
export async function runImport(ds: DataSource, f: ImportFile, as: string) {
  const partnership = await ds.getRepository(Partnership).findOneBy({ code: f.partnership.trim().toUpperCase() });
  if (!partnership) throw new Error(`No partnership has the code ${f.partnership}: nothing was imported.`);
  const caller = await loadCaller(ds, as);
  if (!caller) throw new Error(`${as} is not an active staff user: nothing was imported.`);
  if (!caller.roles.includes(Role.CSP_OFFICER) || !caller.partnershipIds.includes(partnership.id)) {
    throw new Error(`${caller.email} is not a CSP officer of ${partnership.name}: historic cases are imported by a CSP officer into their own partnership. Nothing was imported.`);
  }
  return importHistoricCaseReviews(ds, caller, partnership.id, f.cases);
}

async function main() {
  let args: { file: string; as: string };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const f = readImportFile(args.file);
  const started = process.hrtime.bigint();
  await withCommandDatabase(async ds => {
    try {
      const result = await runImport(ds, f, args.as);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`${args.file}: ${result.imported} case(s) imported, ${result.alreadyImported} already imported before, in ${seconds.toFixed(1)} s.`);
      for (const c of result.cases) console.log(`  row ${c.row}\t${c.sourceReference}\t${c.reference}${c.alreadyImported ? "\t(already imported)" : ""}`);
    } catch (err) {
      const rows = err instanceof GraphQLError ? (err.extensions.rows as RowProblem[] | undefined) : undefined;
      if (!rows) throw err;
      console.error(`${args.file}: ${rows.length} of ${f.cases.length} rows have problems, so nothing was imported.`);
      for (const r of rows) {
        console.error(`  row ${r.row}${r.sourceReference ? ` (${r.sourceReference})` : ""}:`);
        for (const p of r.problems) console.error(`    ${p.field}: ${p.message}`);
      }
      process.exitCode = 1;
    }
  });
}

if (require.main === module) main().catch(commandFailed);
