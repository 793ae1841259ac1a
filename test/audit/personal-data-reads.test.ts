import { maidstoneApplication, submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

/**
 * ACCESS.md principle 4: the applicant's and other victims' name, address, postcode and date of birth
 * are personal data, and every view of them is a READ row, one per case per request, naming the
 * fields and the victims shown, like the other personal fields.
 */
let h: Harness;
let caseA: string;
let caseB: string;
let victims: Record<string, string>;
beforeAll(async () => {
  h = await startHarness();
  const base = maidstoneApplication(h);
  caseA = (await submitCase(h, {
    ...base,
    additionalVictims: [{ kind: "BUSINESS", name: "Tonbridge Road Stores Ltd", address: "2 Tonbridge Road, Maidstone", postcode: "ME16 8RQ", phone: "01622 555 0100", consentGiven: true }],
  })).caseReviewId;
  caseB = (await submitCase(h)).caseReviewId;
  const rows: Array<{ id: string; position: number }> = await h.ds.query(`SELECT id, position FROM applicant WHERE case_review_id = $1`, [caseA]);
  victims = Object.fromEntries(rows.map(r => [r.position === 0 ? "applicant" : "business", r.id]));
});
afterAll(() => h.close());

type Read = { actor: string; case_review_id: string; detail: { fields: Record<string, string[]> } };
async function readsSince(id: string): Promise<Read[]> {
  return h.ds.query(`SELECT actor, case_review_id, detail FROM audit_entry WHERE operation = 'READ' AND id > $1 ORDER BY id`, [id]);
}
const lastId = async () => String((await h.ds.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_entry`))[0].id);

describe("views of a victim's name, address, postcode and date of birth", () => {
  it("are audited, one row per case per request, naming each field and the victims shown", async () => {
    const since = await lastId();
    await h.ok(
      U.police,
      `query ($id: ID!) { caseReview(id: $id) { reference applicant { name address postcode dateOfBirth } additionalVictims { name address postcode } } }`,
      { id: caseA },
    );
    const rows = await readsSince(since);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toBe("PC Sam Clarke");
    expect(rows[0]!.case_review_id).toBe(caseA);
    const f = rows[0]!.detail.fields;
    expect(new Set(f["Applicant.name"])).toEqual(new Set([victims.applicant, victims.business]));
    expect(new Set(f["Applicant.address"])).toEqual(new Set([victims.applicant, victims.business]));
    expect(new Set(f["Applicant.postcode"])).toEqual(new Set([victims.applicant, victims.business]));
    // The business has no date of birth: nothing shown, nothing recorded for it.
    expect(f["Applicant.dateOfBirth"]).toEqual([victims.applicant]);
  });

  it("in a list are one row per case, with the other personal fields of the same request", async () => {
    const since = await lastId();
    await h.ok(U.cspMaidstone, `{ caseReviews(first: 50) { edges { node { id applicant { name email } } } } }`);
    const rows = await readsSince(since);
    expect(new Set(rows.map(r => r.case_review_id))).toEqual(new Set([caseA, caseB]));
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(Object.keys(r.detail.fields).sort()).toEqual(["Applicant.email", "Applicant.name"]);
  });

  it("are not audited when not asked for", async () => {
    const since = await lastId();
    await h.ok(U.police, `query ($id: ID!) { caseReview(id: $id) { reference status applicant { kind } } }`, { id: caseA });
    expect(await readsSince(since)).toEqual([]);
  });
});
