import "reflect-metadata";
import { startHarness, U, type Harness } from "../helpers/harness";
import { consoleClient, type PageClient } from "../helpers/page-client";

/**
 * The console's partnership and agency pages (SYSTEM_ADMIN): adding and changing them, the policy
 * a new partnership starts with, which partnerships an agency serves; refusals keep what was typed
 * and change nothing. Every change is read back through GraphQL.
 */

let h: Harness;
let sys: PageClient;
beforeAll(async () => {
  h = await startHarness();
  sys = await consoleClient(h.baseUrl, U.systemAdmin);
});
afterAll(() => h?.close());

const PARTNERSHIPS = `{ partnerships { id code name areas contactEmail contactPhone contactAddress policy { minimumQualifyingComplaints communityRouteMinimumReporters singleHateIncidentRoute panelWithinWorkingDays } agencies { name } } }`;
const AGENCIES = `{ agencies { id name kind partnerships { code } } }`;
const count = async (table: string) => (await h.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
const errorSummary = (html: string) => (/<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
const partnership = async (code: string) => (await h.ok(U.systemAdmin, PARTNERSHIPS)).partnerships.find((p: any) => p.code === code);
const agency = async (name: string) => (await h.ok(U.systemAdmin, AGENCIES)).agencies.find((a: any) => a.name === name);

describe("partnerships", () => {
  it("the administrator's home and the list; no page links to case data", async () => {
    expect.hasAssertions();
    expect((await sys.get("/console")).location).toBe("/console/admin");
    const home = await sys.get("/console/admin");
    for (const href of ["/console/admin/partnerships", "/console/admin/agencies", "/console/admin/staff"]) expect(home.html).toContain(`href="${href}"`);
    const list = await sys.get("/console/admin/partnerships");
    expect(list.html).toContain("KENT-MAIDSTONE");
    for (const page of [home, list]) expect(page.html).not.toMatch(/href="\/console\/(cases|case|work-queue)/);
  });

  it("adds a partnership with its policy; the law's limit and a bad code are pointed at, keeping what was typed and adding nothing", async () => {
    expect.hasAssertions();
    const before = await count("partnership");
    const form = {
      name: "Swale Community Safety Partnership",
      code: "kent-swale",
      areas: "Sittingbourne\r\nFaversham\r\n\r\nSheerness",
      contactEmail: "csp@swale.gov.uk",
      contactPhone: "01795 417850",
      contactAddress: "Swale House\r\nEast Street\r\nSittingbourne ME10 3HT",
      minimumQualifyingComplaints: "4",
      communityRouteMinimumReporters: "",
      panelWithinWorkingDays: "",
    };
    const tooMany = await sys.post("/console/admin/partnerships/new", form);
    expect(tooMany.status).toBe(400);
    expect(tooMany.html).toContain("<title>Error: Add a partnership");
    expect(errorSummary(tooMany.html)).toContain("Qualifying complaints: the law sets 3 as the most a partnership may require");
    expect(tooMany.html).toContain('href="#minimumQualifyingComplaints"');
    expect(tooMany.html).toContain('value="Swale Community Safety Partnership"');
    expect(tooMany.html).toContain("Sittingbourne\nFaversham");
    expect(await count("partnership")).toBe(before);

    const notANumber = await sys.post("/console/admin/partnerships/new", { ...form, minimumQualifyingComplaints: "two" });
    expect(notANumber.html).toContain('href="#minimumQualifyingComplaints">Qualifying complaints must be a whole number');
    const badCode = await sys.post("/console/admin/partnerships/new", { ...form, code: "KENT SWALE", minimumQualifyingComplaints: "2" });
    expect(errorSummary(badCode.html)).toContain("Code: capital letters, digits and single hyphens");
    expect(badCode.html).toContain('href="#code"');
    const taken = await sys.post("/console/admin/partnerships/new", { ...form, code: "KENT-MAIDSTONE", minimumQualifyingComplaints: "2" });
    expect(errorSummary(taken.html)).toContain("There is already a partnership with code KENT-MAIDSTONE");
    expect(await count("partnership")).toBe(before);

    const added = await sys.post("/console/admin/partnerships/new", { ...form, minimumQualifyingComplaints: "2", singleHateIncidentRoute: "yes" });
    expect(added.status).toBe(302);
    const page = await sys.get(added.location!);
    expect(page.html).toContain("Swale Community Safety Partnership was added");
    expect(await partnership("KENT-SWALE")).toMatchObject({
      name: "Swale Community Safety Partnership",
      areas: ["Sittingbourne", "Faversham", "Sheerness"],
      contactAddress: "Swale House\nEast Street\nSittingbourne ME10 3HT",
      policy: { minimumQualifyingComplaints: 2, communityRouteMinimumReporters: null, singleHateIncidentRoute: true },
    });
  });

  it("changes a partnership's details; a blank contact detail is cleared; a blank name is pointed at", async () => {
    expect.hasAssertions();
    const p = await partnership("KENT-SWALE");
    const form = await sys.get(`/console/admin/partnerships/${p.id}/edit`);
    expect(form.html).toContain('value="csp@swale.gov.uk"');
    const blank = await sys.post(`/console/admin/partnerships/${p.id}/edit`, { name: "", code: "KENT-SWALE", areas: "Sittingbourne", contactEmail: "", contactPhone: "", contactAddress: "" });
    expect(blank.html).toContain('href="#name">Enter the partnership');
    expect((await partnership("KENT-SWALE")).name).toBe("Swale Community Safety Partnership");
    const ok = await sys.post(`/console/admin/partnerships/${p.id}/edit`, { name: "Swale CSP", code: "KENT-SWALE", areas: "Sittingbourne\nSheppey", contactEmail: "", contactPhone: "01795 000000", contactAddress: "" });
    expect(ok.location).toBe(`/console/admin/partnerships/${p.id}`);
    expect(await partnership("KENT-SWALE")).toMatchObject({ name: "Swale CSP", areas: ["Sittingbourne", "Sheppey"], contactEmail: null, contactPhone: "01795 000000", contactAddress: null });
  });
});

describe("agencies", () => {
  it("adds an agency serving partnerships; a missing kind is pointed at and the ticks kept", async () => {
    expect.hasAssertions();
    const swale = (await partnership("KENT-SWALE")).id;
    const maidstone = h.ref.partnerships.get("KENT-MAIDSTONE")!.id;
    const before = await count("agency");
    const noKind = await sys.post("/console/admin/agencies/new", { name: "Swale Borough Council", partnershipIds: [swale, maidstone] });
    expect(noKind.status).toBe(400);
    expect(noKind.html).toContain('href="#kind">Choose the kind of agency');
    expect(noKind.html).toMatch(new RegExp(`value="${swale}" checked`));
    expect(await count("agency")).toBe(before);
    const taken = await sys.post("/console/admin/agencies/new", { name: "Kent Police", kind: "POLICE" });
    expect(errorSummary(taken.html)).toContain("There is already an agency named Kent Police");

    const added = await sys.post("/console/admin/agencies/new", { name: "Swale Borough Council", kind: "COUNCIL", partnershipIds: [swale] });
    expect(added.status).toBe(302);
    expect((await sys.get(added.location!)).html).toContain("Swale Borough Council was added");
    expect(await agency("Swale Borough Council")).toMatchObject({ kind: "COUNCIL", partnerships: [{ code: "KENT-SWALE" }] });
  });

  it("changes its name and kind, and which partnerships it serves, each on its own page", async () => {
    expect.hasAssertions();
    const a = await agency("Swale Borough Council");
    expect((await sys.post(`/console/admin/agencies/${a.id}/edit`, { name: "Swale Council", kind: "OTHER" })).status).toBe(302);
    expect(await agency("Swale Council")).toMatchObject({ kind: "OTHER" });
    const both = [(await partnership("KENT-SWALE")).id, h.ref.partnerships.get("KENT-ASHFORD")!.id];
    expect((await sys.post(`/console/admin/agencies/${a.id}/partnerships`, { partnershipIds: both })).status).toBe(302);
    expect((await agency("Swale Council")).partnerships.map((p: any) => p.code).sort()).toEqual(["KENT-ASHFORD", "KENT-SWALE"]);
    const page = await sys.get(`/console/admin/agencies/${a.id}`);
    expect(page.html).toContain(`href="/console/admin/staff?agency=${a.id}"`);
  });

  it("an agency with CSP officers keeps a partnership: the API's reason on the page, nothing changed", async () => {
    expect.hasAssertions();
    const maidstoneCouncil = await agency("Maidstone Borough Council");
    const res = await sys.post(`/console/admin/agencies/${maidstoneCouncil.id}/partnerships`, {});
    expect(res.status).toBe(400);
    expect(errorSummary(res.html)).toMatch(/Maidstone Borough Council has \d CSP officer\(s\) or panel chair\(s\), who act for a partnership: take those roles first/);
    expect((await agency("Maidstone Borough Council")).partnerships).toEqual(maidstoneCouncil.partnerships);
  });

  it("an unknown agency or partnership is 'Page not found'", async () => {
    expect.hasAssertions();
    for (const path of ["/console/admin/agencies/00000000-0000-4000-8000-000000000000", "/console/admin/partnerships/nope/edit"]) {
      expect((await sys.get(path)).status).toBe(404);
    }
  });
});
