import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runAdminCommand } from "../../src/admin/commands";
import { operatorActor } from "../../src/admin/operator";
import { parseSetupFile, SetupFileError } from "../../src/admin/setup-file";
import { DEMO_SETUP_FILE, DEMO_USERS } from "../../src/demo/demo-data";
import { everyRow as fingerprint } from "../helpers/fingerprint";
import { startHarness, type Harness } from "../helpers/harness";

/**
 * The operator's set-up file and command line (issue 12, "Administration"), against a database of
 * this file's own, through the same function `npm run admin` runs. The Kent demo file is the first
 * and best test of the loader.
 */

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness({ reference: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "asb-setup-"));
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const actor = operatorActor("npm run admin");
async function admin(...argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runAdminCommand(argv, h.ds, actor, l => lines.push(l));
  return { code, out: lines.join("\n") };
}
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

const everyRow = () => fingerprint(h.ds);
const count = async (table: string) => (await h.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

describe("the Kent demo file, loaded as an operator loads a county's", () => {
  it("loads partnerships, agencies, whom they serve and staff with roles, audited as the operator", async () => {
    const res = await admin("load", DEMO_SETUP_FILE);
    expect(res).toMatchObject({ code: 0 });
    expect(res.out).toMatch(/partnerships +3 created, 0 updated, 0 unchanged/);
    expect(res.out).toMatch(/agencies +9 created, 0 updated, 0 unchanged/);
    expect(res.out).toMatch(new RegExp(`staff +${DEMO_USERS.length} created, 0 updated, 0 unchanged`));
    const ashford = (await h.ds.query(`SELECT policy_community_route_minimum_reporters AS r, areas, contact_phone FROM partnership WHERE code = 'KENT-ASHFORD'`))[0];
    expect(ashford).toEqual({ r: 5, areas: ["Ashford", "Tenterden", "Charing", "Wye", "Hamstreet"], contact_phone: "01233 331111" });
    const serves = await h.ds.query(`SELECT count(*)::int AS n FROM agency_partnership ap JOIN agency a ON a.id = ap.agency_id WHERE a.name = 'Kent Police'`);
    expect(serves[0].n).toBe(3);
    const audit = await h.ds.query(`SELECT DISTINCT actor, operation FROM audit_entry ORDER BY operation`);
    expect(audit.map((r: any) => r.operation)).toEqual(["createAgency", "createPartnership", "createStaffUser", "setAgencyPartnerships"]);
    expect(audit.every((r: any) => r.actor.startsWith("the operator (npm run admin, "))).toBe(true);
  });

  it("loading the same file again changes nothing, not even the audit trail", async () => {
    const before = await everyRow();
    const res = await admin("load", DEMO_SETUP_FILE);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/partnerships +0 created, 0 updated, 3 unchanged/);
    expect(res.out).toMatch(new RegExp(`staff +0 created, 0 updated, ${DEMO_USERS.length} unchanged`));
    expect(await everyRow()).toBe(before);
  });

  it("a changed file changes exactly what changed: roles as listed, whom an agency serves", async () => {
    const text = fs
      .readFileSync(DEMO_SETUP_FILE, "utf8")
      .replace("roles: [PANEL_CHAIR] }", "roles: [PANEL_CHAIR, AGENCY_OFFICER] }")
      .replace("{ name: Clarion Housing, kind: HOUSING_PROVIDER, serves: [KENT-ASHFORD, KENT-MAIDSTONE] }", "{ name: Clarion Housing, kind: HOUSING_PROVIDER, serves: [KENT-ASHFORD] }");
    const res = await admin("load", file("changed.yaml", text));
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/agencies +0 created, 1 updated, 8 unchanged/);
    expect(res.out).toMatch(/staff +0 created, 1 updated/);
    const chair = (await h.ds.query(`SELECT roles::text[] AS roles FROM staff_user WHERE email = 'panel.chair@maidstone.gov.uk'`))[0];
    expect(chair.roles).toEqual(["PANEL_CHAIR", "AGENCY_OFFICER"]);
    const ops = await h.ds.query(`SELECT operation, detail FROM audit_entry ORDER BY id DESC LIMIT 2`);
    expect(ops.map((o: any) => o.operation).sort()).toEqual(["setAgencyPartnerships", "setStaffRoles"]);
    // And back, as the demo file says.
    expect((await admin("load", DEMO_SETUP_FILE)).code).toBe(0);
  });

  it("--check reads and checks the file against the database and loads nothing", async () => {
    const before = await everyRow();
    const text = fs.readFileSync(DEMO_SETUP_FILE, "utf8") + "  - { name: New Person, email: new.person@maidstone.gov.uk, agency: Maidstone Borough Council, roles: [AGENCY_OFFICER] }\n";
    const res = await admin("load", file("check.yaml", text), "--check");
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/nothing was loaded/);
    expect(res.out).toMatch(/staff +1 created/);
    expect(await everyRow()).toBe(before);
  });
});

