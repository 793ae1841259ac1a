import { startHarness, U, type Harness } from "../helpers/harness";
import { ASHFORD, loadKnownCases, MAIDSTONE } from "./known-cases";

/** The downloads: GET /reports/statistics.csv and GET /reports/annual, with the GraphQL query's access rule. */
let h: Harness;
const pid = (code: string) => h.ref.partnerships.get(code)!.id;

async function get(path: string, as: string | null, query: Record<string, string | undefined>) {
  const url = new URL(path, h.baseUrl);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  const headers: Record<string, string> = as ? { authorization: `Bearer ${await h.token(as)}` } : {};
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

beforeAll(async () => {
  h = await startHarness();
  await loadKnownCases(h);
});
afterAll(() => h?.close());

const ROUTES = ["/reports/statistics.csv", "/reports/annual"];

describe.each(ROUTES)("GET %s: who may download", route => {
  const cases: Array<[string, string | null, string | null, number]> = [
    ["the PCC analyst, across all", U.analyst, null, 200],
    ["the PCC analyst, Ashford", U.analyst, ASHFORD, 200],
    ["the Maidstone CSP officer, Maidstone", U.cspMaidstone, MAIDSTONE, 200],
    ["the Maidstone CSP officer, their own 'all'", U.cspMaidstone, null, 200],
    ["the Ashford CSP officer, Maidstone", U.cspAshford, MAIDSTONE, 403],
    ["the Maidstone chair, Maidstone", U.chair, MAIDSTONE, 200],
    ["a police agency officer", U.police, MAIDSTONE, 403],
    ["a housing agency officer, across all", U.housingGolding, null, 403],
    ["the independent reviewer", U.reviewer, MAIDSTONE, 403],
    ["the public", null, MAIDSTONE, 401],
  ];
  it.each(cases)("%s", async (_who, as, partnership, status) => {
    const res = await get(route, as, { financialYear: "2023/24", partnershipId: partnership ? pid(partnership) : undefined });
    expect(res.status).toBe(status);
    expect(res.headers.get("cache-control")).toBe("no-store");
    if (status === 401) expect(res.headers.get("www-authenticate")).toBe("Bearer");
    if (status !== 200) expect(res.text).not.toMatch(/applicationsReceived|Applications received/);
  });

  it("a bad or missing year is 400 for someone allowed, and still 403 for someone who is not", async () => {
    for (const financialYear of ["2023-24", "2023/25", "", undefined]) {
      const res = await get(route, U.analyst, { financialYear });
      expect([financialYear, res.status]).toEqual([financialYear, 400]);
      expect(res.text).toMatch(/2023\/24/);
    }
    expect((await get(route, U.police, { financialYear: "nonsense" })).status).toBe(403);
  });

  it("a token that does not verify is 401", async () => {
    const res = await fetch(new URL(`${route}?financialYear=2023/24`, h.baseUrl), { headers: { authorization: "Bearer not.a.token" } });
    expect(res.status).toBe(401);
  });
});

describe("GET /reports/statistics.csv", () => {
  it("is the year's row then the quarters, with [c] for suppressed figures and the names of those figures", async () => {
    const res = await get("/reports/statistics.csv", U.cspMaidstone, { financialYear: "2023/24", partnershipId: pid(MAIDSTONE) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=asb-case-review-statistics-2023-24-kent-maidstone.csv");
    expect(res.text.split("\r\n")).toEqual([
      "financialYear,period,startsOn,endsOn,partnerships,applicationsReceived,thresholdMet,thresholdNotMet,reviewsCarriedOut," +
        "reviewsWithRecommendations,adviceGiven,secondaryReviewsRequested,recommendationsMade,recommendationsCompleted," +
        "medianWorkingDaysToOutcome,suppressed",
      "2023/24,year,2023-04-01,2024-03-31,KENT-MAIDSTONE,17,4,7,4,3,6,2,4,2,43,",
      "2023/24,Q1,2023-04-01,2023-06-30,KENT-MAIDSTONE,[c],[c],[c],[c],[c],[c],[c],[c],0,," +
        "applicationsReceived thresholdMet thresholdNotMet reviewsCarriedOut reviewsWithRecommendations adviceGiven secondaryReviewsRequested recommendationsMade",
      "2023/24,Q2,2023-07-01,2023-09-30,KENT-MAIDSTONE,6,[c],[c],[c],[c],[c],0,[c],[c],[c]," +
        "thresholdMet thresholdNotMet reviewsCarriedOut reviewsWithRecommendations adviceGiven recommendationsMade recommendationsCompleted medianWorkingDaysToOutcome",
      "2023/24,Q3,2023-10-01,2023-12-31,KENT-MAIDSTONE,7,[c],0,[c],0,0,0,0,0,[c],thresholdMet reviewsCarriedOut medianWorkingDaysToOutcome",
      "2023/24,Q4,2024-01-01,2024-03-31,KENT-MAIDSTONE,[c],0,0,[c],[c],0,[c],[c],[c],," +
        "applicationsReceived reviewsCarriedOut reviewsWithRecommendations secondaryReviewsRequested recommendationsMade recommendationsCompleted",
      "",
    ]);
  });

  it("across all: the partnerships counted are named, and the totals match the GraphQL query", async () => {
    const res = await get("/reports/statistics.csv", U.analyst, { financialYear: "2023/24" });
    const [header, year] = res.text.split("\r\n");
    const row = Object.fromEntries(header!.split(",").map((k, i) => [k, year!.split(",")[i]]));
    expect(res.headers.get("content-disposition")).toContain("2023-24-all.csv");
    expect(row.partnerships).toBe("KENT-ASHFORD KENT-MAIDSTONE KENT-TONBRIDGE-MALLING");
    const data = await h.ok(U.analyst, `{ caseReviewStatistics(financialYear: "2023/24") { applicationsReceived thresholdNotMet adviceGiven } }`);
    expect([row.applicationsReceived, row.thresholdNotMet, row.adviceGiven]).toEqual(
      [data.caseReviewStatistics.applicationsReceived, data.caseReviewStatistics.thresholdNotMet, data.caseReviewStatistics.adviceGiven].map(String),
    );
  });
});

describe("GET /reports/annual", () => {
  let html: string;
  let headers: Headers;
  beforeAll(async () => {
    const res = await get("/reports/annual", U.cspMaidstone, { financialYear: "2023/24", partnershipId: pid(MAIDSTONE) });
    expect(res.status).toBe(200);
    html = res.text;
    headers = res.headers;
  });

  it("is self-contained HTML: no script, nothing fetched, a policy that forbids both", () => {
    expect(headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|@import|url\(http/i);
    expect(html).toContain("@media print");
  });

  it("puts the statutory table first, then the chart, then the year-on-year comparison", () => {
    const order = ['id="statutory-figures"', 'id="quarterly-chart"', 'id="quarterly-figures"', 'id="year-on-year"', 'id="suppression"'].map(s =>
      html.indexOf(s),
    );
    expect(order.every(i => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const statutory = html.slice(html.indexOf('id="statutory-figures"'), html.indexOf("</table>", html.indexOf('id="statutory-figures"')));
    expect(statutory.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ")).toContain(
      "Applications received 17 Threshold not met 7 Case reviews carried out 4 Reviews resulting in recommendations 3",
    );
  });

  it("names the partnership and the period, and compares with the two years before", () => {
    expect(html).toContain("Maidstone Community Safety Partnership");
    expect(html).toContain("1 April 2023 to 31 March 2024");
    const table = html.slice(html.indexOf('id="year-on-year"'), html.indexOf("</table>", html.indexOf('id="year-on-year"')));
    const text = table.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("2021/22 2022/23 2023/24 Change on 2022/23");
    expect(text).toContain("Applications received 5 1 17 +16");
    expect(text).toContain("Median working days from application to outcome letter 50 &ndash; 43 &ndash;");
  });

  it("draws a bar for each figure shown and a marker, not a bar, for each suppressed one", () => {
    const chart = html.slice(html.indexOf('id="quarterly-chart"'), html.indexOf("</svg>"));
    expect(chart).toMatch(/<rect class="bar" data-quarter="2" data-figure="applicationsReceived"[^>]*height="[1-9]/);
    expect(chart).toContain('<g class="bar suppressed" data-quarter="1" data-figure="applicationsReceived">');
    expect(chart.match(/class="bar"/g)).toHaveLength(5); // Q2's and Q3's applications, and three zeros
    expect(chart.match(/class="bar suppressed"/g)).toHaveLength(11);
  });

  it("says which figures are suppressed and why", () => {
    const note = html.slice(html.indexOf('id="suppression"'), html.indexOf("</section>", html.indexOf('id="suppression"')));
    expect(note).toContain("could help someone identify");
    expect(note).toContain("requires them to be published");
    expect(note).toContain("<strong>Q3</strong> (October to December 2023): threshold met; case reviews carried out; median working days");
  });

  it("holds no personal data", () => {
    expect(html).not.toMatch(/Test Applicant|ASB-TEST|[0-9a-f]{8}-[0-9a-f]{4}-/i);
  });

  it("across all: says which partnerships are counted", async () => {
    const res = await get("/reports/annual", U.analyst, { financialYear: "2023/24" });
    expect(res.text).toContain(
      "Across the partnerships that Office of the Kent Police and Crime Commissioner serves: Ashford Community Safety Partnership, " +
        "Maidstone Community Safety Partnership and Tonbridge and Malling Community Safety Partnership",
    );
  });
});
