import { startHarness, U, type Harness } from "../helpers/harness";
import { historicCaseProblems } from "../../src/modules/historic-cases/historic-case.rules";
import type { HistoricCaseReviewInput } from "../../src/modules/historic-cases/historic-case.input";

/**
 * importHistoricCaseReviews: cases decided before the platform, with their real dates; all or
 * nothing with every bad row numbered; idempotent on sourceReference; marked on the timeline and
 * in the audit trail; counted in the statistics by their own dates.
 */

let h: Harness;
const MAIDSTONE = "KENT-MAIDSTONE";
const pid = (code: string) => h.ref.partnerships.get(code)!.id;

const IMPORT = `mutation ($p: ID!, $cases: [HistoricCaseReviewInput!]!) {
  importHistoricCaseReviews(partnershipId: $p, cases: $cases) { imported alreadyImported cases { row sourceReference reference caseReviewId alreadyImported } }
}`;

const notMet = (n: number, receivedOn: string, decidedOn: string): any => ({
  sourceReference: `MBC-ASB-2023-${n}`,
  receivedOn,
  applicant: { name: `Historic Applicant ${n}`, address: "1 High Street, Maidstone", postcode: "me14 1xx" },
  incidents: [
    { category: "VERBAL_ABUSE", occurredOn: "2023-03-01", reportedOn: "2023-03-02", reportedTo: "Kent Police", location: "High Street", description: "Shouting at night" },
  ],
  thresholdDecision: { decidedOn, met: false, reason: "One qualifying complaint: three are needed", actionToBeTaken: "Advice on keeping a diary; referral to mediation" },
  letters: [
    { kind: "ACKNOWLEDGEMENT", issuedOn: receivedOn },
    { kind: "THRESHOLD_NOT_MET", issuedOn: decidedOn, body: "We are sorry: the threshold is not met." },
  ],
  closedOn: "2024-03-30",
  closeReason: "No secondary review was asked for",
});

