import "reflect-metadata";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createApp, type App } from "../../src/app/app";
import { daysAgo, submitCase } from "../helpers/applications";
import { startHarness, type Harness } from "../helpers/harness";
import { PageClient as Client } from "../helpers/page-client";

const parts = (iso: string, name: string) => {
  if (!iso) return { [`${name}-day`]: "", [`${name}-month`]: "", [`${name}-year`]: "" };
  const [y, m, d] = iso.split("-");
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

/** Every page of a victim's application but the declaration. */
async function answerEverything(c: Client, h: Harness, base = "/apply/kent-maidstone"): Promise<void> {
  const police = h.ref.agencies.get("Kent Police")!.id;
  const steps: Array<[string, Record<string, string>]> = [
    ["who-is-applying", { applyingAs: "myself" }],
    ["victim", { kind: "INDIVIDUAL", name: "Robin Lake", address: "2 Mill Street", postcode: "ME15 6YE", email: "robin@example.com", phone: "", preferredContact: "EMAIL", ...parts("", "dateOfBirth") }],
    ["vulnerabilities", { vulnerabilities: "" }],
    ["other-victims", { addAnother: "no" }],
    ["incidents/1", { category: "VANDALISM", description: "Windows smashed", location: "Mill Street", ...parts(daysAgo(12), "occurredOn"), ...parts(daysAgo(11), "reportedOn"), agencyId: police, agencyReference: "", hateMotivated: "no" }],
    ["incidents", { addAnother: "no" }],
  ];
  for (const [page, fields] of steps) {
    const res = await c.post(`${base}/${page}`, fields);
    expect([page, res.status]).toEqual([page, 302]);
  }
}

const cases = async (h: Harness) => Number((await h.ds.query(`SELECT count(*) AS n FROM case_review`))[0].n);

describe("the front door over HTTP", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("a form sent without the session's CSRF token is refused and changes nothing", async () => {
    const c = new Client(h.baseUrl);
    await c.get("/apply/kent-maidstone/who-is-applying");
    const res = await c.post("/apply/kent-maidstone/who-is-applying", { applyingAs: "myself" }, "not-the-token");
    expect(res.status).toBe(403);
    expect(res.html).toContain("Sorry, this page has expired");
    const page = await c.get("/apply/kent-maidstone/who-is-applying");
    expect(page.html).not.toMatch(/value="myself" checked/);
  });

  it("sending the declaration twice at once creates one case (the session's idempotency key)", async () => {
    const c = new Client(h.baseUrl);
    await answerEverything(c, h);
    const token = await c.token("/apply/kent-maidstone/declaration");
    const before = await cases(h);
    const [a, b] = await Promise.all([
      c.post("/apply/kent-maidstone/declaration", { confirm: "yes" }, token),
      c.post("/apply/kent-maidstone/declaration", { confirm: "yes" }, token),
    ]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(await cases(h)).toBe(before + 1);
    const confirmation = await c.get("/apply/kent-maidstone/confirmation");
    const reference = /id="reference">([^<]+)</.exec(confirmation.html)![1];
    expect((await h.ds.query(`SELECT count(*) AS n FROM case_review WHERE reference = $1`, [reference]))[0].n).toBe("1");
    // Whichever send answered last, the code the page shows opens the case.
    const accessCode = /id="access-code">([^<]+)</.exec(confirmation.html)![1];
    const status = await h.gql(null, `query($r: String!, $c: String!) { applicationStatus(reference: $r, accessCode: $c) { reference } }`, { r: reference, c: accessCode });
    expect(status.errors).toBeUndefined();
    expect(status.data.applicationStatus.reference).toBe(reference);
  });

  it("a code that another send of the same draft replaced is renewed when the confirmation is shown", async () => {
    const c = new Client(h.baseUrl);
    await answerEverything(c, h);
    const token = await c.token("/apply/kent-maidstone/declaration");
    expect((await c.post("/apply/kent-maidstone/declaration", { confirm: "yes" }, token)).status).toBe(302);
    // What a second send does to the case while this one's answer is saved: a new access code.
    const [{ reference }] = await h.ds.query(`SELECT reference FROM case_review ORDER BY submitted_at DESC LIMIT 1`);
    await h.ds.query(`UPDATE case_review SET access_code_hash = 'replaced' WHERE reference = $1`, [reference]);
    const confirmation = await c.get("/apply/kent-maidstone/confirmation");
    expect(/id="reference">([^<]+)</.exec(confirmation.html)![1]).toBe(reference);
    const accessCode = /id="access-code">([^<]+)</.exec(confirmation.html)![1];
    const status = await h.gql(null, `query($r: String!, $c: String!) { applicationStatus(reference: $r, accessCode: $c) { reference } }`, { r: reference, c: accessCode });
    expect(status.data.applicationStatus.reference).toBe(reference);
    // Shown again, it is the same code: checked once, not renewed on every view.
    expect((await c.get("/apply/kent-maidstone/confirmation")).html).toContain(accessCode);
  });

  it("the address in the emails to applicants (/progress) leads to check progress", async () => {
    const res = await fetch(`${h.baseUrl}/progress`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/check-progress");
  });

  it("a page with an error keeps every answer typed, and is titled Error:", async () => {
    const c = new Client(h.baseUrl);
    await c.post("/apply/kent-maidstone/who-is-applying", { applyingAs: "myself" });
    const res = await c.post("/apply/kent-maidstone/victim", { kind: "INDIVIDUAL", name: "", address: "9 Week Street", postcode: "NOT A POSTCODE", email: "not-an-email", phone: "0", preferredContact: "EMAIL", ...parts("", "dateOfBirth") });
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/<title>Error: /);
    expect(res.html).toContain('href="#name"');
    expect(res.html).toContain('href="#postcode"');
    expect(res.html).toContain('href="#email"');
    expect(res.html).toContain("9 Week Street");
    expect(res.html).toContain('value="NOT A POSTCODE"');
    expect(res.html).toContain('value="not-an-email"');
  });
});

describe("answers live in PostgreSQL", () => {
  it("survive a restart of the server: a new server on the same database carries on where the old one stopped", async () => {
    const h = await startHarness();
    const log = pino({ level: "silent" });
    const listen = async (app: App) => {
      await new Promise<void>(resolve => app.httpServer.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
    };
    try {
      const first = await createApp(h.config, h.ds, log);
      const c = new Client(await listen(first));
      await answerEverything(c, h);
      await first.stop();

      const second = await createApp(h.config, h.ds, log);
      c.base = await listen(second);
      const answers = await c.get("/apply/kent-maidstone/check-your-answers");
      expect(answers.status).toBe(200);
      expect(answers.html).toContain("Robin Lake");
      expect(answers.html).toContain("Windows smashed");
      await second.stop();
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe("the public rate limits apply to the pages", () => {
  it("checking progress counts against the API's per-address limit, through the same server", async () => {
    // Status checks have a budget of their own (src/app/rate-limit.ts): one a minute here.
    const h = await startHarness({ env: { PUBLIC_STATUS_CHECKS_PER_MINUTE: "1" } });
    try {
      const { reference, accessCode } = await submitCase(h); // a submission: the other budget
      const c = new Client(h.baseUrl);
      const first = await c.post("/check-progress", { reference, accessCode: "WRONG-0000" }); // 1 of 1
      expect(first.status).toBe(200);
      expect(first.html).toContain("The reference or access code is not right");
      const limited = await c.post("/check-progress", { reference, accessCode });
      expect(limited.status).toBe(429);
      expect(limited.html).toContain("Sorry, there have been too many attempts");
      // ...and the API itself refuses this address too: one count for pages and API
      const api = await h.gql(null, `query($r: String!, $c: String!) { applicationStatus(reference: $r, accessCode: $c) { status } }`, { r: reference, c: accessCode });
      expect(api.errors?.[0]?.extensions?.code).toBe("TOO_MANY_REQUESTS");
    } finally {
      await h.close();
    }
  }, 60_000);
});
