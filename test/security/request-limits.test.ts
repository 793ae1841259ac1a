import { startHarness, U, type Harness } from "../helpers/harness";

/**
 * Request limits (src/app/install-graphql.ts): aliases of `__typename` count like any alias, one
 * field repeated hundreds of times is refused, and a refused query is answered with one error, not
 * one per fault (60 unknown directives once answered 60 errors).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function expectOneRefusal(res: { status: number; data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) {
  expect(res.errors).toHaveLength(1);
  expect(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"]).toContain(res.errors![0]!.extensions?.code);
  expect(res.errors![0]!.message).not.toMatch(/\d/);
  expect(res.data).toBeUndefined();
  expect(res.status).toBe(400);
}

describe("request limits", () => {
  it("aliases of __typename count against the alias limit", async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `t${i}: __typename`).join(" ");
    expectOneRefusal(await h.gql(U.police, `{ ${aliases} me { name } }`));
  });

  it("500 repeats of one field are refused, written out, through inline fragments or fragment spreads", async () => {
    expectOneRefusal(await h.gql(U.police, `{ me { ${"name ".repeat(500)} } }`));
    expectOneRefusal(await h.gql(U.police, `{ me { ${"... on StaffUser { name } ".repeat(500)} } }`));
    expectOneRefusal(await h.gql(U.police, `{ me { ${"...N ".repeat(500)} } } fragment N on StaffUser { name }`));
    expectOneRefusal(await h.gql(U.police, `{ ${"__typename ".repeat(500)} }`));
  });

  it("a field named twice, as generated clients and fragments do, is still answered", async () => {
    const res = await h.gql(U.police, `{ me { id name ...N ... on StaffUser { name id } } } fragment N on StaffUser { id name }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.me.name).toBeTruthy();
  });

  it("a query over the token limit is refused with a 400 that does not name the limit", async () => {
    expectOneRefusal(await h.gql(U.police, `{ me { ${"... on StaffUser { name } ".repeat(1000)} } }`));
  });

  it("60 unknown directives answer one error", async () => {
    const directives = Array.from({ length: 60 }, (_, i) => `@unknown${i}`).join(" ");
    expectOneRefusal(await h.gql(U.police, `{ me ${directives} { name } }`));
  });

  it("many faults of different kinds answer one error", async () => {
    const res = await h.gql(U.police, `{ nope1 nope2 me { nope3 nope4 name(x: 1) } caseReview { id } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
