import { getMetadataStorage as validatorMetadata } from "class-validator";
import { getMetadataStorage as graphqlMetadata } from "type-graphql";
import { createBaseSchema } from "../../src/app/schema";
import { maidstoneApplication, STATUS, SUBMIT } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

describe("every string input has a maximum length", () => {
  it("class-validator's MaxLength (or Length) is on every String field of every input and args class", () => {
    createBaseSchema(); // make sure every class is registered
    const gql = graphqlMetadata();
    const classes = [...gql.inputTypes, ...gql.argumentTypes].map(t => t.target);
    const missing: string[] = [];
    let strings = 0;
    for (const target of classes) {
      const fields = gql.fields.filter(f => f.target === target);
      const rules = validatorMetadata().getTargetValidationMetadatas(target, "", true, false);
      for (const f of fields) {
        const type = f.getType();
        if (type !== String) continue;
        strings++;
        // A length limit, or a format that implies one (a UUID, one of a list).
        const limited = rules.some(r => r.propertyName === f.name && /^(maxLength|length|isUuid|isIn)$/.test(String(r.name)));
        if (!limited) missing.push(`${target.name}.${f.name}`);
      }
    }
    // Found through type-graphql's metadata: an empty walk would pass with nothing checked.
    expect(classes.length).toBeGreaterThan(10);
    expect(strings).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});

describe("SQL metacharacters", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const NASTY = `O'Brien"; DROP TABLE case_review; -- $1 \\ %_ ${"`"}ls${"`"} <b>x</b>`;

  it("are stored and returned verbatim in every string of an application, and never executed", async () => {
    const base = maidstoneApplication(h);
    const input = {
      ...base,
      applicant: { ...base.applicant, name: NASTY, address: NASTY, vulnerabilities: NASTY },
      representative: { name: NASTY, relationship: "FRIEND", organisation: NASTY, email: "friend@example.org", phone: "01622 555 0101", consentObtained: true },
      incidents: base.incidents.map(i => ({ ...i, location: NASTY, description: NASTY, agencyReference: "KP-'1;--" })),
    };
    const submitted = (await h.ok(null, SUBMIT, { input })).submitCaseReviewApplication;
    const [{ id }] = await h.ds.query(`SELECT id FROM case_review WHERE reference = $1`, [submitted.reference]);
    const data = await h.ok(
      U.cspMaidstone,
      `query ($id: ID!) { caseReview(id: $id) { applicant { name address vulnerabilities } representative { name organisation } incidents { location description agencyReference } } }`,
      { id },
    );
    const c = data.caseReview;
    expect([c.applicant.name, c.applicant.address, c.applicant.vulnerabilities, c.representative.name, c.representative.organisation]).toEqual(Array(5).fill(NASTY));
    expect(c.incidents).toHaveLength(base.incidents.length);
    for (const i of c.incidents) {
      expect(i.location).toBe(NASTY);
      expect(i.description).toBe(NASTY);
      expect(i.agencyReference).toBe("KP-'1;--");
    }
    // The tables are all still there, and the status view shows the application.
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM case_review`))[0].n).toBeGreaterThan(0);
    const status = await h.ok(null, STATUS, { reference: submitted.reference, accessCode: submitted.accessCode });
    expect(status.applicationStatus.reference).toBe(submitted.reference);
  });

  it("in look-ups and filters find nothing and break nothing", async () => {
    for (const q of [
      [`query ($r: String!) { caseReviewByReference(reference: $r) { id } }`, { r: "ASB-2026-000001' OR '1'='1" }],
      [`query ($id: ID!) { caseReview(id: $id) { id } }`, { id: "' OR 1=1 --" }],
      [`query ($a: String) { caseReviews(first: 5, after: $a) { edges { node { id } } } }`, { a: "'); DROP TABLE case_review; --" }],
    ] as const) {
      const res = await h.gql(U.cspMaidstone, q[0], q[1]);
      expect(["NOT_FOUND", "BAD_USER_INPUT"]).toContain(res.errors?.[0]?.extensions?.code);
      expect(JSON.stringify(res)).not.toMatch(/SELECT|syntax error|QueryFailed/i);
    }
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM case_review`))[0].n).toBeGreaterThan(0);
  });
});
