import { createPublicLimits } from "../../src/app/rate-limit";
import { maidstoneApplication, SUBMIT } from "../helpers/applications";
import { startHarness, type Harness } from "../helpers/harness";

/**
 * The public budgets (src/app/rate-limit.ts): every limited field of the operation as it executes
 * counts, status checks have a budget of their own, and wrong access codes are limited per
 * reference as well as per address. Each test speaks from addresses of its own (the server trusts
 * X-Forwarded-For from loopback, as behind a local proxy).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { PUBLIC_SUBMISSIONS_PER_MINUTE: "2", PUBLIC_STATUS_CHECKS_PER_MINUTE: "4", WRONG_ACCESS_CODES_PER_HOUR: "3" } });
});
afterAll(() => h.close());

async function from(address: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await h.post({ query, variables }, { "x-forwarded-for": address });
  return { status: res.status, data: res.json?.data, errors: res.json?.errors as Array<{ message: string; extensions?: Record<string, unknown> }> | undefined };
}
// An application of its own, from an address of its own (each address may submit two).
let submitter = 0;
async function submitCase(_: Harness) {
  const res = await from(`10.9.0.${++submitter}`, SUBMIT, { input: maidstoneApplication(h) });
  expect(res.errors).toBeUndefined();
  return res.data.submitCaseReviewApplication as { reference: string; accessCode: string };
}
const cases = async () => Number((await h.ds.query(`SELECT count(*)::int AS n FROM case_review`))[0].n);
const codes = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => (res.errors ?? []).map(e => e.extensions?.code);

const WRONG_STATUS = (alias: string) => `${alias}: applicationStatus(reference: "ASB-2026-999999", accessCode: "AAAA-BBBB-CCCC") { status }`;

describe("counting limited fields wherever they stand", () => {
  it("submissions inside a fragment and an inline fragment count: three in one request exceed a budget of two", async () => {
    const before = await cases();
    const res = await from(
      "203.0.113.1",
      `mutation ($input: CaseReviewApplicationInput!) {
         ...Submit
         ... on Mutation { b: submitCaseReviewApplication(input: $input) { reference } }
         c: submitCaseReviewApplication(input: $input) { reference }
       }
       fragment Submit on Mutation { a: submitCaseReviewApplication(input: $input) { reference } }`,
      { input: maidstoneApplication(h) },
    );
    expect(codes(res)).toEqual(["TOO_MANY_REQUESTS"]);
    expect(res.status).toBe(429);
    expect(await cases()).toBe(before);
  });

  it("status checks inside fragments count: five in one request exceed a budget of four", async () => {
    const res = await from(
      "203.0.113.2",
      `query { ...A ... on Query { ${WRONG_STATUS("b")} ${WRONG_STATUS("c")} } } fragment A on Query { ${WRONG_STATUS("a")} ...B } fragment B on Query { ${WRONG_STATUS("d")} ${WRONG_STATUS("e")} }`,
    );
    expect(codes(res)).toEqual(["TOO_MANY_REQUESTS"]);
  });

  it("a field left out by @skip does not count, one kept by @include does", async () => {
    const q = `query ($no: Boolean!) { ${["a", "b", "c", "d", "e"].map(a => `... @skip(if: $no) { ${WRONG_STATUS(a)} }`).join(" ")} }`;
    // Skipped, five cost nothing; then the same five, executed, exceed the budget of four.
    expect(codes(await from("203.0.113.3", q, { no: true }))).toEqual([]);
    expect(codes(await from("203.0.113.3", q, { no: false }))).toEqual(["TOO_MANY_REQUESTS"]);
  });
});

describe("budgets of their own", () => {
  it("status checks have a more generous budget than submissions, and spending one leaves the other", async () => {
    const address = "203.0.113.4";
    const own = await submitCase(h);
    const status = `query { applicationStatus(reference: "${own.reference}", accessCode: "${own.accessCode}") { status } }`;
    // Four status checks answer, the fifth is refused ...
    for (let i = 0; i < 4; i++) expect(codes(await from(address, status))).toEqual([]);
    expect(codes(await from(address, status))).toEqual(["TOO_MANY_REQUESTS"]);
    // ... and the same address can still submit its two applications, not a third.
    const submit = `mutation ($input: CaseReviewApplicationInput!) { submitCaseReviewApplication(input: $input) { reference } }`;
    for (let i = 0; i < 2; i++) expect(codes(await from(address, submit, { input: maidstoneApplication(h) }))).toEqual([]);
    expect(codes(await from(address, submit, { input: maidstoneApplication(h) }))).toEqual(["TOO_MANY_REQUESTS"]);
  });
});

describe("wrong access codes", () => {
  const STATUS = `query ($reference: String!, $accessCode: String!) { applicationStatus(reference: $reference, accessCode: $accessCode) { status } }`;

  it("are limited per reference: guesses from three addresses lock the reference for a fourth, and for the right code", async () => {
    const own = await submitCase(h);
    const other = await submitCase(h);
    for (const address of ["198.51.100.1", "198.51.100.2", "198.51.100.3"]) {
      expect(codes(await from(address, STATUS, { reference: own.reference, accessCode: "WRON-GCOD-E222" }))).toEqual(["NOT_FOUND"]);
    }
    expect(codes(await from("198.51.100.4", STATUS, { reference: own.reference, accessCode: own.accessCode }))).toEqual(["TOO_MANY_REQUESTS"]);
    // The reference is compared as the look-up reads it: lower case and spaces do not escape.
    expect(codes(await from("198.51.100.4", STATUS, { reference: ` ${own.reference.toLowerCase()} `, accessCode: own.accessCode }))).toEqual(["TOO_MANY_REQUESTS"]);
    // Another application, from a fresh address, is not affected.
    expect(codes(await from("198.51.100.4", STATUS, { reference: other.reference, accessCode: other.accessCode }))).toEqual([]);
  });

  it("are limited per address: three guesses at different references lock the address out of a fourth", async () => {
    const own = await submitCase(h);
    for (const n of [1, 2, 3]) {
      expect(codes(await from("198.51.100.10", STATUS, { reference: `ASB-2026-99999${n}`, accessCode: "WRON-GCOD-E222" }))).toEqual(["NOT_FOUND"]);
    }
    expect(codes(await from("198.51.100.10", STATUS, { reference: own.reference, accessCode: own.accessCode }))).toEqual(["TOO_MANY_REQUESTS"]);
    expect(codes(await from("198.51.100.11", STATUS, { reference: own.reference, accessCode: own.accessCode }))).toEqual([]);
  });

  it("count for the applicant's requestSecondaryReview too", async () => {
    const own = await submitCase(h);
    const ask = `mutation ($reference: String!, $accessCode: String!) { requestSecondaryReview(reference: $reference, accessCode: $accessCode, reason: "The panel did not hear me") { id } }`;
    for (const address of ["198.51.100.20", "198.51.100.21", "198.51.100.22"]) {
      expect(codes(await from(address, ask, { reference: own.reference, accessCode: "WRON-GCOD-E222" }))).toEqual(["NOT_FOUND"]);
    }
    expect(codes(await from("198.51.100.23", STATUS, { reference: own.reference, accessCode: own.accessCode }))).toEqual(["TOO_MANY_REQUESTS"]);
  });

  it("are counted in PostgreSQL: a second set of limiters on the same database (another replica) sees the same budget", async () => {
    const own = await submitCase(h);
    const replica = createPublicLimits(h.ds, h.config);
    for (const address of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) await replica.wrongAccessCode(own.reference, address);
    expect(codes(await from("192.0.2.4", STATUS, { reference: own.reference, accessCode: own.accessCode }))).toEqual(["TOO_MANY_REQUESTS"]);
    const rows = await h.ds.query(`SELECT key, points FROM rate_limit WHERE key LIKE 'wrong-code-ref:%' AND key LIKE $1`, [`%${own.reference}`]);
    expect(rows).toEqual([{ key: `wrong-code-ref:${own.reference}`, points: expect.any(Number) }]);
    expect(rows[0].points).toBeGreaterThanOrEqual(3);
  });
});
