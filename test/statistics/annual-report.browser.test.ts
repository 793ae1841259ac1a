import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../helpers/browser";
import { startHarness, U, type Harness } from "../helpers/harness";
import { loadDemoHistory } from "../../src/demo/demo-history";

/**
 * The annual report as people see it: rendered by a real browser (Debian's `chromium` package,
 * driven by playwright-core), from the demo history. On a machine without Chromium this test fails
 * saying so; .ci/run installs Chromium, so CI always runs it.
 */
const FINANCIAL_YEAR = "2025/26";
const SCREENSHOT = path.join(os.tmpdir(), "asb-case-review-annual-report-2025-26.png");
const PDF = path.join(os.tmpdir(), "asb-case-review-annual-report-2025-26.pdf");

let h: Harness | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startHarness();
  await h.ds.transaction(tx => loadDemoHistory(tx, h!.ref, "2026-11-24"));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it("renders the annual report in headless Chromium: the statutory table, then the chart, then the comparison", async () => {
  const harness = h!;
  const expected = (
    await harness.ok(U.analyst, `query ($fy: String!) { caseReviewStatistics(financialYear: $fy) {
      applicationsReceived thresholdNotMet reviewsCarriedOut reviewsWithRecommendations } }`, { fy: FINANCIAL_YEAR })
  ).caseReviewStatistics;

  const context = await browser!.newContext({
    extraHTTPHeaders: { authorization: `Bearer ${await harness.token(U.analyst)}` },
    viewport: { width: 1100, height: 900 },
  });
  // Nothing may be fetched from anywhere but the server: the page must work offline.
  const outside: string[] = [];
  await context.route("**/*", route => {
    const url = route.request().url();
    if (url.startsWith(harness.baseUrl)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", m => (m.type() === "error" || m.type() === "warning") && problems.push(m.text()));
  page.on("pageerror", e => problems.push(e.message));

  const response = await page.goto(`${harness.baseUrl}/reports/annual?financialYear=${encodeURIComponent(FINANCIAL_YEAR)}`);
  expect(response?.status()).toBe(200);
  expect(await page.title()).toBe(`ASB case review: annual figures ${FINANCIAL_YEAR}`);

  // The statutory table, with the figures the API gives.
  const table = page.locator("#statutory-figures");
  await expect(table.isVisible()).resolves.toBe(true);
  const cells = await table.locator("tbody tr").evaluateAll(rows =>
    rows.map(r => [r.querySelector("th")!.textContent!.trim(), r.querySelector("td")!.textContent!.trim()]),
  );
  expect(cells).toEqual([
    ["Applications received", String(expected.applicationsReceived)],
    ["Threshold not met", String(expected.thresholdNotMet)],
    ["Case reviews carried out", String(expected.reviewsCarriedOut)],
    ["Reviews resulting in recommendations", String(expected.reviewsWithRecommendations)],
  ]);

  // The chart: drawn, a real size, with bars of real height for the quarters shown.
  const chart = page.locator("svg#quarterly-chart");
  await expect(chart.isVisible()).resolves.toBe(true);
  const box = (await chart.boundingBox())!;
  expect(box.width).toBeGreaterThan(600);
  expect(box.height).toBeGreaterThan(250);
  const heights = await page.locator("svg#quarterly-chart rect.bar").evaluateAll(bars => bars.map(b => b.getBoundingClientRect().height));
  expect(heights.length).toBeGreaterThan(0);
  expect(heights.filter(x => x > 10).length).toBeGreaterThanOrEqual(4); // at least applications in each quarter

  // In that order on the page, and the comparison covers three years.
  const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
  const [tableY, chartY, comparisonY] = [await top("#statutory-figures"), await top("svg#quarterly-chart"), await top("#year-on-year")];
  expect(tableY).toBeLessThan(chartY);
  expect(chartY).toBeLessThan(comparisonY);
  expect(await page.locator("#year-on-year thead th").allTextContents()).toEqual(
    expect.arrayContaining(["2023/24", "2024/25", "2025/26"]),
  );

  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  // And it prints: the print stylesheet applies and the PDF holds the pages.
  await page.emulateMedia({ media: "print" });
  await expect(table.isVisible()).resolves.toBe(true);
  await page.pdf({ path: PDF, format: "A4", printBackground: true });
  expect(fs.statSync(PDF).size).toBeGreaterThan(10_000);

  expect(outside).toEqual([]);
  expect(problems).toEqual([]);
  console.log(`Screenshot of the annual report: ${SCREENSHOT}\nPrinted (PDF): ${PDF}`);
  await context.close();
}, 60_000);
