import { startHarness, U, type Harness } from "../helpers/harness";
import { workingDaysBetween } from "../../src/calendar/working-days";
import { fixture } from "./fixtures";
import { ASHFORD, D_OUTCOMES, loadKnownCases, MAIDSTONE, TONBRIDGE } from "./known-cases";

const FIELDS = `applicationsReceived thresholdMet thresholdNotMet reviewsCarriedOut reviewsWithRecommendations adviceGiven
  secondaryReviewsRequested recommendationsMade recommendationsCompleted medianWorkingDaysToOutcome`;
const QUERY = `query ($partnershipId: ID, $financialYear: String!) {
  caseReviewStatistics(partnershipId: $partnershipId, financialYear: $financialYear) {
    partnership { code } partnerships { code } financialYear startsOn endsOn figuresTo
    ${FIELDS}
    byQuarter { quarter label startsOn endsOn ${FIELDS} suppressed }
  }
}`;

let h: Harness;
let ids: Record<string, { caseReviewId: string; panelId: string | null }> = {};
const pid = (code: string) => h.ref.partnerships.get(code)!.id;

async function stats(as: string, financialYear: string, partnership?: string) {
  const data = await h.ok(as, QUERY, { financialYear, partnershipId: partnership ? pid(partnership) : null });
  return data.caseReviewStatistics;
}
const withoutQuarters = (s: any) => {
  const { byQuarter: _q, partnership: _p, partnerships: _ps, financialYear: _f, startsOn: _s, endsOn: _e, figuresTo: _t, ...figures } = s;
  return figures;
};

beforeAll(async () => {
  h = await startHarness();
  ids = await loadKnownCases(h);
});
afterAll(() => h?.close());