describe("a file with problems loads nothing, and every problem names its line and field", () => {
  const GOOD = `partnerships:
  - code: TEST-ONE
    name: Test One Community Safety Partnership
agencies:
  - name: Test Council
    kind: COUNCIL
    serves: [TEST-ONE]
  - name: Test Charity
    kind: OTHER
staff:
  - name: Ann Example
    email: ann@test.example
    agency: Test Council
    roles: [CSP_OFFICER]
`;

  it.each([
    ["a role that does not exist", GOOD.replace("roles: [CSP_OFFICER]", "roles: [CSP_OFICER]"), 14, "staff[0].roles", /CSP_OFICER is not a role/],
    ["a misspelt field", GOOD.replace("    kind: OTHER", "    kinds: OTHER"), 9, "agencies[1].kinds", /is not a field here/],
    ["a missing name", GOOD.replace("    name: Test One Community Safety Partnership\n", ""), 2, "partnerships[0].name", /is required/],
    ["a bad e-mail address", GOOD.replace("ann@test.example", "ann.test.example"), 12, "staff[0].email", /not an e-mail address/],
    ["a bad partnership code", GOOD.replace("code: TEST-ONE", "code: test one"), 2, "partnerships[0].code", /capital letters/],
    ["an agency kind that does not exist", GOOD.replace("kind: COUNCIL", "kind: COUNCILS"), 6, "agencies[0].kind", /must be one of/],
    ["a policy above the law's maximum", GOOD.replace("    name: Test One Community Safety Partnership\n", "    name: Test One\n    policy:\n      minimumQualifyingComplaints: 4\n"), 5, "partnerships[0].policy.minimumQualifyingComplaints", /the law sets 3/],
  ])("%s (checked before the database)", async (_what, text, line, field, message) => {
    const before = await everyRow();
    const res = await admin("load", file("bad.yaml", text));
    expect(res.code).toBe(1);
    expect(res.out).toContain("nothing was loaded");
    expect(res.out).toContain(`line ${line}, ${field}: `);
    expect(res.out).toMatch(message);
    expect(await everyRow()).toBe(before);
  });

  it.each([
    ["an agency nobody created", GOOD.replace("agency: Test Council", "agency: Test Counsil"), 13, "staff[0].agency", /no agency named "Test Counsil"/],
    ["a partnership nobody created", GOOD.replace("serves: [TEST-ONE]", "serves: [TEST-TWO]"), 7, "agencies[0].serves", /no partnership with code TEST-TWO/],
    ["a CSP officer in an agency that serves no partnership", GOOD.replace("agency: Test Council", "agency: Test Charity"), 14, "staff[0].roles", /CSP_OFFICER only in an agency that serves a partnership/],
  ])("%s (checked against the database, in the transaction that is rolled back)", async (_what, text, line, field, message) => {
    const before = await everyRow();
    const res = await admin("load", file("bad.yaml", text));
    expect(res.code).toBe(1);
    expect(res.out).toContain(`line ${line}, ${field}: `);
    expect(res.out).toMatch(message);
    expect(await everyRow()).toBe(before);
  });

  it("lists every problem at once, and a duplicate names the line of the first", () => {
    const text = GOOD + "  - { name: Ann Again, email: ANN@test.example, agency: Test Council, roles: [ANALYST, SUPERUSER] }\n";
    let error: SetupFileError | undefined;
    try {
      parseSetupFile(text, "two.yaml");
    } catch (err) {
      error = err as SetupFileError;
    }
    expect(error).toBeInstanceOf(SetupFileError);
    expect(error!.problems).toEqual([{ line: 15, field: "staff[1].roles", message: expect.stringMatching(/SUPERUSER is not a role/) }]);
    const dup = GOOD + "  - { name: Ann Again, email: ANN@test.example, agency: Test Council, roles: [ANALYST] }\n";
    expect(() => parseSetupFile(dup, "dup.yaml")).toThrow(/line 15, staff\[1\]\.email: the same e-mail address as line 12/);
    expect(() => parseSetupFile("staff: [\n", "broken.yaml")).toThrow(/broken\.yaml: 1 problem/);
  });

  it("keeps a telephone number as written (a leading zero is not a number)", () => {
    const setup = parseSetupFile(GOOD.replace("    name: Test One Community Safety Partnership\n", "    name: Test One\n    contactPhone: 01622602000\n"));
    expect(setup.partnerships[0]!.contactPhone).toBe("01622602000");
  });

  it("refuses a file that would take the role from the last SYSTEM_ADMIN", async () => {
    const text = fs.readFileSync(DEMO_SETUP_FILE, "utf8").replace("roles: [SYSTEM_ADMIN] }", "roles: [] }");
    const before = await everyRow();
    const res = await admin("load", file("no-admin.yaml", text));
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/staff\[12\]\.roles: this would remove the last SYSTEM_ADMIN/);
    expect(await everyRow()).toBe(before);
  });
});

