import { startHarness, U, type Harness } from "../helpers/harness";

/** Requests that must be refused cleanly: never a 500, never a stack trace, SQL or a limit's number. */
function expectClean(text: string) {
  expect(text).not.toMatch(/stacktrace|at Object\.|at async|\.ts:\d+|SELECT |INSERT |QueryFailedError/i);
}

describe("in production mode", () => {
  let h: Harness;
  beforeAll(async () => {
    // Production needs SMTP_URL; no mail is sent here (the job queue is not started).
    h = await startHarness({ env: { NODE_ENV: "production", GRAPHQL_INTROSPECTION: "", GRAPHQL_IDE: "", SMTP_URL: "smtp://127.0.0.1:2525" } });
  });
  afterAll(() => h.close());

  it("introspection is off", async () => {
    const res = await h.gql(U.cspMaidstone, "{ __schema { types { name } } }");
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.data).toBeUndefined();
  });

  it("a misspelled field gets no suggestion", async () => {
    const res = await h.gql(U.cspMaidstone, "{ caseReveiws { edges { node { id } } } }");
    expect(res.errors?.[0]?.message).not.toMatch(/Did you mean/i);
    expect(res.errors?.[0]?.message).not.toMatch(/caseReviews/);
    expectClean(JSON.stringify(res));
  });

  it("the IDE is not served", async () => {
    expect((await fetch(`${h.baseUrl}/graphiql`)).status).toBe(404);
  });
});

describe("in development mode", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { NODE_ENV: "development", GRAPHQL_INTROSPECTION: "", GRAPHQL_IDE: "" } });
  });
  afterAll(() => h.close());

  it("introspection and the offline IDE are on", async () => {
    const res = await h.gql(U.cspMaidstone, "{ __schema { queryType { name } } }");
    expect(res.data.__schema.queryType.name).toBe("Query");
    const page = await fetch(`${h.baseUrl}/graphiql`);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Every script and style comes from this server: nothing from a CDN.
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ["/ide/react.js", "/ide/react-dom.js", "/ide/graphiql.js", "/ide/graphiql.css"]) {
      expect(html).toContain(asset);
      const res = await fetch(`${h.baseUrl}${asset}`);
      expect(res.status).toBe(200);
      expect(Number(res.headers.get("content-length"))).toBeGreaterThan(1000);
    }
  });
});

describe("HTTP hardening", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { PUBLIC_STATUS_CHECKS_PER_MINUTE: "3" } });
  });
  afterAll(() => h.close());

  it("refuses a batched array of operations", async () => {
    const res = await h.post([{ query: "{ me { name } }" }, { query: "{ me { name } }" }], { authorization: `Bearer ${await h.token(U.police)}` });
    expect(res.status).toBe(400);
    expectClean(res.text);
  });

  it("refuses a mutation sent with GET", async () => {
    const url = `${h.baseUrl}/graphql?query=${encodeURIComponent("mutation { closeCaseReview(caseReviewId: \"x\", reason: \"y\") { id } }")}`;
    const res = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(res.status).toBe(405);
  });

  it("refuses a form-encoded POST (CSRF prevention)", async () => {
    const res = await fetch(`${h.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "query=%7B%20me%20%7B%20name%20%7D%20%7D",
    });
    expect(res.status).toBe(400);
    expectClean(await res.text());
  });

  it("refuses a simple GET query without a preflight header (CSRF prevention)", async () => {
    const res = await fetch(`${h.baseUrl}/graphql?query=${encodeURIComponent("{ me { name } }")}`);
    expect(res.status).toBe(400);
  });

  it("refuses a body over the size limit", async () => {
    const res = await h.post({ query: `{ me { name } }`, variables: { pad: "x".repeat(200_000) } });
    expect(res.status).toBe(413);
    expect(res.json.errors[0].message).toBe("Request body is too large");
    expectClean(res.text);
  });

  it("answers malformed JSON with 400 and no stack trace", async () => {
    const res = await h.post(`{"query": "{ me { name } }"`);
    expect(res.status).toBe(400);
    expectClean(res.text);
  });

  it("refuses an alias flood without saying the limit", async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: me { name }`).join(" ");
    const res = await h.gql(U.police, `{ ${aliases} }`);
    expect(res.errors?.[0]?.message).toMatch(/too many aliases/);
    expect(res.errors?.[0]?.message).not.toMatch(/\d/);
    expect(res.status).toBeLessThan(500);
  });

  it("refuses deep nesting", async () => {
    let q = "name";
    for (let i = 0; i < 15; i++) q = `partnerships { agencies { ${q} } }`;
    const res = await h.gql(U.police, `{ agencies { ${q} } }`);
    expect(res.errors?.[0]?.message).toMatch(/too deep|too large|too expensive/);
    expect(res.errors?.[0]?.message).not.toMatch(/\d/);
  });

  it("refuses a circular fragment", async () => {
    const res = await h.gql(U.police, `query { me { ...A } } fragment A on StaffUser { agency { partnerships { agencies { name } } } ...B } fragment B on StaffUser { ...A }`);
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.status).toBeLessThan(500);
  });

  it("refuses a thousand duplicated fields", async () => {
    const res = await h.gql(U.police, `{ me { ${"name ".repeat(1000)} } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.data).toBeUndefined();
    expect(res.status).toBeLessThan(500);
  });

  it("limits public calls per client address with TOO_MANY_REQUESTS", async () => {
    const q = `query { applicationStatus(reference: "ASB-2026-999999", accessCode: "AAAA-BBBB-CCCC") { status } }`;
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await h.gql(null, q)).errors?.[0]?.extensions?.code);
    expect(codes.slice(0, 3)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    expect(codes.slice(3)).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    // A signed-in member of staff is not limited by the public counter.
    expect((await h.gql(U.police, "{ me { name } }")).errors).toBeUndefined();
  });
});
