import { startHarness, type Harness } from "../helpers/harness";
import { EMAIL, playCase, ROLES, type Role } from "./story";

/**
 * ACCESS.md "Administration" for the queries of letter templates, every role: the templates are
 * the CSP officers' of the partnership; previewLetter the case's CSP officer's (NOT_FOUND outside
 * the caller's scope, as for every case operation). Refusals write nothing.
 */

let h: Harness;
let caseReviewId: string;
beforeAll(async () => {
  h = await startHarness();
  caseReviewId = (await playCase(h, "submitted")).caseReviewId;
});
afterAll(() => h?.close());

const IN_SCOPE: Role[] = ["cspOwn", "chair", "police", "council", "housing", "health"];

const QUERIES: Array<{ name: string; query: string; variables: () => Record<string, unknown>; refusal: (r: Role) => string }> = [
  {
    name: "letterTemplates",
    query: `query ($p: ID!) { letterTemplates(partnershipId: $p) { kind version } }`,
    variables: () => ({ p: h.ref.partnerships.get("KENT-MAIDSTONE")!.id }),
    refusal: () => "FORBIDDEN",
  },
  {
    name: "letterTemplateHistory",
    query: `query ($p: ID!) { letterTemplateHistory(partnershipId: $p, kind: OUTCOME) { version } }`,
    variables: () => ({ p: h.ref.partnerships.get("KENT-MAIDSTONE")!.id }),
    refusal: () => "FORBIDDEN",
  },
  {
    name: "previewLetter",
    query: `query ($c: ID!) { previewLetter(caseReviewId: $c, kind: ACKNOWLEDGEMENT) { body } }`,
    variables: () => ({ c: caseReviewId }),
    refusal: r => (IN_SCOPE.includes(r) ? "FORBIDDEN" : "NOT_FOUND"),
  },
];

describe("letter template queries, role by role", () => {
  for (const q of QUERIES) {
    it(`${q.name}: the Maidstone CSP officer only`, async () => {
      for (const role of ROLES) {
        const audit = (await h.ds.query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n;
        const res = await h.gql(EMAIL[role], q.query, q.variables());
        const expected = role === "cspOwn" ? undefined : role === "public" ? "UNAUTHENTICATED" : q.refusal(role);
        expect({ role, code: res.errors?.[0]?.extensions?.code }).toEqual({ role, code: expected });
        if (role !== "cspOwn") expect((await h.ds.query(`SELECT count(*)::int AS n FROM audit_entry`))[0].n).toBe(audit);
      }
    });
  }
});
