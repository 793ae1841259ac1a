import { verifyAuditChain } from "../../src/modules/audit/audit.verify";
import { agencyId, maidstoneApplication, submitCase } from "../helpers/applications";
import { codes, createCase, S } from "../helpers/fixtures";
import { everyRow } from "../helpers/fingerprint";
import { startHarness, U, type Harness } from "../helpers/harness";

/**
 * ACCESS.md "Administration" through the API: the staff directory, the rules on giving and taking
 * roles, deactivation, and administrators seeing no case data. Every refusal changes nothing.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const CREATE = `mutation ($i: CreateStaffUserInput!) { createStaffUser(input: $i) { id name email roles active agency { name } } }`;
const ROLES = `mutation ($id: ID!, $r: [Role!]!) { setStaffRoles(id: $id, roles: $r) { id roles } }`;
const DEACTIVATE = `mutation ($id: ID!, $why: String!) { deactivateStaffUser(id: $id, reason: $why) { id active } }`;
const DIRECTORY = `query ($f: StaffUserFilter, $first: Int, $after: String) {
  staffUsers(filter: $f, first: $first, after: $after) { edges { cursor node { id name email roles active agency { name } } } pageInfo { hasNextPage endCursor } }
}`;
const uid = (email: string) => h.ref.users.get(email)!.id;

/** Runs a call expected to be refused with `code`; the whole database is exactly as it was. */
async function refused(code: string, as: string | null, query: string, variables: Record<string, unknown>): Promise<string> {
  const before = await everyRow(h.ds);
  const res = await h.gql(as, query, variables);
  expect({ as, codes: codes(res) }).toEqual({ as, codes: [code] });
  expect(await everyRow(h.ds)).toBe(before);
  return res.errors![0]!.message;
}

let serial = 0;
const newEmail = (agency = "maidstone.gov.uk") => `person.${++serial}@${agency}`;

