import type { AddressInfo } from "node:net";
import pino from "pino";
import type { QueryRunner } from "typeorm";
import { createApp, type App } from "../../src/app/app";
import { loadConfig } from "../../src/config";
import { startHarness, type Harness } from "../helpers/harness";
import { generate, smallVolume, type Generated } from "../bench/generate";
import { CASE_LIST, INBOX, PANEL_PACK } from "../bench/operations";

/**
 * Issue 16: operations run compiled (graphql-jit) answer exactly what graphql-js answers: the same
 * JSON, the same errors at the same paths with the same codes, the same HTTP status. Two servers over
 * one database: the harness's, which compiles every operation from its first run (as every other
 * test file does), and one that never compiles (GRAPHQL_COMPILE_AFTER=0).
 */

let h: Harness;
let g: Generated;
let interpreted: App;
let interpretedUrl: string;

beforeAll(async () => {
  h = await startHarness();
  const qr: QueryRunner = h.ds.createQueryRunner();
  await qr.connect();
  try {
    g = await generate(qr, { ...smallVolume(60, 2), recommendations: 200, tag: "jit" });
  } finally {
    await qr.release();
  }
  interpreted = await createApp(loadConfig({ ...envOf(h), GRAPHQL_COMPILE_AFTER: "0" }), h.ds, pino({ level: "silent" }));
  await new Promise<void>(resolve => interpreted.httpServer.listen(0, "127.0.0.1", resolve));
  interpretedUrl = `http://127.0.0.1:${(interpreted.httpServer.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await interpreted?.stop();
  await h?.close();
});

function envOf(harness: Harness): Record<string, string> {
  const c = harness.config;
  return { NODE_ENV: c.env, TOKEN_SECRET: c.tokenSecret!, LOG_LEVEL: "silent", PORT: "0", DATABASE_URL: c.databaseUrl!, GRAPHQL_INTROSPECTION: "true", PUBLIC_SUBMISSIONS_PER_MINUTE: "100000" };
}

/** The same request to both servers: status and body text must be identical. */
async function both(as: string | null, body: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (as) headers.authorization = `Bearer ${await h.token(as)}`;
  const send = (base: string) =>
    fetch(`${base}/graphql`, { method: "POST", headers, body: JSON.stringify(body) }).then(async r => ({ status: r.status, text: await r.text() }));
  const compiled = await send(h.baseUrl);
  const plain = await send(interpretedUrl);
  expect(compiled).toEqual(plain);
  return JSON.parse(compiled.text);
}

async function someone(kind: string, role: string): Promise<string> {
  const rows: Array<{ email: string }> = await h.ds.query(
    `SELECT u.email FROM staff_user u JOIN agency a ON a.id = u.agency_id
      WHERE a.kind = $1 AND $2 = ANY(u.roles) AND u.email LIKE '%@jit.example' ORDER BY u.email LIMIT 1`,
    [kind, role],
  );
  return rows[0]!.email;
}

describe("compiled execution answers as graphql-js does", () => {
  it("the canonical reads, each sent twice (the second run is the compiled one in production)", async () => {
    const before = h.app.executionStats()!;
    const compiledBefore = before.compiledRuns;
    const [pack] = (await h.ds.query(
      `SELECT c.id FROM case_review c JOIN panel_meeting pm ON pm.case_review_id = c.id AND pm.held_at IS NOT NULL
         JOIN partnership p ON p.id = c.partnership_id WHERE p.code = 'JIT-P01' ORDER BY c.reference LIMIT 1`,
    )) as Array<{ id: string }>;
    const police = await someone("POLICE", "AGENCY_OFFICER");
    for (let i = 0; i < 2; i++) {
      const list = await both(g.cspEmail(1), { query: CASE_LIST, variables: { first: 20 } });
      expect(list.data.caseReviews.edges).toHaveLength(20);
      const inbox = await both(police, { query: INBOX, variables: { first: 20 } });
      expect(inbox.data.myRecommendations.edges.length).toBeGreaterThan(0);
      const chair = await both(g.chairEmail(1), { query: PANEL_PACK, variables: { id: pack!.id } });
      expect(chair.errors).toBeUndefined();
      // an involved agency reads the same pack: personal fields are refused (FORBIDDEN at their paths)
      const agency = await both(police, { query: PANEL_PACK, variables: { id: pack!.id } });
      expect(agency.errors?.map((e: any) => e.extensions.code)).toEqual(expect.arrayContaining(["FORBIDDEN"]));
    }
    expect(h.app.executionStats()!.compiledRuns - compiledBefore).toBe(8);
  });

  it("a list whose incidents ask only for the summary fields reads fewer columns and answers the same", async () => {
    const list = (incidents: string, fragments = "") => `query L($first: Int!) {
      caseReviews(first: $first) { edges { node { id incidents { ${incidents} } } } }
    } ${fragments}`;
    const summary = "id category occurredOn reportedOn reportedTo { name }";
    const texts: string[] = [];
    // Every statement the servers' loaders send (SqlBatch calls the DataSource's query).
    const original = h.ds.query.bind(h.ds);
    const spy = jest.spyOn(h.ds, "query").mockImplementation((sql, params, runner) => {
      texts.push(sql);
      return original(sql, params, runner);
    });
    const incidentsOf = (body: any) => body.data.caseReviews.edges.flatMap((e: any) => e.node.incidents);
    const readsAllColumns = () => texts.some(t => t.includes('t."description"'));
    try {
      for (let i = 0; i < 2; i++) {
        texts.length = 0;
        const lean = incidentsOf(await both(g.cspEmail(1), { query: list(summary), variables: { first: 20 } }));
        expect(readsAllColumns()).toBe(false);
        const viaFragment = incidentsOf(await both(g.cspEmail(1), { query: list("...S", `fragment S on Incident { ${summary} }`), variables: { first: 20 } }));
        expect(readsAllColumns()).toBe(false);
        texts.length = 0;
        const full = incidentsOf(await both(g.cspEmail(1), { query: list(`${summary} description`), variables: { first: 20 } }));
        expect(readsAllColumns()).toBe(true);
        texts.length = 0;
        const fullViaFragment = incidentsOf(await both(g.cspEmail(1), { query: list("id ...F", `fragment F on Incident { description }`), variables: { first: 20 } }));
        expect(readsAllColumns()).toBe(true);
        expect(lean.length).toBeGreaterThan(20);
        expect(full.every((x: any) => typeof x.description === "string" && x.description.length > 0)).toBe(true);
        expect(fullViaFragment.map((x: any) => x.description)).toEqual(full.map((x: any) => x.description));
        expect(full.map(({ description: _d, ...rest }: any) => rest)).toEqual(lean);
        expect(viaFragment).toEqual(lean);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it("refusals and bad input: the same errors, codes and statuses", async () => {
    const police = await someone("POLICE", "AGENCY_OFFICER");
    for (let i = 0; i < 2; i++) {
      await both(null, { query: CASE_LIST, variables: { first: 5 } }); // UNAUTHENTICATED
      await both(police, { query: CASE_LIST, variables: { first: "many" } }); // variable coercion: 400
      await both(police, { query: CASE_LIST }); // missing variable
      await both(police, { query: `query A { me { name } } query B { me { email } }`, operationName: "C" }); // unknown operation
      await both(police, { query: `{ caseReviews(first: -1) { edges { node { id } } } }` });
      await both(police, { query: `{ caseReview(id: "not-a-uuid") { id } }` });
      await both(police, { query: `mutation { acknowledgeRecommendation(id: "00000000-0000-0000-0000-000000000000") { id } }` });
    }
  });
});