describe("caseReviewStatistics: every figure, counted by the date each event happened", () => {
  it("2023/24 for Maidstone: the statutory figures and the rest, exactly", async () => {
    const s = await stats(U.cspMaidstone, "2023/24", MAIDSTONE);
    expect(s.partnership).toEqual({ code: MAIDSTONE });
    expect(s.partnerships).toEqual([{ code: MAIDSTONE }]);
    expect([s.financialYear, s.startsOn, s.endsOn, s.figuresTo]).toEqual(["2023/24", "2023-04-01", "2024-03-31", "2024-03-31"]);
    expect(withoutQuarters(s)).toEqual({
      // M2, M3, M7, M8, M5, M4 (31 March 2024), B1-B5, C1-C6; not M1 (31 March 2023)
      applicationsReceived: 17,
      // M3, M7, M8, M5; not M4 (decided 2 April 2024)
      thresholdMet: 4,
      // M1 (received in 2022/23, decided in 2023/24), M2, B1-B5
      thresholdNotMet: 7,
      // M3, M7, M8, M5; not M4 (held 25 April 2024)
      reviewsCarriedOut: 4,
      // M3, M7, M5 (its first recommendation was recorded in the year); not M8
      reviewsWithRecommendations: 3,
      // M1, B1-B5; not M2 (no action recorded)
      adviceGiven: 6,
      // M1, M3 (31 March 2024); not M7 (1 April 2024)
      secondaryReviewsRequested: 2,
      // M3 x2, M7, M5's first; not M5's second (00:30 BST on 1 April 2024)
      recommendationsMade: 4,
      // M3's first (September 2023), M7's (23:30 BST on 31 March 2024)
      recommendationsCompleted: 2,
      // M3 42, M7 43 (its first outcome letter), M8 78
      medianWorkingDaysToOutcome: 43,
    });
  });

  it("2023/24 by quarter: figures from 1 to 4 suppressed, a second cell where one alone could be subtracted, 0 shown", async () => {
    const s = await stats(U.cspMaidstone, "2023/24", MAIDSTONE);
    const c = null; // suppressed
    const q = (quarter: number) => s.byQuarter[quarter - 1];
    expect(s.byQuarter.map((x: any) => [x.quarter, x.label, x.startsOn, x.endsOn])).toEqual([
      [1, "Q1", "2023-04-01", "2023-06-30"],
      [2, "Q2", "2023-07-01", "2023-09-30"],
      [3, "Q3", "2023-10-01", "2023-12-31"],
      [4, "Q4", "2024-01-01", "2024-03-31"],
    ]);
    const figure = (name: string) => s.byQuarter.map((x: any) => x[name]);
    // Underlying: 3, 6, 7, 1 -> the two small ones hidden, the rest shown.
    expect(figure("applicationsReceived")).toEqual([c, 6, 7, c]);
    // 2, 1, 1, 0
    expect(figure("thresholdMet")).toEqual([c, c, c, 0]);
    // 2, 5, 0, 0: Q1 alone would be 7 - 5 - 0 - 0, so Q2 is hidden too; the zeros stay.
    expect(figure("thresholdNotMet")).toEqual([c, c, 0, 0]);
    // 1, 5, 0, 0: the same.
    expect(figure("adviceGiven")).toEqual([c, c, 0, 0]);
    expect(figure("reviewsCarriedOut")).toEqual([c, c, c, c]);
    expect(figure("reviewsWithRecommendations")).toEqual([c, c, 0, c]);
    expect(figure("secondaryReviewsRequested")).toEqual([c, 0, 0, c]);
    expect(figure("recommendationsMade")).toEqual([c, c, 0, c]);
    expect(figure("recommendationsCompleted")).toEqual([0, c, 0, c]);
    // Two outcomes in Q2 and one in Q3: a median of so few would be a case's own figure.
    expect(figure("medianWorkingDaysToOutcome")).toEqual([null, c, c, null]);
    expect(q(1).suppressed).toEqual([
      "applicationsReceived", "thresholdMet", "thresholdNotMet", "reviewsCarriedOut", "reviewsWithRecommendations",
      "adviceGiven", "secondaryReviewsRequested", "recommendationsMade",
    ]);
    expect(q(2).suppressed).toEqual([
      "thresholdMet", "thresholdNotMet", "reviewsCarriedOut", "reviewsWithRecommendations", "adviceGiven",
      "recommendationsMade", "recommendationsCompleted", "medianWorkingDaysToOutcome",
    ]);
    expect(q(3).suppressed).toEqual(["thresholdMet", "reviewsCarriedOut", "medianWorkingDaysToOutcome"]);
    expect(q(4).suppressed).toEqual([
      "applicationsReceived", "reviewsCarriedOut", "reviewsWithRecommendations", "secondaryReviewsRequested",
      "recommendationsMade", "recommendationsCompleted",
    ]);
  });

  it("2024/25 for Maidstone: the events of 2023/24's cases that happened after 31 March 2024", async () => {
    const s = await stats(U.cspMaidstone, "2024/25", MAIDSTONE);
    expect(withoutQuarters(s)).toEqual({
      applicationsReceived: 0,
      thresholdMet: 1, // M4, received 31 March 2024
      thresholdNotMet: 0,
      reviewsCarriedOut: 1, // M4
      reviewsWithRecommendations: 0,
      adviceGiven: 0,
      secondaryReviewsRequested: 1, // M7, 1 April 2024
      recommendationsMade: 1, // M5's second, 00:30 BST on 1 April 2024
      recommendationsCompleted: 2, // M3's second (2 April 2024), M5's first (1 July 2024, UK)
      medianWorkingDaysToOutcome: 77, // M5 132, M4 22
    });
    expect(s.byQuarter.map((x: any) => x.recommendationsCompleted)).toEqual([null, null, 0, 0]);
  });

  it("2022/23 counts the application received on 31 March 2023 and nothing after", async () => {
    const s = await stats(U.cspMaidstone, "2022/23", MAIDSTONE);
    expect(withoutQuarters(s)).toEqual({
      applicationsReceived: 1, thresholdMet: 0, thresholdNotMet: 0, reviewsCarriedOut: 0, reviewsWithRecommendations: 0,
      adviceGiven: 0, secondaryReviewsRequested: 0, recommendationsMade: 0, recommendationsCompleted: 0, medianWorkingDaysToOutcome: null,
    });
    expect(s.byQuarter.map((x: any) => x.applicationsReceived)).toEqual([0, 0, 0, null]);
  });

  it("a quarter with five or more shows its figures and its median", async () => {
    const s = await stats(U.cspMaidstone, "2021/22", MAIDSTONE);
    const days = D_OUTCOMES.map(on => workingDaysBetween("2021-09-01", on)).sort((a, b) => a - b);
    expect(days).toEqual([24, 35, 50, 64, 75]);
    expect(s.medianWorkingDaysToOutcome).toBe(50);
    expect(s.byQuarter.map((x: any) => [x.applicationsReceived, x.thresholdMet, x.medianWorkingDaysToOutcome, x.suppressed])).toEqual([
      [0, 0, null, []],
      [5, 5, null, []],
      [0, 0, 50, []],
      [0, 0, null, []],
    ]);
  });

  it("across every partnership the analyst's agency serves; a CSP officer's 'all' is their own partnership", async () => {
    const all = await stats(U.analyst, "2023/24");
    expect(all.partnership).toBeNull();
    expect(all.partnerships.map((p: any) => p.code)).toEqual([ASHFORD, MAIDSTONE, TONBRIDGE]); // by name
    expect(withoutQuarters(all)).toEqual({
      applicationsReceived: 19, // Maidstone 17, A1, T1
      thresholdMet: 4,
      thresholdNotMet: 8, // + A1
      reviewsCarriedOut: 4,
      reviewsWithRecommendations: 3,
      adviceGiven: 7, // + A1
      secondaryReviewsRequested: 2,
      recommendationsMade: 4,
      recommendationsCompleted: 2,
      medianWorkingDaysToOutcome: 43,
    });
    const ashford = await stats(U.analyst, "2023/24", ASHFORD);
    expect([ashford.applicationsReceived, ashford.thresholdNotMet, ashford.adviceGiven, ashford.medianWorkingDaysToOutcome]).toEqual([1, 1, 1, null]);

    const mine = await stats(U.cspAshford, "2023/24");
    expect(mine.partnership).toBeNull();
    expect(mine.partnerships).toEqual([{ code: ASHFORD }]);
    expect(withoutQuarters(mine)).toEqual(withoutQuarters(ashford));
  });

  it("the SQL counts working days exactly as workingDaysBetween (weekends, bank holidays, substitute days)", async () => {
    // One outcome per financial year, so each year's median is that case's own count.
    const pairs: Array<[string, string]> = [
      ["2015-12-23", "2016-01-05"], // Christmas 2015 on a Friday: Boxing Day substituted to Monday 28th
      ["2016-12-23", "2017-01-03"], // Christmas on a Sunday: substitute Tuesday 27th, New Year Monday 2nd
      ["2017-03-31", "2017-04-18"], // Easter 2017 (in 2017/18)
      ["2018-04-30", "2018-06-01"], // early May and spring bank holidays
      ["2019-08-23", "2019-08-27"], // summer bank holiday
      ["2020-05-01", "2020-05-11"], // VE day moved to Friday 8 May 2020
    ];
    const f = fixture(h.ds, h.ref);
    for (const [received, outcome] of pairs) {
      await f.add({ partnership: TONBRIDGE, receivedOn: received, outcomeLetters: [outcome] });
    }
    for (const [received, outcome] of pairs) {
      const fy = Number(outcome.slice(0, 4)) - (outcome.slice(5) < "04-01" ? 1 : 0);
      const label = `${fy}/${String((fy + 1) % 100).padStart(2, "0")}`;
      const s = await stats(U.cspTonbridge, label, TONBRIDGE);
      expect([label, s.medianWorkingDaysToOutcome]).toEqual([label, workingDaysBetween(received, outcome)]);
    }
  });

  it("a past year's figures stay the same when later events happen to its cases", async () => {
    const before = await stats(U.analyst, "2023/24", MAIDSTONE);
    const nextBefore = await stats(U.analyst, "2024/25", MAIDSTONE);
    const f = fixture(h.ds, h.ref);
    // M8's panel (held in 2023/24) gains a recommendation in May 2024; C1 is decided; C2 gets an outcome; M4 asks for a secondary review.
    await f.addRecommendation(ids.M8!.caseReviewId, ids.M8!.panelId!, { createdAt: "2024-05-01T10:00:00+01:00" });
    await h.ds.query(
      `INSERT INTO threshold_decision (case_review_id, met, qualifying_incident_count, engine_would_meet, decided_on, decided_by_id, reason, action_to_be_taken)
       VALUES ($1, false, 1, false, '2024-04-15', $2, 'Reasons', 'Advice')`,
      [ids.C1!.caseReviewId, h.ref.users.get(U.cspMaidstone)!.id],
    );
    await h.ds.query(`INSERT INTO letter (case_review_id, kind, issued_on, body) VALUES ($1, 'OUTCOME', '2024-06-03', 'Letter')`, [ids.C2!.caseReviewId]);
    await h.ds.query(`INSERT INTO secondary_review (case_review_id, requested_on, reason) VALUES ($1, '2024-06-04', 'Unhappy')`, [ids.M4!.caseReviewId]);
    await h.ds.query(`UPDATE case_review SET status = 'CLOSED', closed_at = now() WHERE partnership_id = $1`, [pid(MAIDSTONE)]);

    expect(await stats(U.analyst, "2023/24", MAIDSTONE)).toEqual(before);
    const next = await stats(U.analyst, "2024/25", MAIDSTONE);
    expect(next.recommendationsMade).toBe(nextBefore.recommendationsMade + 1);
    expect(next.reviewsWithRecommendations).toBe(nextBefore.reviewsWithRecommendations); // M8's panel was held in 2023/24
    expect([next.thresholdNotMet, next.adviceGiven, next.secondaryReviewsRequested]).toEqual([1, 1, 2]);
    expect(next.medianWorkingDaysToOutcome).not.toBe(nextBefore.medianWorkingDaysToOutcome);
  });

  it("runs one statement for the figures, however many cases (no rows loaded)", async () => {
    const res = await h.gql(U.analyst, `{ caseReviewStatistics(financialYear: "2023/24") { applicationsReceived byQuarter { applicationsReceived } } }`);
    expect(res.errors).toBeUndefined();
    // The caller, the figures and the partnerships: a fixed number, whatever the data.
    expect(res.statements).toBeLessThanOrEqual(3);
  });
});