describe("the operator's other commands", () => {
  it("create-system-admin is refused once there is an active SYSTEM_ADMIN", async () => {
    const res = await admin("create-system-admin", "--name", "Second Operator", "--email", "second@kent.example", "--agency", "Kent County Council Digital");
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/There is already an active SYSTEM_ADMIN/);
    expect(await count(`staff_user WHERE email = 'second@kent.example'`)).toBe(0);
  });

  it("deactivate and reactivate by e-mail, audited as the operator; never the last SYSTEM_ADMIN", async () => {
    const off = await admin("deactivate", "asb@clarionhg.com", "--reason", "Left Clarion Housing");
    expect(off).toMatchObject({ code: 0 });
    const row = (await h.ds.query(`SELECT active, deactivation_reason FROM staff_user WHERE email = 'asb@clarionhg.com'`))[0];
    expect(row).toEqual({ active: false, deactivation_reason: "Left Clarion Housing" });
    expect((await admin("deactivate", "asb@clarionhg.com", "--reason", "Again")).out).toMatch(/already deactivated/);
    expect((await admin("reactivate", "asb@clarionhg.com")).code).toBe(0);
    const last = await admin("deactivate", "platform.admin@kent-pcc.gov.uk", "--reason", "Leaving");
    expect(last.code).toBe(1);
    expect(last.out).toMatch(/last active SYSTEM_ADMIN/);
    const audit = await h.ds.query(`SELECT operation, actor, actor_id FROM audit_entry WHERE operation IN ('deactivateStaffUser', 'reactivateStaffUser') ORDER BY id`);
    expect(audit.map((a: any) => [a.operation, a.actor_id])).toEqual([["deactivateStaffUser", null], ["reactivateStaffUser", null]]);
    expect(audit[0].actor).toMatch(/^the operator \(npm run admin, /);
  });

  it("unknown commands and missing arguments print the usage (exit 2)", async () => {
    expect((await admin("frobnicate")).code).toBe(2);
    expect((await admin("deactivate", "x@y.z")).out).toMatch(/needs EMAIL and --reason/);
    expect((await admin("load")).code).toBe(2);
  });
});

describe("on an empty database", () => {
  let e: Harness;
  beforeAll(async () => {
    e = await startHarness({ reference: false });
  });
  afterAll(() => e.close());

  it("create-system-admin makes the first administrator, and their organisation, who signs in and sees no case", async () => {
    const lines: string[] = [];
    const code = await runAdminCommand(
      ["create-system-admin", "--name", "Olu Operator", "--email", "olu@digital.kent.example", "--agency", "Kent County Council Digital Services"],
      e.ds,
      actor,
      l => lines.push(l),
    );
    expect(code).toBe(0);
    expect(lines.join("\n")).toMatch(/is a SYSTEM_ADMIN/);
    const me = await e.ok("olu@digital.kent.example", `{ me { name roles agency { name kind partnerships { code } } } caseReviews(first: 5) { edges { node { id } } } }`);
    expect(me.me).toEqual({ name: "Olu Operator", roles: ["SYSTEM_ADMIN"], agency: { name: "Kent County Council Digital Services", kind: "OTHER", partnerships: [] } });
    expect(me.caseReviews.edges).toEqual([]);
    const again = await runAdminCommand(["create-system-admin", "--name", "X", "--email", "x@y.example", "--agency", "Z"], e.ds, actor, () => {});
    expect(again).toBe(1);
  });
});

describe("a county's staff file of 1,000 people", () => {
  it("loads in one transaction, and loading it again changes nothing (timings printed, not asserted)", async () => {
    const agencies = ["Kent Police", "Maidstone Borough Council", "Ashford Borough Council", "Golding Homes", "NHS Kent and Medway Integrated Care Board"];
    const roles = ["AGENCY_OFFICER", "AGENCY_OFFICER", "AGENCY_OFFICER", "ANALYST", "CSP_OFFICER"];
    const lines = ["staff:"];
    for (let i = 0; i < 1000; i++) {
      const agency = agencies[i % agencies.length]!;
      const role = agency === "Kent Police" || agency.startsWith("NHS") || agency === "Golding Homes" ? "AGENCY_OFFICER" : roles[i % roles.length]!;
      lines.push(`  - { name: Person ${String(i).padStart(4, "0")} Example, email: person.${i}@county.example, agency: ${agency}, roles: [${role}] }`);
    }
    const f = file("county-1000.yaml", lines.join("\n") + "\n");
    const auditBefore = await count("audit_entry");

    const t1 = performance.now();
    const first = await admin("load", f);
    const firstMs = performance.now() - t1;
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/staff +1000 created, 0 updated, 0 unchanged/);
    expect(await count(`staff_user WHERE email LIKE 'person.%@county.example'`)).toBe(1000);
    expect((await count("audit_entry")) - auditBefore).toBe(1000);

    const before = await everyRow();
    const t2 = performance.now();
    const second = await admin("load", f);
    const secondMs = performance.now() - t2;
    expect(second.out).toMatch(/staff +0 created, 0 updated, 1000 unchanged/);
    expect(await everyRow()).toBe(before);
    console.log(`1,000 staff: first load ${Math.round(firstMs)} ms, second identical load ${Math.round(secondMs)} ms`);
  }, 120000);
});
