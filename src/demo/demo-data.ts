/**
 * The Kent demo: the set-up file kent.yaml (partnerships, agencies, whom they serve, staff), loaded
 * exactly as an operator loads a county's file, then a few years of fictional cases.
 */
import fs from "node:fs";
import path from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import { applySetup } from "../admin/load-setup";
import { parseSetupFile, type SetupFile } from "../admin/setup-file";
import { Agency } from "../modules/agencies/agency.entity";
import type { Actor } from "../modules/audit/audit.service";
import { Partnership } from "../modules/partnerships/partnership.entity";
import { Role, StaffUser } from "../modules/staff/staff-user.entity";
import { loadDemoHistory } from "./demo-history";
import { loadDemoJourneys } from "./demo-journeys";

/** The project's root: src/demo under ts-node and jest, dist/src/demo once built. */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("cannot find the project's package.json above " + __dirname);
    dir = up;
  }
  return dir;
}

export const DEMO_SETUP_FILE = path.join(projectRoot(), "src", "demo", "kent.yaml");

let parsed: SetupFile | undefined;
/** The demo set-up file, read and checked once. */
export function demoSetup(): SetupFile {
  return (parsed ??= parseSetupFile(fs.readFileSync(DEMO_SETUP_FILE, "utf8"), path.relative(projectRoot(), DEMO_SETUP_FILE)));
}

const ROLE_WORDS: Record<Role, string> = {
  CSP_OFFICER: "CSP officer",
  PANEL_CHAIR: "panel chair",
  AGENCY_OFFICER: "agency officer",
  INDEPENDENT_REVIEWER: "independent reviewer (secondary reviews)",
  ANALYST: "analyst (statistics only)",
  SYSTEM_ADMIN: "system administrator (no case data)",
  AGENCY_ADMIN: "agency administrator (no case data)",
};

/** One user for every role of ACCESS.md; `npm run token -- <email>` signs in as any of them. */
export const DEMO_USERS: Array<{ name: string; email: string; agency: string; roles: Role[]; what: string }> = demoSetup().staff.map(s => ({
  name: s.name,
  email: s.email,
  agency: s.agency,
  roles: s.roles,
  what: `${s.roles.map(r => ROLE_WORDS[r]).join(", ")}, ${s.agency}`,
}));

/** The demo's rows by partnership code, agency name and staff e-mail, for the demo history and the tests. */
export interface ReferenceData {
  partnerships: Map<string, Partnership>;
  agencies: Map<string, Agency>;
  users: Map<string, StaffUser>;
}

const DEMO_ACTOR: Actor = { caller: null, label: "the system (demo set-up)" };

export async function hasReferenceData(ds: DataSource): Promise<boolean> {
  return (await ds.getRepository(Partnership).count()) > 0;
}

/** Loads the demo set-up file in the caller's transaction, as `npm run admin -- load` would. */
export async function loadReferenceData(tx: EntityManager): Promise<ReferenceData> {
  const setup = demoSetup();
  await applySetup(tx, setup, DEMO_ACTOR, path.basename(DEMO_SETUP_FILE));
  const partnerships = new Map((await tx.getRepository(Partnership).find()).map(p => [p.code, p]));
  const agencies = new Map((await tx.getRepository(Agency).find()).map(a => [a.name, a]));
  const users = new Map((await tx.getRepository(StaffUser).find()).map(u => [u.email, u]));
  return { partnerships, agencies, users };
}

/** Loads the demo data into an empty database, in one transaction: reference data, users and case history. */
export async function loadDemoData(ds: DataSource): Promise<boolean> {
  if (await hasReferenceData(ds)) return false;
  await ds.transaction(async tx => {
    const ref = await loadReferenceData(tx);
    // Three and a half financial years of cases, so the yearly figures mean something (not in the tests' reference data).
    await loadDemoHistory(tx, ref);
  });
  // Cases standing at every step today, played through the API by the demo users (after the commit:
  // each step runs in a transaction of its own, as a request would).
  await loadDemoJourneys(ds);
  return true;
}
