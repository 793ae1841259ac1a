import { addDays, todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { accessCodeMatches } from "../../src/modules/case-reviews/applicant-access";
import { agencyId, daysAgo, maidstoneApplication, rowCounts, STATUS, SUBMIT } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const today = () => todayUk();
const codes = (res: { errors?: Array<{ extensions?: Record<string, any> }> }) => res.errors?.map(e => e.extensions?.code);
const fieldsOf = (res: { errors?: Array<{ extensions?: Record<string, any> }> }): string[] =>
  (res.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string }) => f.field);

describe("a public application", () => {
  let reference: string;
  let accessCode: string;
  let caseId: string;

  it("is accepted without signing in and answers with a reference, a one-time access code and the status", async () => {
    const res = await h.gql(null, SUBMIT, { input: maidstoneApplication(h) });
    expect(res.errors).toBeUndefined();
    const out = res.data.submitCaseReviewApplication;
    expect(out.reference).toMatch(new RegExp(`^ASB-${today().slice(0, 4)}-\\d{6}$`));
    expect(out.accessCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(out.status).toBe("SUBMITTED");
    expect(out.receivedOn).toBe(today());
    expect(out.caseReviewId).toBeNull(); // the public never learns internal ids
    reference = out.reference;
    accessCode = out.accessCode;
    [{ id: caseId }] = await h.ds.query(`SELECT id FROM case_review WHERE reference = $1`, [reference]);
  });

  it("stores only a hash of the access code", async () => {
    const [row] = await h.ds.query(`SELECT access_code_hash, submitted_by_id FROM case_review WHERE id = $1`, [caseId]);
    expect(row.access_code_hash).not.toContain(accessCode);
    expect(row.access_code_hash).not.toContain(accessCode.replace(/-/g, ""));
    expect(accessCodeMatches(accessCode, row.access_code_hash)).toBe(true);
    expect(row.submitted_by_id).toBeNull();
  });

  it("computes the deadlines in working days from the day it was received", async () => {
    const [row] = await h.ds.query(
      `SELECT to_char(acknowledgement_due, 'YYYY-MM-DD') a, to_char(threshold_decision_due, 'YYYY-MM-DD') t, to_char(next_due, 'YYYY-MM-DD') n, panel_due
         FROM case_review WHERE id = $1`,
      [caseId],
    );
    expect(row).toEqual({ a: addWorkingDays(today(), 5), t: addWorkingDays(today(), 15), n: addWorkingDays(today(), 15), panel_due: null });
  });

  it("stores the victim and each incident, reported by the applicant", async () => {
    const victims = await h.ds.query(`SELECT id, name, postcode, consent_given, position FROM applicant WHERE case_review_id = $1`, [caseId]);
    expect(victims).toEqual([{ id: expect.any(String), name: "Margaret Hollis", postcode: "ME16 8RP", consent_given: true, position: 0 }]);
    const incidents = await h.ds.query(`SELECT reported_by_applicant_id, confirmation FROM incident WHERE case_review_id = $1`, [caseId]);
    expect(incidents).toHaveLength(3);
    for (const i of incidents) expect(i).toEqual({ reported_by_applicant_id: victims[0].id, confirmation: "PENDING" });
  });

  it("passes the case to every agency an incident was reported to: involved, with an information request naming its incidents", async () => {
    const involved = await h.ds.query(
      `SELECT a.name, ca.first_reason FROM case_agency ca JOIN agency a ON a.id = ca.agency_id WHERE ca.case_review_id = $1 ORDER BY a.name`,
      [caseId],
    );
    expect(involved).toEqual([
      { name: "Golding Homes", first_reason: "INCIDENT_REPORTED" },
      { name: "Kent Police", first_reason: "INCIDENT_REPORTED" },
      { name: "Maidstone Borough Council", first_reason: "INCIDENT_REPORTED" },
    ]);
    const requests = await h.ds.query(
      `SELECT a.name, r.question, to_char(r.due_by, 'YYYY-MM-DD') due_by, r.answered_at FROM information_request r JOIN agency a ON a.id = r.agency_id
        WHERE r.case_review_id = $1 ORDER BY a.name`,
      [caseId],
    );
    expect(requests).toHaveLength(3);
    for (const r of requests) expect(r.due_by).toBe(addWorkingDays(today(), 10));
    const police = requests.find((r: any) => r.name === "Kent Police");
    expect(police.question).toContain("Harassment or intimidation at Outside 14 Tonbridge Road");
    expect(police.question).toContain("your reference KP-46/1120");
    expect(police.question).not.toContain("Fence panels"); // only the agency's own incidents
  });

  it("issues the ACKNOWLEDGEMENT letter: the reference, what happens next and when", async () => {
    const letters = await h.ds.query(`SELECT kind, body, to_char(due_by, 'YYYY-MM-DD') due_by FROM letter WHERE case_review_id = $1`, [caseId]);
    expect(letters).toHaveLength(1);
    expect(letters[0].kind).toBe("ACKNOWLEDGEMENT");
    expect(letters[0].due_by).toBe(addWorkingDays(today(), 5));
    expect(letters[0].body).toContain("Dear Margaret Hollis");
    expect(letters[0].body).toContain(reference);
    expect(letters[0].body).toContain("Kent Police, Maidstone Borough Council and Golding Homes");
    expect(letters[0].body).toMatch(/We will tell you by \d+ \w+ \d{4} whether/);
  });

  it("records the timeline and an audit row without personal data", async () => {
    const events = await h.ds.query(`SELECT kind, actor FROM case_event WHERE case_review_id = $1 ORDER BY id`, [caseId]);
    expect(events.map((e: any) => e.kind)).toEqual(["APPLICATION_RECEIVED", "PASSED_TO_AGENCIES", "LETTER_ISSUED"]);
    expect(events[0].actor).toBe("the applicant");
    const [audit] = await h.ds.query(`SELECT operation, actor, detail FROM audit_entry WHERE case_review_id = $1 AND operation = 'submitCaseReviewApplication'`, [caseId]);
    expect(audit.detail).toEqual({
      reference,
      incidentCount: 3,
      agencies: ["Kent Police", "Maidstone Borough Council", "Golding Homes"],
      onBehalf: false,
    });
    expect(JSON.stringify(audit.detail)).not.toMatch(/Hollis|example\.org|ME16|Tonbridge Road/);
  });

  it("the applicant sees the status, key dates and the letters with the reference and the access code", async () => {
    const data = await h.ok(null, STATUS, { reference, accessCode });
    expect(data.applicationStatus).toEqual({
      reference,
      status: "SUBMITTED",
      statusDescription: expect.stringContaining("passed it to the agencies"),
      receivedOn: today(),
      thresholdDecisionDue: addWorkingDays(today(), 15),
      thresholdDecision: null,
      outcomeLetterDue: null,
      secondaryReviewRequestDue: null,
      letters: [{ kind: "ACKNOWLEDGEMENT", issuedOn: today(), body: expect.stringContaining(reference) }],
    });
  });

  it("the reference is read however it is typed, and the code with or without dashes", async () => {
    const data = await h.ok(null, STATUS, { reference: ` ${reference.toLowerCase()} `, accessCode: accessCode.replace(/-/g, "").toLowerCase() });
    expect(data.applicationStatus.reference).toBe(reference);
  });

  it("a wrong access code answers exactly like an unknown reference", async () => {
    const wrong = await h.gql(null, STATUS, { reference, accessCode: "AAAA-BBBB-CCCC" });
    const unknown = await h.gql(null, STATUS, { reference: "ASB-2001-999999", accessCode });
    expect(codes(wrong)).toEqual(["NOT_FOUND"]);
    expect(wrong.errors).toEqual(unknown.errors);
    expect(wrong.data).toEqual(unknown.data);
  });

  it("the view carries the status, dates and letters and nothing else", async () => {
    const data = await h.ok(U.analyst, `{ __type(name: "ApplicationStatusView") { fields { name } } }`);
    expect(data.__type.fields.map((f: any) => f.name).sort()).toEqual(
      ["letters", "outcomeLetterDue", "receivedOn", "reference", "secondaryReviewRequestDue", "status", "statusDescription", "thresholdDecision", "thresholdDecisionDue"].sort(),
    );
    const letter = await h.ok(U.analyst, `{ __type(name: "ApplicationLetter") { fields { name } } }`);
    expect(letter.__type.fields.map((f: any) => f.name).sort()).toEqual(["body", "issuedOn", "kind"]);
  });

  it("each view by the applicant is written to the audit trail", async () => {
    const [row] = await h.ds.query(
      `SELECT count(*)::int n FROM audit_entry WHERE case_review_id = $1 AND operation = 'READ' AND detail->'fields' ? 'applicationStatus' AND actor = 'the applicant'`,
      [caseId],
    );
    expect(row.n).toBeGreaterThanOrEqual(2);
  });

  it("references are never reused: the next application gets the next number", async () => {
    const next = await h.ok(null, SUBMIT, { input: maidstoneApplication(h) });
    const n = (ref: string) => Number(ref.slice(-6));
    expect(n(next.submitCaseReviewApplication.reference)).toBeGreaterThan(n(reference));
  });
});

describe("several victims and a representative", () => {
  it("stores each victim with consent and who reported each incident; the representative with the time consent was recorded", async () => {
    const base = maidstoneApplication(h);
    const input = {
      ...base,
      applicant: { ...base.applicant, kind: "INDIVIDUAL" },
      additionalVictims: [{ kind: "BUSINESS", name: "Tonbridge Road Stores Ltd", phone: "01622 555 0100", postcode: "me16 8rq", consentGiven: true }],
      representative: { name: "Cllr Jane Porter", relationship: "COUNCILLOR", organisation: "Maidstone Borough Council", email: "j.porter@example.org", consentObtained: true },
      incidents: base.incidents.map((i, k) => ({ ...i, reportedBy: k === 1 ? 1 : 0 })),
    };
    const out = await h.ok(null, SUBMIT, { input });
    const [{ id }] = await h.ds.query(`SELECT id FROM case_review WHERE reference = $1`, [out.submitCaseReviewApplication.reference]);
    const victims = await h.ds.query(`SELECT id, kind, name, postcode, position FROM applicant WHERE case_review_id = $1 ORDER BY position`, [id]);
    expect(victims.map((v: any) => [v.kind, v.name, v.postcode, v.position])).toEqual([
      ["INDIVIDUAL", "Margaret Hollis", "ME16 8RP", 0],
      ["BUSINESS", "Tonbridge Road Stores Ltd", "ME16 8RQ", 1],
    ]);
    const incidents = await h.ds.query(`SELECT category, reported_by_applicant_id FROM incident WHERE case_review_id = $1 ORDER BY occurred_on`, [id]);
    expect(incidents.map((i: any) => i.reported_by_applicant_id)).toEqual([victims[0].id, victims[1].id, victims[0].id]);
    const [rep] = await h.ds.query(`SELECT name, relationship, consent_obtained, consent_recorded_at FROM representative WHERE case_review_id = $1`, [id]);
    expect(rep).toMatchObject({ name: "Cllr Jane Porter", relationship: "COUNCILLOR", consent_obtained: true });
    expect(rep.consent_recorded_at).toBeInstanceOf(Date);
    const [letter] = await h.ds.query(`SELECT body FROM letter WHERE case_review_id = $1`, [id]);
    expect(letter.body).toContain("Cllr Jane Porter made the application on your behalf, with your consent");
  });
});

describe("consent", () => {
  const refused: Array<[string, (input: any) => void, string]> = [
    ["a representative without the victim's consent", i => (i.representative = { name: "Sam Hollis", relationship: "FAMILY_MEMBER", consentObtained: false }), "representative.consentObtained"],
    ["a victim who does not consent", i => (i.applicant.consentGiven = false), "applicant.consentGiven"],
    ["an additional victim who does not consent", i => (i.additionalVictims = [{ name: "Tonbridge Road Residents' Association", kind: "COMMUNITY_GROUP", consentGiven: false }]), "additionalVictims.0.consentGiven"],
  ];
  it.each(refused)("%s: refused with a clear error, and nothing is stored", async (_name, change, field) => {
    const input: any = maidstoneApplication(h);
    change(input);
    const before = await rowCounts(h);
    const res = await h.gql(null, SUBMIT, { input });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(fieldsOf(res)).toEqual([field]);
    expect(res.errors![0]!.message).toMatch(/consent/);
    expect(await rowCounts(h)).toEqual(before);
  });
});

describe("idempotent resubmission", () => {
  it("the same application with the same key returns the same case, with a new access code", async () => {
    const input = { ...maidstoneApplication(h), idempotencyKey: "form-7f3a9c" };
    const first = (await h.ok(null, SUBMIT, { input })).submitCaseReviewApplication;
    const before = await rowCounts(h);
    const again = (await h.ok(null, SUBMIT, { input })).submitCaseReviewApplication;
    expect(again.reference).toBe(first.reference);
    expect(again.status).toBe(first.status);
    expect(again.submittedAt).toBe(first.submittedAt);
    expect(again.accessCode).not.toBe(first.accessCode);
    const after = await rowCounts(h);
    // No second case: only a timeline line and an audit row for the reissued code.
    expect({ ...after, case_event: before.case_event, audit_entry: before.audit_entry }).toEqual(before);
    expect(after.case_event).toBe(before.case_event + 1);
    // The first answer may never have arrived: the new code works, the old one no longer does.
    expect((await h.ok(null, STATUS, { reference: first.reference, accessCode: again.accessCode })).applicationStatus.reference).toBe(first.reference);
    expect(codes(await h.gql(null, STATUS, { reference: first.reference, accessCode: first.accessCode }))).toEqual(["NOT_FOUND"]);
  });

  it("the same key is the same application whatever the spacing and case of its text", async () => {
    const input: any = { ...maidstoneApplication(h), idempotencyKey: "form-spacing" };
    const first = (await h.ok(null, SUBMIT, { input })).submitCaseReviewApplication;
    input.applicant = { ...input.applicant, name: "  Margaret   Hollis ", email: "M.Hollis@Example.org", postcode: "me168rp" };
    const again = (await h.ok(null, SUBMIT, { input })).submitCaseReviewApplication;
    expect(again.reference).toBe(first.reference);
  });

  it("the same key with a different application is a CONFLICT, and nothing changes", async () => {
    const input = { ...maidstoneApplication(h), idempotencyKey: "form-conflict" };
    await h.ok(null, SUBMIT, { input });
    const before = await rowCounts(h);
    const changed = { ...input, incidents: input.incidents.slice(0, 2) };
    const res = await h.gql(null, SUBMIT, { input: changed });
    expect(codes(res)).toEqual(["CONFLICT"]);
    expect(res.errors![0]!.message).toMatch(/idempotencyKey/);
    expect(await rowCounts(h)).toEqual(before);
  });

  it("two submits with one key at the same moment make one case", async () => {
    const input = { ...maidstoneApplication(h), idempotencyKey: "form-race" };
    const results = await Promise.all([1, 2, 3].map(() => h.gql(null, SUBMIT, { input })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const refs = new Set(results.map(r => r.data.submitCaseReviewApplication.reference));
    expect(refs.size).toBe(1);
    const [{ n }] = await h.ds.query(`SELECT count(*)::int n FROM case_review WHERE idempotency_key = 'form-race'`);
    expect(n).toBe(1);
  });
});

describe("staff applying on someone's behalf", () => {
  it("a CSP officer records a phone application: the date it was received counts, and the case's id comes back", async () => {
    const receivedOn = daysAgo(3);
    const base = maidstoneApplication(h);
    const input = { ...base, receivedOn, incidents: base.incidents.map(i => ({ ...i })) };
    const out = (await h.ok(U.cspMaidstone, SUBMIT, { input })).submitCaseReviewApplication;
    expect(out.receivedOn).toBe(receivedOn);
    expect(out.reference.slice(4, 8)).toBe(receivedOn.slice(0, 4));
    expect(out.caseReviewId).toEqual(expect.any(String));
    const [row] = await h.ds.query(
      `SELECT submitted_by_id, to_char(threshold_decision_due, 'YYYY-MM-DD') t, to_char(received_on, 'YYYY-MM-DD') r FROM case_review WHERE id = $1`,
      [out.caseReviewId],
    );
    expect(row).toEqual({ submitted_by_id: h.ref.users.get(U.cspMaidstone)!.id, t: addWorkingDays(receivedOn, 15), r: receivedOn });
    const [{ summary }] = await h.ds.query(`SELECT summary FROM case_event WHERE case_review_id = $1 AND kind = 'APPLICATION_RECEIVED'`, [out.caseReviewId]);
    expect(summary).toContain("recorded by Priya Shah (Maidstone Borough Council) on the applicant's behalf");
    const seen = await h.ok(U.cspMaidstone, `query ($id: ID!) { caseReview(id: $id) { reference receivedOn } }`, { id: out.caseReviewId });
    expect(seen.caseReview).toEqual({ reference: out.reference, receivedOn });
  });

  it("an agency officer may record one for a partnership the agency serves", async () => {
    const out = (await h.ok(U.police, SUBMIT, { input: maidstoneApplication(h) })).submitCaseReviewApplication;
    expect(out.caseReviewId).toEqual(expect.any(String));
  });

  it("staff may not give a date in the future", async () => {
    const res = await h.gql(U.cspMaidstone, SUBMIT, { input: { ...maidstoneApplication(h), receivedOn: addDays(today(), 1) } });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(fieldsOf(res)).toEqual(["receivedOn"]);
  });

  it("staff of an agency that does not serve the partnership are refused (FORBIDDEN), and nothing is stored", async () => {
    const before = await rowCounts(h);
    const res = await h.gql(U.cspAshford, SUBMIT, { input: maidstoneApplication(h) });
    expect(codes(res)).toEqual(["FORBIDDEN"]);
    expect(await rowCounts(h)).toEqual(before);
  });

  it.each([
    ["an analyst", U.analyst],
    ["an independent reviewer", U.reviewer],
    ["a panel chair", U.chair],
  ])("%s does not take applications (FORBIDDEN)", async (_who, email) => {
    const res = await h.gql(email, SUBMIT, { input: maidstoneApplication(h) });
    expect(codes(res)).toEqual(["FORBIDDEN"]);
  });
});

describe("validation: each rule answers BAD_USER_INPUT naming the field, and nothing is stored", () => {
  const long = (n: number) => "x".repeat(n);
  const incident = (k: number, change: Record<string, unknown>) => (input: any) => (input.incidents[k] = { ...input.incidents[k], ...change });
  const applicant = (change: Record<string, unknown>) => (input: any) => (input.applicant = { ...input.applicant, ...change });
  const cases: Array<[string, (input: any) => void, string[]]> = [
    ["behaviour in the future", incident(0, { occurredOn: addDays(todayUk(), 1), reportedOn: addDays(todayUk(), 1) }), ["incidents.0.occurredOn", "incidents.0.reportedOn"]],
    ["a report in the future", incident(1, { reportedOn: addDays(todayUk(), 2) }), ["incidents.1.reportedOn"]],
    ["reported before it happened", incident(2, { occurredOn: daysAgo(5), reportedOn: daysAgo(6) }), ["incidents.2.reportedOn"]],
    ["an unknown partnership", i => (i.partnershipCode = "KENT-NOWHERE"), ["partnershipCode"]],
    ["an unknown partnership id", i => { delete i.partnershipCode; i.partnershipId = "00000000-0000-4000-8000-000000000000"; }, ["partnershipId"]],
    ["no partnership", i => delete i.partnershipCode, ["partnershipCode"]],
    ["an agency that does not serve the partnership", (i: any) => (i.incidents[1].reportedToAgencyId = h.ref.agencies.get("Ashford Borough Council")!.id), ["incidents.1.reportedToAgencyId"]],
    ["an agency id that is not an id", incident(0, { reportedToAgencyId: "kent-police" }), ["incidents.0.reportedToAgencyId"]],
    ["an invalid postcode", applicant({ postcode: "ME16 ABC" }), ["applicant.postcode"]],
    ["an invalid email", applicant({ email: "margaret.hollis.example.org" }), ["applicant.email"]],
    ["an invalid phone number", applicant({ phone: "call me" }), ["applicant.phone"]],
    ["a date of birth in the future", applicant({ dateOfBirth: addDays(todayUk(), 1) }), ["applicant.dateOfBirth"]],
    ["email preferred but not given", applicant({ email: null }), ["applicant.email"]],
    ["no way to contact the applicant", applicant({ email: null, phone: null, address: null, preferredContact: null }), ["applicant"]],
    ["a blank name", applicant({ name: "   " }), ["applicant.name"]],
    ["no incidents", i => (i.incidents = []), ["incidents"]],
    ["more than 50 incidents", (i: any) => (i.incidents = Array.from({ length: 51 }, () => i.incidents[0])), ["incidents"]],
    ["an incident reported by a victim not named", incident(0, { reportedBy: 1 }), ["incidents.0.reportedBy"]],
    ["a blank location", incident(0, { location: "  " }), ["incidents.0.location"]],
    ["a blank description", incident(0, { description: " \n " }), ["incidents.0.description"]],
    ["the public giving receivedOn", i => (i.receivedOn = daysAgo(1)), ["receivedOn"]],
    ["a representative's invalid email", i => (i.representative = { name: "Sam Hollis", relationship: "FAMILY_MEMBER", email: "sam@", consentObtained: true }), ["representative.email"]],
    // Lengths: class-validator on the input classes.
    ["a name of 201 characters", applicant({ name: long(201) }), ["applicant.name"]],
    ["an email of 321 characters", applicant({ email: `${long(310)}@example.org` }), ["applicant.email"]],
    ["a phone number of 41 characters", applicant({ phone: "0".repeat(41) }), ["applicant.phone"]],
    ["an address of 501 characters", applicant({ address: long(501) }), ["applicant.address"]],
    ["a postcode of 11 characters", applicant({ postcode: "ME16 8RP   X" }), ["applicant.postcode"]],
    ["vulnerabilities of 2001 characters", applicant({ vulnerabilities: long(2001) }), ["applicant.vulnerabilities"]],
    ["a location of 301 characters", incident(0, { location: long(301) }), ["incidents.0.location"]],
    ["a description of 5001 characters", incident(0, { description: long(5001) }), ["incidents.0.description"]],
    ["an agency reference of 61 characters", incident(0, { agencyReference: long(61) }), ["incidents.0.agencyReference"]],
    ["a representative's name of 201 characters", i => (i.representative = { name: long(201), relationship: "FRIEND", consentObtained: true }), ["representative.name"]],
    ["an organisation of 201 characters", i => (i.representative = { name: "A Friend", organisation: long(201), relationship: "FRIEND", consentObtained: true }), ["representative.organisation"]],
    ["an idempotency key of 101 characters", i => (i.idempotencyKey = long(101)), ["idempotencyKey"]],
    ["a partnership code of 41 characters", i => (i.partnershipCode = long(41)), ["partnershipCode"]],
    ["more than 20 additional victims", i => (i.additionalVictims = Array.from({ length: 21 }, (_, k) => ({ name: `Victim ${k}`, consentGiven: true }))), ["additionalVictims"]],
  ];

  it.each(cases)("%s", async (_name, change, fields) => {
    const input: any = JSON.parse(JSON.stringify(maidstoneApplication(h)));
    change(input);
    const before = await rowCounts(h);
    const res = await h.gql(null, SUBMIT, { input });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    expect([...new Set(fieldsOf(res))].sort()).toEqual([...fields].sort());
    expect(await rowCounts(h)).toEqual(before);
  });

  it("every problem is listed at once, each by its field", async () => {
    const input: any = maidstoneApplication(h);
    input.applicant = { ...input.applicant, email: "nope", postcode: "XX" };
    input.incidents[0] = { ...input.incidents[0], reportedOn: addDays(input.incidents[0].occurredOn, -1) };
    input.incidents[2] = { ...input.incidents[2], reportedToAgencyId: agencyId(h, "Clarion Housing"), occurredOn: addDays(todayUk(), 3) };
    const res = await h.gql(null, SUBMIT, { input });
    expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
    // Clarion Housing serves Maidstone: that one is fine.
    expect(fieldsOf(res).sort()).toEqual(["applicant.email", "applicant.postcode", "incidents.0.reportedOn", "incidents.2.occurredOn", "incidents.2.reportedOn"].sort());
    expect(res.errors![0]!.message).toContain("applicant.postcode: is not a valid UK postcode");
  });

  it.each(["ME14 1XX", "me141xx", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "W1A 0AX", "GIR 0AA"])(
    "accepts the UK postcode %s",
    async postcode => {
      const input: any = maidstoneApplication(h);
      input.applicant.postcode = postcode;
      const res = await h.gql(null, SUBMIT, { input });
      expect(res.errors).toBeUndefined();
    },
  );
});
