import "reflect-metadata";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient, type PageClient } from "../helpers/page-client";

/**
 * The console's staff pages (ACCESS.md "Administration"), over HTTP as a browser without
 * JavaScript sends them: the directory, adding someone, roles, deactivation, and the API's rules
 * shown as errors that keep what was typed and change nothing. Every change is read back through GraphQL.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const MEMBER = `query ($id: ID!) { staffUser(id: $id) { id name email roles active deactivationReason agency { name } } }`;
const FIND = `query ($s: String) { staffUsers(filter: { search: $s }, first: 100) { edges { node { id name email roles active } } } }`;
const uid = (email: string) => h.ref.users.get(email)!.id;
const staffCount = async () => (await h.ds.query(`SELECT count(*)::int AS n FROM staff_user`))[0].n as number;
const rolesOf = async (email: string) => (await h.ok(U.systemAdmin, MEMBER, { id: uid(email) })).staffUser.roles;
/** The text of the page's error summary, or "" when it has none. */
const errorSummary = (html: string) => (/<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();

describe("an AGENCY_ADMIN's staff pages: their own agency only", () => {
  let admin: PageClient;
  beforeAll(async () => {
    admin = await consoleClient(h.baseUrl, U.agencyAdmin);
  });

  it("the home goes to Administration; the directory lists their agency's staff with email addresses, and finds by name or email", async () => {
    expect.hasAssertions();
    expect((await admin.get("/console")).location).toBe("/console/admin");
    const home = await admin.get("/console/admin");
    expect(home.html).toContain("Staff of Maidstone Borough Council");
    expect(home.html).not.toContain('href="/console/admin/partnerships"');
    const list = await admin.get("/console/admin/staff");
    expect(list.status).toBe(200);
    list.html = list.html.replace(/<wbr>/g, "");
    for (const email of [U.cspMaidstone, U.chair, U.councilMaidstone, U.agencyAdmin]) expect(list.html).toContain(email);
    expect(list.html).not.toContain(U.police);
    expect(list.html).not.toContain("/console/case");
    const found = await admin.get("/console/admin/staff?search=asb.team");
    expect(found.html).toContain("Aisha Khan");
    expect(found.html).not.toContain("Priya Shah");
  });

  it("adds a member of staff: a missing name is pointed at and what was typed kept; a used email is refused naming it, adding nobody", async () => {
    expect.hasAssertions();
    const before = await staffCount();
    const missing = await admin.post("/console/admin/staff/new", { name: "", email: "new.officer@maidstone.gov.uk", roles: "AGENCY_OFFICER" });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain("<title>Error: Add a member of staff");
    expect(missing.html).toContain('href="#name">Enter their full name');
    expect(missing.html).toContain('value="new.officer@maidstone.gov.uk"');
    expect(missing.html).toMatch(/value="AGENCY_OFFICER" checked/);

    const taken = await admin.post("/console/admin/staff/new", { name: "Somebody Else", email: U.councilMaidstone, roles: "AGENCY_OFFICER" });
    expect(taken.status).toBe(400);
    expect(errorSummary(taken.html)).toContain(`There is already an account for ${U.councilMaidstone}`);
    expect(taken.html).toContain('value="Somebody Else"');
    expect(await staffCount()).toBe(before);

    const added = await admin.post("/console/admin/staff/new", { name: "Nadia Brooks", email: "nadia.brooks@maidstone.gov.uk", roles: "AGENCY_OFFICER" });
    expect(added.status).toBe(302);
    const page = await admin.get(added.location!);
    expect(page.html).toContain("Nadia Brooks was added");
    const [node] = (await h.ok(U.agencyAdmin, FIND, { s: "nadia.brooks" })).staffUsers.edges.map((e: any) => e.node);
    expect(node).toMatchObject({ name: "Nadia Brooks", email: "nadia.brooks@maidstone.gov.uk", roles: ["AGENCY_OFFICER"], active: true });
    expect(added.location).toBe(`/console/admin/staff/${node.id}`);
  });

  it("gives and takes roles; nobody grants themselves a role (the API's words on the page, nothing changed)", async () => {
    expect.hasAssertions();
    const id = uid(U.councilMaidstone);
    const form = await admin.get(`/console/admin/staff/${id}/roles`);
    expect(form.html).toMatch(/value="AGENCY_OFFICER" checked/);
    expect(form.html).not.toContain('value="SYSTEM_ADMIN"');
    expect((await admin.post(`/console/admin/staff/${id}/roles`, { roles: ["AGENCY_OFFICER", "PANEL_CHAIR"] })).status).toBe(302);
    expect(await rolesOf(U.councilMaidstone)).toEqual(["AGENCY_OFFICER", "PANEL_CHAIR"]);
    expect((await admin.post(`/console/admin/staff/${id}/roles`, { roles: "AGENCY_OFFICER" })).status).toBe(302);
    expect(await rolesOf(U.councilMaidstone)).toEqual(["AGENCY_OFFICER"]);

    const self = await admin.post(`/console/admin/staff/${uid(U.agencyAdmin)}/roles`, { roles: ["AGENCY_ADMIN", "CSP_OFFICER"] });
    expect(self.status).toBe(400);
    expect(errorSummary(self.html)).toContain("Nobody grants themselves a role (CSP_OFFICER): ask another administrator");
    expect(self.html).toMatch(/value="CSP_OFFICER" checked/);
    expect(await rolesOf(U.agencyAdmin)).toEqual(["AGENCY_ADMIN"]);
  });

  it("deactivates with a reason and reactivates; the reason is required", async () => {
    expect.hasAssertions();
    const id = uid(U.chair);
    const noReason = await admin.post(`/console/admin/staff/${id}/deactivate`, { reason: "  " });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain('href="#reason">Enter why you are deactivating the account');
    expect((await h.ok(U.agencyAdmin, MEMBER, { id })).staffUser.active).toBe(true);

    const done = await admin.post(`/console/admin/staff/${id}/deactivate`, { reason: "Left the council in November" });
    expect(done.location).toBe(`/console/admin/staff/${id}`);
    const page = await admin.get(done.location!);
    expect(page.html).toContain("David Reid was deactivated");
    expect(page.html).toContain("Reason: Left the council in November");
    expect(page.html).toContain("Reactivate account");
    expect((await h.ok(U.agencyAdmin, MEMBER, { id })).staffUser).toMatchObject({ active: false, deactivationReason: "Left the council in November" });

    const again = await admin.post(`/console/admin/staff/${id}/reactivate`, {}, await admin.token(`/console/admin/staff/${id}`));
    expect(again.status).toBe(302);
    expect((await h.ok(U.agencyAdmin, MEMBER, { id })).staffUser).toMatchObject({ active: true, deactivationReason: null });
  });

  it("another agency's member of staff is 'Page not found', and posting to their pages changes nothing", async () => {
    expect.hasAssertions();
    const police = uid(U.police);
    const token = await admin.token("/console/admin/staff/new");
    for (const path of [`/console/admin/staff/${police}`, `/console/admin/staff/${police}/roles`, `/console/admin/staff/${police}/deactivate`, "/console/admin/staff/not-an-id"]) {
      const res = await admin.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.html).toContain("Page not found");
    }
    expect((await admin.post(`/console/admin/staff/${police}/deactivate`, { reason: "Not mine" }, token)).status).toBe(404);
    expect((await admin.post(`/console/admin/staff/${police}/roles`, { roles: "ANALYST" }, token)).status).toBe(404);
    expect((await h.ok(U.systemAdmin, MEMBER, { id: police })).staffUser).toMatchObject({ active: true, roles: ["AGENCY_OFFICER"] });
    // Partnerships and agencies are the SYSTEM_ADMIN's.
    expect((await admin.get("/console/admin/partnerships")).status).toBe(404);
    expect((await admin.get("/console/admin/agencies")).status).toBe(404);
  });
});