const reviewed: any = {
  sourceReference: "MBC-ASB-2023-R1",
  receivedOn: "2023-05-10",
  applicant: { name: "Historic Reviewed Applicant" },
  incidents: ["2023-04-01", "2023-04-10", "2023-04-20"].map(d => ({
    category: "HARASSMENT_OR_INTIMIDATION", occurredOn: d, reportedOn: d, reportedTo: "maidstone borough council", location: "Week Street", description: "Intimidation",
  })),
  thresholdDecision: { decidedOn: "2023-05-25", met: true, reason: "Three qualifying complaints" },
  panel: { heldOn: "2023-06-20", findings: "Reports were not linked between agencies", chairName: "A. Chair (retired)" },
  recommendations: [
    { addressee: "Kent Police", text: "Link repeat reports", dueBy: "2023-08-01", outcome: "COMPLETED", respondedOn: "2023-06-25", completedOn: "2023-07-30" },
    { addressee: "Maidstone Town Centre BID", text: "Share CCTV", dueBy: "2023-08-01", outcome: "DECLINED", respondedOn: "2023-06-28", declineReason: "No budget" },
  ],
  letters: [{ kind: "OUTCOME", issuedOn: "2023-07-10" }],
  secondaryReview: { requestedOn: "2023-07-20", reason: "Unhappy with the panel", outcome: "NOT_UPHELD", decidedOn: "2023-08-30", findings: "Handled properly" },
};

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function count(table: string): Promise<number> {
  return (await h.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
}

describe("importHistoricCaseReviews", () => {
  let result: any;

  it("imports the cases with their own dates, and reports a reference for each", async () => {
    const cases = [notMet(1, "2023-04-03", "2023-04-20"), reviewed, notMet(2, "2024-03-01", "2024-03-15")];
    result = (await h.ok(U.cspMaidstone, IMPORT, { p: pid(MAIDSTONE), cases })).importHistoricCaseReviews;
    expect(result.imported).toBe(3);
    expect(result.alreadyImported).toBe(0);
    expect(result.cases.map((c: any) => [c.row, c.sourceReference, c.alreadyImported])).toEqual([
      [1, "MBC-ASB-2023-1", false],
      [2, "MBC-ASB-2023-R1", false],
      [3, "MBC-ASB-2023-2", false],
    ]);
    expect(result.cases[0].reference).toMatch(/^ASB-2023-\d{6}$/);
    expect(result.cases[2].reference).toMatch(/^ASB-2024-\d{6}$/);

    const c = (
      await h.ok(U.cspMaidstone, `query ($id: ID!) { caseReview(id: $id) { status receivedOn sourceReference importedAt thresholdDecision { decidedOn met route }
        panel { heldOn findings } recommendations { status assignedAgency { name } } letters { kind issuedOn } secondaryReview { outcome requestedOn }
        applicant { postcode } timeline { at actor kind summary } } }`, { id: result.cases[1].caseReviewId })
    ).caseReview;
    expect(c.status).toBe("CLOSED"); // NOT_UPHELD is the last step
    expect([c.receivedOn, c.sourceReference, c.thresholdDecision.decidedOn, c.thresholdDecision.route, c.panel.heldOn]).toEqual(["2023-05-10", "MBC-ASB-2023-R1", "2023-05-25", "STATUTORY", "2023-06-20"]);
    expect(c.importedAt).toBeTruthy();
    expect(c.recommendations.map((r: any) => [r.status, r.assignedAgency?.name ?? null]).sort()).toEqual([["COMPLETED", "Kent Police"], ["DECLINED", null]]);
    expect(c.secondaryReview).toEqual({ outcome: "NOT_UPHELD", requestedOn: "2023-07-20" });
    // Marked on its timeline: every step from the records, and the import itself at the end.
    expect(c.timeline.filter((e: any) => e.kind !== "CASE_IMPORTED").every((e: any) => /\(imported: MBC-ASB-2023-R1\)$/.test(e.summary) && /imported/.test(e.actor))).toBe(true);
    expect(c.timeline.at(-1).kind).toBe("CASE_IMPORTED");
    expect(c.timeline.at(-1).summary).toMatch(/^Imported by .* source reference MBC-ASB-2023-R1/);
    expect(c.timeline[0].at.slice(0, 10)).toBe("2023-05-10");
    expect(c.applicant.postcode).toBe(null);
  });

  it("writes the import to the audit trail, marked as imported", async () => {
    const rows = await h.ds.query(`SELECT case_review_id, detail FROM audit_entry WHERE operation = 'importHistoricCaseReviews' ORDER BY id`);
    expect(rows).toHaveLength(4);
    expect(rows.slice(0, 3).map((r: any) => [r.detail.imported, r.detail.sourceReference])).toEqual([
      [true, "MBC-ASB-2023-1"],
      [true, "MBC-ASB-2023-R1"],
      [true, "MBC-ASB-2023-2"],
    ]);
    expect(rows[3]).toMatchObject({ case_review_id: null, detail: { imported: 3, alreadyImported: 0, rows: 3 } });
  });

  it("importing the same cases again adds nothing", async () => {
    const before = await Promise.all(["case_review", "incident", "letter", "case_event", "recommendation"].map(count));
    const again = (await h.ok(U.cspMaidstone, IMPORT, { p: pid(MAIDSTONE), cases: [notMet(1, "2023-04-03", "2023-04-20"), reviewed, notMet(2, "2024-03-01", "2024-03-15")] }))
      .importHistoricCaseReviews;
    expect(again.imported).toBe(0);
    expect(again.alreadyImported).toBe(3);
    expect(again.cases.map((c: any) => c.reference)).toEqual(result.cases.map((c: any) => c.reference));
    expect(await Promise.all(["case_review", "incident", "letter", "case_event", "recommendation"].map(count))).toEqual(before);
  });

  it("counts in the statistics by their own dates", async () => {
    const s = (
      await h.ok(U.cspMaidstone, `query ($p: ID) { caseReviewStatistics(partnershipId: $p, financialYear: "2023/24") {
        applicationsReceived thresholdMet thresholdNotMet reviewsCarriedOut reviewsWithRecommendations adviceGiven secondaryReviewsRequested recommendationsMade recommendationsCompleted } }`, { p: pid(MAIDSTONE) })
    ).caseReviewStatistics;
    expect(s).toEqual({
      applicationsReceived: 3,
      thresholdMet: 1,
      thresholdNotMet: 2,
      reviewsCarriedOut: 1,
      reviewsWithRecommendations: 1,
      adviceGiven: 2,
      secondaryReviewsRequested: 1,
      recommendationsMade: 2,
      recommendationsCompleted: 1,
    });
    const next = (await h.ok(U.cspMaidstone, `query ($p: ID) { caseReviewStatistics(partnershipId: $p, financialYear: "2024/25") { applicationsReceived thresholdNotMet } }`, { p: pid(MAIDSTONE) }))
      .caseReviewStatistics;
    expect(next).toEqual({ applicationsReceived: 0, thresholdNotMet: 0 });
  });

  it("one bad row refuses the whole list: every bad row numbered with its reasons, nothing written", async () => {
    const before = await Promise.all(["case_review", "incident", "letter", "case_event", "audit_entry"].map(count));
    const badDates = { ...notMet(10, "2023-06-01", "2023-05-20") }; // decided before it was received
    const badAgency = notMet(11, "2023-06-01", "2023-06-10");
    badAgency.incidents[0].reportedTo = "Kent Polce";
    const duplicate = notMet(10, "2023-06-01", "2023-06-10");
    const res = await h.gql(U.cspMaidstone, IMPORT, { p: pid(MAIDSTONE), cases: [notMet(12, "2023-06-01", "2023-06-10"), badDates, badAgency, duplicate] });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const rows = res.errors![0]!.extensions!.rows;
    expect(rows.map((r: any) => r.row)).toEqual([2, 3, 4]);
    expect(rows[0].problems).toEqual([{ field: "thresholdDecision.decidedOn", message: "20 May 2023 is before the application was received (1 June 2023)" }]);
    expect(rows[1].problems[0]).toMatchObject({ field: "incidents[0].reportedTo" });
    expect(rows[1].problems[0].message).toMatch(/no agency serving this partnership is called "Kent Polce"/);
    expect(rows[2].problems).toEqual([{ field: "sourceReference", message: "MBC-ASB-2023-10 is also row 2" }]);
    expect(res.errors![0]!.message).toMatch(/^3 of 4 rows have problems, so nothing was imported\. row 2 \(MBC-ASB-2023-10\): /);
    expect(await Promise.all(["case_review", "incident", "letter", "case_event", "audit_entry"].map(count))).toEqual(before);
  });

  it("a CSP officer imports into their own partnerships only", async () => {
    const res = await h.gql(U.cspAshford, IMPORT, { p: pid(MAIDSTONE), cases: [notMet(20, "2023-06-01", "2023-06-10")] });
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("each step's date follows the one before it (historicCaseProblems)", () => {
  const ctx = { today: "2026-11-30", agencyByName: new Map([["kent police", { id: "p", name: "Kent Police" }], ["maidstone borough council", { id: "m", name: "Maidstone Borough Council" }]]) };
  const problems = (c: HistoricCaseReviewInput) => historicCaseProblems(c, ctx).map(p => `${p.field}: ${p.message}`);
  const base = (): any => JSON.parse(JSON.stringify(reviewed));

  it("accepts a whole case in order", () => {
    expect(problems(base())).toEqual([]);
  });
  it("an incident reported before it occurred, or after the application", () => {
    const c = base();
    c.incidents[0].reportedOn = "2023-03-31";
    c.incidents[1].reportedOn = "2023-05-11";
    expect(problems(c)).toEqual([
      "incidents[0].reportedOn: 31 March 2023 is before the incident occurred (1 April 2023)",
      "receivedOn: 10 May 2023 is before incident 2 was reported (11 May 2023)",
    ]);
  });
  it("a panel before the decision, a completion before the response, a letter before its step, a review before the outcome letter", () => {
    const c = base();
    c.panel.heldOn = "2023-05-24";
    c.recommendations[0].completedOn = "2023-06-24";
    c.letters[0].issuedOn = "2023-05-20";
    c.secondaryReview.requestedOn = "2023-05-19";
    expect(problems(c)).toEqual(
      expect.arrayContaining([
        "panel.heldOn: 24 May 2023 is before the threshold decision (25 May 2023)",
        "recommendations[0].completedOn: 24 June 2023 is before the response (25 June 2023)",
        "letters[0].issuedOn: 20 May 2023 is before the panel (24 May 2023)",
        "secondaryReview.requestedOn: 19 May 2023 is before the outcome letter (20 May 2023)",
      ]),
    );
  });
  it("a date in the future, a date that is not one, and a closing before the last step", () => {
    const c = base();
    c.receivedOn = "2023-02-30";
    c.secondaryReview.decidedOn = "2027-01-01";
    c.closedOn = "2023-07-25";
    c.closeReason = "Done";
    expect(problems(c)).toEqual(
      expect.arrayContaining([
        'receivedOn: must be a date written YYYY-MM-DD, got "2023-02-30"',
        "secondaryReview.decidedOn: 1 January 2027 is in the future",
        "closedOn: 25 July 2023 is before recommendations[0].completedOn (30 July 2023)",
      ]),
    );
  });
  it("what each step needs: advice when not met, a panel for recommendations, the reason for a decline", () => {
    const c = base();
    c.thresholdDecision = { decidedOn: "2023-05-25", met: false, reason: "Not enough" };
    c.recommendations[1].declineReason = null;
    expect(problems(c)).toEqual(
      expect.arrayContaining([
        "thresholdDecision.actionToBeTaken: is required when the threshold was not met: the action taken (the advice given)",
        "panel: a panel needs a threshold that was met",
        "recommendations[1].declineReason: is required for a DECLINED recommendation",
      ]),
    );
  });
});