describe("the staff directory", () => {
  it("a CSP officer sees name, agency and roles of the active staff of agencies serving their partnerships, never e-mail addresses", async () => {
    const res = await h.gql(U.cspMaidstone, DIRECTORY, { first: 100 });
    const nodes = res.data.staffUsers.edges.map((e: any) => e.node);
    const agencies = [...new Set(nodes.map((n: any) => n.agency.name))].sort();
    // Agencies that serve Maidstone; not Ashford's or Tonbridge and Malling's councils.
    expect(agencies).toEqual([
      "Clarion Housing",
      "Golding Homes",
      "Kent Police",
      "Maidstone Borough Council",
      "NHS Kent and Medway Integrated Care Board",
      "Office of the Kent Police and Crime Commissioner",
    ]);
    // Only their own.
    expect(nodes.map((n: any) => n.email).filter((e: unknown) => e !== null)).toEqual([U.cspMaidstone]);
    expect(new Set(res.errors!.map(e => e.extensions!.code))).toEqual(new Set(["FORBIDDEN"]));
    expect(res.errors!.every(e => e.path![e.path!.length - 1] === "email")).toBe(true);
    expect(nodes.find((n: any) => n.name === "David Reid")).toMatchObject({ roles: ["PANEL_CHAIR"], agency: { name: "Maidstone Borough Council" } });
  });

  it("filters by role, partnership, agency and name, by pages in name order", async () => {
    const chairs = await h.ok(U.cspMaidstone, DIRECTORY.replace(" email", ""), { f: { role: "PANEL_CHAIR" } });
    expect(chairs.staffUsers.edges.map((e: any) => e.node.name)).toEqual(["David Reid"]);
    const police = await h.ok(U.chair, DIRECTORY.replace(" email", ""), { f: { agencyId: agencyId(h, "Kent Police") } });
    expect(police.staffUsers.edges.map((e: any) => e.node.name)).toEqual(["PC Sam Clarke"]);
    const ashford = await h.ok(U.cspAshford, DIRECTORY.replace(" email", ""), { f: { partnershipId: h.ref.partnerships.get("KENT-ASHFORD")!.id, search: "ELL" } });
    expect(ashford.staffUsers.edges.map((e: any) => e.node.name).sort()).toEqual(["Chris Bell", "Mark Ellis"]);
    // A partnership the caller does not serve gives nobody (rows are chosen in SQL by scope).
    const other = await h.ok(U.cspAshford, DIRECTORY.replace(" email", ""), { f: { partnershipId: h.ref.partnerships.get("KENT-TONBRIDGE-MALLING")!.id, agencyId: agencyId(h, "Tonbridge and Malling Borough Council") } });
    expect(other.staffUsers.edges).toEqual([]);
    // Pages: two at a time, each after the last, the same people as one page.
    const all = (await h.ok(U.cspMaidstone, DIRECTORY.replace(" email", ""), { first: 100 })).staffUsers.edges.map((e: any) => e.node.id);
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await h.ok(U.cspMaidstone, DIRECTORY.replace(" email", ""), { first: 2, after })).staffUsers;
      paged.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(all);
    expect(codes(await h.gql(U.cspMaidstone, DIRECTORY, { after: "not-a-cursor" }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("a CSP officer cannot find people by e-mail address; their agency's administrator can", async () => {
    const csp = await h.ok(U.cspMaidstone, DIRECTORY.replace(" email", ""), { f: { search: "asb.team" } });
    expect(csp.staffUsers.edges).toEqual([]);
    const admin = await h.ok(U.agencyAdmin, DIRECTORY, { f: { search: "asb.team" } });
    expect(admin.staffUsers.edges.map((e: any) => e.node.email)).toEqual(["asb.team@maidstone.gov.uk"]);
  });

  it("an AGENCY_ADMIN sees their own agency's staff with e-mail addresses, deactivated ones too", async () => {
    const res = await h.ok(U.agencyAdmin, DIRECTORY, { first: 100 });
    const nodes = res.staffUsers.edges.map((e: any) => e.node);
    expect(new Set(nodes.map((n: any) => n.agency.name))).toEqual(new Set(["Maidstone Borough Council"]));
    expect(nodes.map((n: any) => n.email).sort()).toEqual(
      ["asb.team@maidstone.gov.uk", "csp.officer@maidstone.gov.uk", "it.admin@maidstone.gov.uk", "panel.chair@maidstone.gov.uk"].sort(),
    );
  });

  it.each([
    ["police", U.police],
    ["council officer", U.councilMaidstone],
    ["housing", U.housingGolding],
    ["health", U.health],
    ["reviewer", U.reviewer],
    ["analyst", U.analyst],
  ])("nobody else lists staff: %s is refused", async (_who, email) => {
    expect(codes(await h.gql(email, DIRECTORY, {}))).toEqual(["FORBIDDEN"]);
  });

  it("the public is asked to sign in", async () => {
    expect(codes(await h.gql(null, DIRECTORY, {}))).toEqual(["UNAUTHENTICATED"]);
  });

  it("a SYSTEM_ADMIN lists every account, of every agency, with e-mail addresses (they deactivate anyone, so they find anyone)", async () => {
    const res = await h.ok(U.systemAdmin, DIRECTORY, { first: 100 });
    const emails = res.staffUsers.edges.map((e: any) => e.node.email);
    expect(emails).toEqual(expect.arrayContaining([U.police, U.councilAshford, U.reviewer, U.systemAdmin, U.agencyAdmin]));
    const byEmail = await h.ok(U.systemAdmin, DIRECTORY, { f: { search: "kent.police" } });
    expect(byEmail.staffUsers.edges.map((e: any) => e.node.email)).toEqual([U.police]);
  });

  it("staffUser(id): one account for its administrators; NOT_FOUND for anyone else's, FORBIDDEN for other roles", async () => {
    const ONE = `query ($id: ID!) { staffUser(id: $id) { id name email active deactivatedAt deactivationReason agency { name } } }`;
    expect((await h.ok(U.systemAdmin, ONE, { id: uid(U.police) })).staffUser).toMatchObject({ email: U.police, active: true, deactivationReason: null });
    expect((await h.ok(U.agencyAdmin, ONE, { id: uid(U.councilMaidstone) })).staffUser).toMatchObject({ email: U.councilMaidstone });
    expect(codes(await h.gql(U.agencyAdmin, ONE, { id: uid(U.police) }))).toEqual(["NOT_FOUND"]);
    expect(codes(await h.gql(U.agencyAdmin, ONE, { id: "not-an-id" }))).toEqual(["NOT_FOUND"]);
    for (const email of [U.cspMaidstone, U.chair, U.police, U.analyst, U.reviewer]) {
      expect({ email, codes: codes(await h.gql(email, ONE, { id: uid(U.councilMaidstone) })) }).toEqual({ email, codes: ["FORBIDDEN"] });
    }
    expect(codes(await h.gql(null, ONE, { id: uid(U.police) }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("costs the same statements for 5 people as for 50 (agencies and partnerships through loaders)", async () => {
    const q = `query ($first: Int) { staffUsers(first: $first) { edges { node { name roles agency { name partnerships { code } } } } } }`;
    const few = await h.gql(U.cspMaidstone, q, { first: 2 });
    const many = await h.gql(U.cspMaidstone, q, { first: 50 });
    expect(many.data.staffUsers.edges.length).toBeGreaterThan(few.data.staffUsers.edges.length);
    expect(many.statements).toBe(few.statements);
  });
});

describe("giving and taking roles", () => {
  it("a SYSTEM_ADMIN sets up an agency and its first AGENCY_ADMIN, who adds the staff; both are audited in the chain", async () => {
    const agency = (
      await h.ok(U.systemAdmin, `mutation ($i: CreateAgencyInput!) { createAgency(input: $i) { id name partnerships { code } } }`, {
        i: { name: "Maidstone Community Trust", kind: "OTHER", partnershipIds: [] },
      })
    ).createAgency;
    expect(agency.partnerships).toEqual([]);
    const first = (await h.ok(U.systemAdmin, CREATE, { i: { name: "Tess Admin", email: "tess@trust.example", agencyId: agency.id, roles: ["AGENCY_ADMIN"] } })).createStaffUser;
    expect(first).toMatchObject({ email: "tess@trust.example", roles: ["AGENCY_ADMIN"], active: true });
    // A second AGENCY_ADMIN is the agency's own business.
    await refused("FORBIDDEN", U.systemAdmin, CREATE, { i: { name: "Another", email: "another@trust.example", agencyId: agency.id, roles: ["AGENCY_ADMIN"] } });
    // The agency serves no partnership yet: no CSP officer or chair there.
    const msg = await refused("BAD_USER_INPUT", "tess@trust.example", CREATE, { i: { name: "Cal", email: "cal@trust.example", agencyId: agency.id, roles: ["CSP_OFFICER"] } });
    expect(msg).toMatch(/CSP_OFFICER only in an agency that serves a partnership/);
    const officer = (await h.ok("tess@trust.example", CREATE, { i: { name: "Olly Officer", email: "olly@trust.example", agencyId: agency.id, roles: ["AGENCY_OFFICER"] } })).createStaffUser;
    expect(officer.agency.name).toBe("Maidstone Community Trust");
    // Once it serves Maidstone, it may have CSP officers.
    await h.ok(U.systemAdmin, `mutation ($a: ID!, $p: [ID!]!) { setAgencyPartnerships(agencyId: $a, partnershipIds: $p) { id } }`, { a: agency.id, p: [h.ref.partnerships.get("KENT-MAIDSTONE")!.id] });
    expect((await h.ok("tess@trust.example", ROLES, { id: officer.id, r: ["AGENCY_OFFICER", "CSP_OFFICER"] })).setStaffRoles.roles).toEqual(["AGENCY_OFFICER", "CSP_OFFICER"]);
    // It cannot stop serving every partnership while it has a CSP officer.
    await refused("CONFLICT", U.systemAdmin, `mutation ($a: ID!) { setAgencyPartnerships(agencyId: $a, partnershipIds: []) { id } }`, { a: agency.id });

    const audit = await h.ds.query(`SELECT operation, actor, agency_name AS "agencyName" FROM audit_entry WHERE case_review_id IS NULL AND actor IN ('Morgan Price', 'Tess Admin') ORDER BY id`);
    expect(audit).toEqual([
      { operation: "createAgency", actor: "Morgan Price", agencyName: "Office of the Kent Police and Crime Commissioner" },
      { operation: "createStaffUser", actor: "Morgan Price", agencyName: "Office of the Kent Police and Crime Commissioner" },
      { operation: "createStaffUser", actor: "Tess Admin", agencyName: "Maidstone Community Trust" },
      { operation: "setAgencyPartnerships", actor: "Morgan Price", agencyName: "Office of the Kent Police and Crime Commissioner" },
      { operation: "setStaffRoles", actor: "Tess Admin", agencyName: "Maidstone Community Trust" },
    ]);
    expect((await verifyAuditChain(h.ds)).broken).toBeNull();
  });

  it("nobody grants themselves a role", async () => {
    const msg = await refused("FORBIDDEN", U.agencyAdmin, ROLES, { id: uid(U.agencyAdmin), r: ["AGENCY_ADMIN", "CSP_OFFICER"] });
    expect(msg).toMatch(/Nobody grants themselves a role \(CSP_OFFICER\)/);
    await refused("FORBIDDEN", U.systemAdmin, ROLES, { id: uid(U.systemAdmin), r: ["SYSTEM_ADMIN", "AGENCY_ADMIN"] });
  });

  it("an AGENCY_ADMIN never gives SYSTEM_ADMIN, and reaches only their own agency's staff", async () => {
    await refused("FORBIDDEN", U.agencyAdmin, ROLES, { id: uid(U.councilMaidstone), r: ["AGENCY_OFFICER", "SYSTEM_ADMIN"] });
    await refused("NOT_FOUND", U.agencyAdmin, ROLES, { id: uid(U.police), r: ["ANALYST"] });
    await refused("FORBIDDEN", U.agencyAdmin, CREATE, { i: { name: "X", email: newEmail("kent.police.uk"), agencyId: agencyId(h, "Kent Police"), roles: [] } });
    await refused("NOT_FOUND", U.agencyAdmin, ROLES, { id: "not-an-id", r: [] });
  });

  it("a SYSTEM_ADMIN gives no case role: the agency's own administrators do", async () => {
    await refused("FORBIDDEN", U.systemAdmin, ROLES, { id: uid(U.councilMaidstone), r: ["AGENCY_OFFICER", "CSP_OFFICER"] });
  });

  it("the last SYSTEM_ADMIN keeps the role and cannot be deactivated; with a second one, the role can move", async () => {
    const msg = await refused("CONFLICT", U.systemAdmin, ROLES, { id: uid(U.systemAdmin), r: [] });
    expect(msg).toMatch(/last active SYSTEM_ADMIN/);
    await refused("FORBIDDEN", U.systemAdmin, DEACTIVATE, { id: uid(U.systemAdmin), why: "Leaving" });
    const second = (await h.ok(U.systemAdmin, CREATE, { i: { name: "Sam Second", email: "second.operator@kent-pcc.gov.uk", agencyId: agencyId(h, "Office of the Kent Police and Crime Commissioner"), roles: ["SYSTEM_ADMIN"] } })).createStaffUser;
    // The second takes the role from the first; now the second is the last.
    await h.ok("second.operator@kent-pcc.gov.uk", ROLES, { id: uid(U.systemAdmin), r: [] });
    await refused("CONFLICT", "second.operator@kent-pcc.gov.uk", ROLES, { id: second.id, r: [] });
    await refused("FORBIDDEN", U.systemAdmin, ROLES, { id: second.id, r: [] }); // no longer an administrator
    await h.ok("second.operator@kent-pcc.gov.uk", ROLES, { id: uid(U.systemAdmin), r: ["SYSTEM_ADMIN"] });
  });

  it("refuses bad input with the field named, changing nothing", async () => {
    await refused("BAD_USER_INPUT", U.agencyAdmin, CREATE, { i: { name: "X", email: "not-an-email", agencyId: agencyId(h, "Maidstone Borough Council"), roles: [] } });
    await refused("CONFLICT", U.agencyAdmin, CREATE, { i: { name: "X", email: "ASB.TEAM@maidstone.gov.uk", agencyId: agencyId(h, "Maidstone Borough Council"), roles: [] } });
    await refused("BAD_USER_INPUT", U.systemAdmin, `mutation { createPartnership(input: { code: "kent maidstone", name: "X" }) { id } }`, {});
    await refused("CONFLICT", U.systemAdmin, `mutation { createPartnership(input: { code: "KENT-MAIDSTONE", name: "X" }) { id } }`, {});
    await refused("BAD_USER_INPUT", U.systemAdmin, `mutation { createPartnership(input: { code: "KENT-NEW", name: "X", policy: { minimumQualifyingComplaints: 4 } }) { id } }`, {});
    await refused("CONFLICT", U.systemAdmin, `mutation ($i: CreateAgencyInput!) { createAgency(input: $i) { id } }`, { i: { name: "Kent Police", kind: "POLICE" } });
    await refused("BAD_USER_INPUT", U.systemAdmin, `mutation ($i: CreateAgencyInput!) { createAgency(input: $i) { id } }`, { i: { name: "New", kind: "OTHER", partnershipIds: ["00000000-0000-4000-8000-000000000000"] } });
  });

  it("a SYSTEM_ADMIN changes a partnership's name, areas and contact details", async () => {
    const [p] = await h.ds.query(`INSERT INTO partnership (code, name) VALUES ('KENT-DOVER', 'Dover CSP') RETURNING id`);
    const res = await h.ok(U.systemAdmin, `mutation ($id: ID!) { updatePartnership(id: $id, input: { name: "Dover Community Safety Partnership", areas: ["Dover", "Deal"], contactEmail: "csp@dover.gov.uk" }) { code name areas contactEmail } }`, { id: p.id });
    expect(res.updatePartnership).toEqual({ code: "KENT-DOVER", name: "Dover Community Safety Partnership", areas: ["Dover", "Deal"], contactEmail: "csp@dover.gov.uk" });
    const [row] = await h.ds.query(`SELECT detail FROM audit_entry WHERE operation = 'updatePartnership' ORDER BY id DESC LIMIT 1`);
    expect(row.detail.changed.name).toEqual({ from: "Dover CSP", to: "Dover Community Safety Partnership" });
  });
});

describe("deactivation", () => {
  it("refuses the user from their next request, with a clear message; what they did stays attributed to them", async () => {
    // Maidstone's administrator adds a panel chair, who is named on a panel.
    const chair = (await h.ok(U.agencyAdmin, CREATE, { i: { name: "Dee Chair", email: newEmail(), agencyId: agencyId(h, "Maidstone Borough Council"), roles: ["PANEL_CHAIR"] } })).createStaffUser;
    expect((await h.ok(chair.email, `{ me { name } }`)).me.name).toBe("Dee Chair");
    const { id: caseReviewId } = await createCase(h, { status: S.PANEL_SCHEDULED, chair: chair.email });

    await h.ok(U.agencyAdmin, DEACTIVATE, { id: chair.id, why: "Left the council" });
    const res = await h.gql(chair.email, `{ me { name } }`);
    expect(res.status).toBe(401);
    expect(res.errors![0]).toMatchObject({ extensions: { code: "UNAUTHENTICATED" }, message: expect.stringMatching(/^Your account was deactivated on \d{4}-\d\d-\d\d: ask your agency's administrator/) });
    const panel = await h.ok(U.cspMaidstone, `query ($c: ID!) { caseReview(id: $c) { panel { chair { name active } } } }`, { c: caseReviewId });
    expect(panel.caseReview.panel.chair).toEqual({ name: "Dee Chair", active: false });
    // Not offered in the directory any more; still in their administrator's list.
    const picked = await h.ok(U.cspMaidstone, DIRECTORY.replace(" email", ""), { f: { search: "Dee Chair" } });
    expect(picked.staffUsers.edges).toEqual([]);
    const admin = await h.ok(U.agencyAdmin, DIRECTORY, { f: { search: "Dee Chair" } });
    expect(admin.staffUsers.edges.map((e: any) => e.node.active)).toEqual([false]);
    // Reactivated, they are back.
    await h.ok(U.agencyAdmin, `mutation ($id: ID!) { reactivateStaffUser(id: $id) { active } }`, { id: chair.id });
    expect((await h.ok(chair.email, `{ me { name } }`)).me.name).toBe("Dee Chair");
  });
});

describe("administrators see no case data unless they also hold a case role", () => {
  it.each([
    ["system administrator", U.systemAdmin],
    ["agency administrator", U.agencyAdmin],
  ])("%s: no cases, no figures, no inbox", async (_who, email) => {
    const { caseReviewId } = await submitCase(h, maidstoneApplication(h));
    expect((await h.ok(email, `{ caseReviews(first: 100) { edges { node { id } } } }`)).caseReviews.edges).toEqual([]);
    expect(codes(await h.gql(email, `query ($id: ID!) { caseReview(id: $id) { id } }`, { id: caseReviewId }))).toEqual(["NOT_FOUND"]);
    expect(codes(await h.gql(email, `{ caseReviewStatistics(financialYear: "2025/26") { applicationsReceived } }`))).toEqual(["FORBIDDEN"]);
    expect(codes(await h.gql(email, `{ myRecommendations { edges { node { id } } } }`))).toEqual(["FORBIDDEN"]);
    expect(codes(await h.gql(email, `query ($id: ID!) { auditTrail(caseReviewId: $id) { operation } }`, { id: caseReviewId }))).toEqual(["NOT_FOUND"]);
  });

  it("an e-mail address is shown to the person themselves", async () => {
    expect((await h.ok(U.cspMaidstone, `{ me { email } }`)).me.email).toBe(U.cspMaidstone);
  });
});