describe("financialYear is validated strictly", () => {
  it.each([
    ["2023-24"], ["2023/2024"], ["2023/25"], ["23/24"], [" 2023/24"], ["2023/24 "], ["FY2023/24"], ["2023\\24"], [""],
  ])("%j is BAD_USER_INPUT", async text => {
    const res = await h.gql(U.analyst, QUERY, { financialYear: text });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.extensions?.fields).toEqual([{ field: "financialYear", message: expect.stringContaining("2023/24") }]);
    expect(res.data?.caseReviewStatistics).toBeNull();
  });

  it("a year before the ASB case review began (2014/15) or one that has not started is BAD_USER_INPUT", async () => {
    for (const text of ["2013/14", "2999/00"]) {
      const res = await h.gql(U.analyst, QUERY, { financialYear: text });
      expect([text, res.errors?.[0]?.extensions?.code]).toEqual([text, "BAD_USER_INPUT"]);
    }
    const first = await h.gql(U.analyst, QUERY, { financialYear: "2014/15" });
    expect(first.errors).toBeUndefined();
    expect(first.data.caseReviewStatistics.applicationsReceived).toBe(0);
  });
});

describe("who may read the figures (ACCESS.md: ANALYST, CSP_OFFICER, PANEL_CHAIR of the partnerships their agency serves)", () => {
  const cases: Array<[string, string | null, string | null, string | null]> = [
    // [who, as, partnership asked, expected error code or null]
    ["the PCC analyst, across all", U.analyst, null, null],
    ["the PCC analyst, Maidstone", U.analyst, MAIDSTONE, null],
    ["the Maidstone CSP officer, Maidstone", U.cspMaidstone, MAIDSTONE, null],
    ["the Maidstone CSP officer, their own 'all'", U.cspMaidstone, null, null],
    ["the Ashford CSP officer, Maidstone", U.cspAshford, MAIDSTONE, "FORBIDDEN"],
    ["the Maidstone chair, Maidstone", U.chair, MAIDSTONE, null],
    ["the Maidstone chair, Ashford", U.chair, ASHFORD, "FORBIDDEN"],
    ["a police agency officer", U.police, MAIDSTONE, "FORBIDDEN"],
    ["a police agency officer, across all", U.police, null, "FORBIDDEN"],
    ["a council agency officer", U.councilMaidstone, MAIDSTONE, "FORBIDDEN"],
    ["the independent reviewer", U.reviewer, MAIDSTONE, "FORBIDDEN"],
    ["the public", null, MAIDSTONE, "UNAUTHENTICATED"],
  ];
  it.each(cases)("%s", async (_who, as, partnership, code) => {
    const res = await h.gql(as, QUERY, { financialYear: "2023/24", partnershipId: partnership ? pid(partnership) : null });
    if (code === null) {
      expect(res.errors).toBeUndefined();
      expect(res.data.caseReviewStatistics.financialYear).toBe("2023/24");
    } else {
      expect(res.errors?.map(e => e.extensions?.code)).toEqual([code]);
      expect(res.data?.caseReviewStatistics ?? null).toBeNull();
    }
  });

  it("an id that names no partnership is FORBIDDEN, like one the agency does not serve", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      const res = await h.gql(U.analyst, QUERY, { financialYear: "2023/24", partnershipId: id });
      expect(res.errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    }
  });

  it("the figures carry no personal data: no names, references or case ids anywhere in the answer", async () => {
    const res = await h.gql(U.analyst, QUERY, { financialYear: "2023/24" });
    const text = JSON.stringify(res.data);
    expect(text).not.toMatch(/Test Applicant|ASB-TEST|[0-9a-f]{8}-[0-9a-f]{4}-/i);
  });
});