describe("a SYSTEM_ADMIN's staff pages: every account", () => {
  let sys: PageClient;
  beforeAll(async () => {
    sys = await consoleClient(h.baseUrl, U.systemAdmin);
  });

  it("lists everyone by pages of 20, with Next and Previous, filtered by agency and role", async () => {
    expect.hasAssertions();
    // Enough people for three pages.
    const agencyId = h.ref.agencies.get("Maidstone Borough Council")!.id;
    for (let i = 0; i < 30; i++) {
      await h.ok(U.agencyAdmin, `mutation ($i: CreateStaffUserInput!) { createStaffUser(input: $i) { id } }`, {
        i: { name: `Zz Temp ${String(i).padStart(2, "0")}`, email: `temp.${i}@maidstone.gov.uk`, agencyId, roles: ["AGENCY_OFFICER"] },
      });
    }
    const all: string[] = (await h.ok(U.systemAdmin, FIND, {})).staffUsers.edges.map((e: any) => e.node.name);
    expect(all.length).toBeGreaterThan(40);
    const names = (html: string) => [...html.matchAll(/<a class="govuk-link" href="\/console\/admin\/staff\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map(m => m[1]!.replace(/&#39;/g, "'"));
    const seen: string[] = [];
    let page = await sys.get("/console/admin/staff");
    const first = page.html.replace(/<wbr>/g, "");
    for (let n = 1; ; n++) {
      const shown = names(page.html);
      expect(shown.length).toBeLessThanOrEqual(20);
      seen.push(...shown);
      const next = /<div class="govuk-pagination__next">\s*<a[^>]*href="([^"]+)"/.exec(page.html)?.[1];
      if (!next) break;
      page = await sys.get(next.replace(/&amp;/g, "&"));
      expect(page.html).toContain(`page ${n + 1}`);
      // Previous leads back to the page just read.
      const prev = /<div class="govuk-pagination__prev">\s*<a[^>]*href="([^"]+)"/.exec(page.html)?.[1];
      expect(names((await sys.get(prev!.replace(/&amp;/g, "&"))).html)).toEqual(shown);
    }
    expect(seen).toEqual(all);
    expect(first).toContain(U.police);
    expect(first).toContain("Kent Police");

    const police = await sys.get(`/console/admin/staff?agency=${h.ref.agencies.get("Kent Police")!.id}`);
    expect(names(police.html)).toEqual(["PC Sam Clarke"]);
    const reviewers = await sys.get("/console/admin/staff?role=INDEPENDENT_REVIEWER");
    expect(names(reviewers.html)).toEqual(["Grace Liu"]);
  });

  it("creates an agency's first AGENCY_ADMIN; a case role is refused with the API's reason, creating nobody", async () => {
    expect.hasAssertions();
    const agencyId = h.ref.agencies.get("Golding Homes")!.id;
    const before = await staffCount();
    const caseRole = await sys.post("/console/admin/staff/new", { name: "Ola Ade", email: "ola.ade@goldinghomes.org.uk", agencyId, roles: "CSP_OFFICER" });
    expect(caseRole.status).toBe(400);
    expect(errorSummary(caseRole.html)).toContain("CSP_OFFICER is given by the agency's own AGENCY_ADMIN");
    expect(caseRole.html).toContain('value="ola.ade@goldinghomes.org.uk"');
    expect(caseRole.html).toMatch(new RegExp(`value="${agencyId}" selected`));
    expect(await staffCount()).toBe(before);
    const noAgency = await sys.post("/console/admin/staff/new", { name: "Ola Ade", email: "ola.ade@goldinghomes.org.uk", agencyId: "", roles: "AGENCY_ADMIN" });
    expect(noAgency.html).toContain('href="#agencyId">Choose their agency');

    const ok = await sys.post("/console/admin/staff/new", { name: "Ola Ade", email: "ola.ade@goldinghomes.org.uk", agencyId, roles: "AGENCY_ADMIN" });
    expect(ok.status).toBe(302);
    const [node] = (await h.ok(U.systemAdmin, FIND, { s: "ola.ade" })).staffUsers.edges.map((e: any) => e.node);
    expect(node).toMatchObject({ name: "Ola Ade", roles: ["AGENCY_ADMIN"], active: true });
  });

  it("the last SYSTEM_ADMIN cannot take the role from themselves nor deactivate themselves: the page says why, nothing changes", async () => {
    expect.hasAssertions();
    const me = uid(U.systemAdmin);
    const drop = await sys.post(`/console/admin/staff/${me}/roles`, {});
    expect(drop.status).toBe(400);
    expect(errorSummary(drop.html)).toContain("This is the last active SYSTEM_ADMIN: give the role to someone else first");
    expect(await rolesOf(U.systemAdmin)).toEqual(["SYSTEM_ADMIN"]);
    const off = await sys.post(`/console/admin/staff/${me}/deactivate`, { reason: "Testing" });
    expect(off.status).toBe(400);
    expect(errorSummary(off.html)).toContain("You cannot deactivate or reactivate yourself");
    expect(off.html).toContain(">Testing</textarea>");
    expect((await h.ok(U.systemAdmin, MEMBER, { id: me })).staffUser.active).toBe(true);
  });

  it("keeps the case roles an agency's administrator gave when a SYSTEM_ADMIN changes the administrative ones", async () => {
    expect.hasAssertions();
    const id = uid(U.cspAshford);
    const form = await sys.get(`/console/admin/staff/${id}/roles`);
    expect(form.html).toContain("Also holds CSP officer");
    expect(form.html).not.toContain('value="CSP_OFFICER"');
    expect((await sys.post(`/console/admin/staff/${id}/roles`, { roles: "AGENCY_ADMIN" })).status).toBe(302);
    expect(await rolesOf(U.cspAshford)).toEqual(["CSP_OFFICER", "AGENCY_ADMIN"]);
  });
});

describe("pages a role may not use answer 'Page not found'", () => {
  it.each([
    ["CSP officer", U.cspMaidstone, "/console/admin/staff"],
    ["analyst", U.analyst, "/console/admin"],
    ["agency officer", U.police, `/console/admin/staff/${"00000000-0000-4000-8000-000000000000"}`],
    ["panel chair", U.chair, "/console/letters-and-policy"],
    ["independent reviewer", U.reviewer, "/console/admin/agencies"],
    ["AGENCY_ADMIN", U.agencyAdmin, "/console/admin/partnerships/new"],
    ["SYSTEM_ADMIN", U.systemAdmin, "/console/letters-and-policy"],
  ])("%s", async (_who, email, path) => {
    expect.hasAssertions();
    const c = await consoleClient(h.baseUrl, email);
    const res = await c.get(path);
    expect(res.status).toBe(404);
    expect(res.html).toContain("Page not found");
  });
});
