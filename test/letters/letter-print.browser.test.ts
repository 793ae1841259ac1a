import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { submitCase } from "../helpers/applications";
import { launchChromium, poppler } from "../helpers/browser";
import { createCase, daysFromToday, S } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

/**
 * Each kind of letter printed by a real Chromium to A4 (page.pdf), then read back from the PDF with
 * poppler's pdftotext: the marking heads and foots every page in the margins, nothing overlaps it,
 * a short letter is one page, and a long one runs on, numbered, with every line on some page.
 * Without Chromium or poppler-utils the test fails saying which is missing.
 */
const OUT = path.join(os.tmpdir(), "asb-case-review-letters");
const MARKING = "OFFICIAL-SENSITIVE";
const A4 = { width: 595.28, height: 841.89 }; // points
const MARGIN = (22 / 25.4) * 72; // the letter's @page margin, 22 mm, in points

let h: Harness;
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  poppler("pdftotext", ["-v"]);
  h = await startHarness();
  fs.mkdirSync(OUT, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

interface Word { text: string; xMin: number; yMin: number; xMax: number; yMax: number }
interface PrintedPage { width: number; height: number; words: Word[]; text: string }

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** The letter as the CSP officer prints it from Chromium: A4, as the page's own CSS lays it out. */
async function print(letterId: string, name: string): Promise<PrintedPage[]> {
  const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${await h.token(U.cspMaidstone)}` } });
  const page = await context.newPage();
  const response = await page.goto(`${h.baseUrl}/letters/${letterId}`);
  expect(response?.status()).toBe(200);
  const file = path.join(OUT, `${name}.pdf`);
  await page.pdf({ path: file, format: "A4" });
  await context.close();
  const texts = poppler("pdftotext", ["-layout", file, "-"]).split("\f").slice(0, -1);
  const boxes = poppler("pdftotext", ["-bbox", file, "-"]).split("<page ").slice(1);
  expect(boxes).toHaveLength(texts.length);
  return boxes.map((b, i) => ({
    width: Number(/width="([\d.]+)"/.exec(b)![1]),
    height: Number(/height="([\d.]+)"/.exec(b)![1]),
    words: [...b.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(m => ({
      xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: unescape(m[5]!),
    })),
    text: texts[i]!,
  }));
}

const overlaps = (a: Word, b: Word) => a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax;

/** Every page: A4, the marking once in the top margin and once in the bottom one, the letter between them, touching neither. */
function expectMarkedPages(pages: PrintedPage[], reference: string) {
  pages.forEach((p, i) => {
    const where = `page ${i + 1} of ${pages.length}`;
    // Chromium rounds A4 (210 x 297 mm) to whole pixels: within 2 points.
    expect({ where, a4: Math.abs(p.width - A4.width) < 2 && Math.abs(p.height - A4.height) < 2 }).toEqual({ where, a4: true });
    const markings = p.words.filter(w => w.text === MARKING);
    expect({ where, top: markings.filter(w => w.yMax <= MARGIN).length, bottom: markings.filter(w => w.yMin >= p.height - MARGIN).length, all: markings.length })
      .toEqual({ where, top: 1, bottom: 1, all: 2 });
    const footer = p.words.filter(w => w.yMin >= p.height - MARGIN).map(w => w.text).join(" ");
    expect({ where, footer }).toEqual({ where, footer: `Our reference: ${reference} ${MARKING} Page ${i + 1} of ${pages.length}` });
    const letter = p.words.filter(w => w.text !== MARKING && w.yMin < p.height - MARGIN);
    expect(letter.length).toBeGreaterThan(0);
    const outside = letter.filter(w => w.yMin < MARGIN || w.yMax > p.height - MARGIN).map(w => w.text);
    expect({ where, outside }).toEqual({ where, outside: [] });
    const touching = letter.filter(w => markings.some(m => overlaps(w, m))).map(w => w.text);
    expect({ where, touching }).toEqual({ where, touching: [] });
    expect(p.text.trim().split("\n")[0]!.trim()).toBe(MARKING);
  });
}

const lettersOf = async (caseReviewId: string): Promise<Record<string, string>> =>
  Object.fromEntries((await h.ds.query(`SELECT kind, id FROM letter WHERE case_review_id = $1`, [caseReviewId])).map((r: { kind: string; id: string }) => [r.kind, r.id]));

const DECIDE_THRESHOLD = `mutation ($id: ID!, $met: Boolean!, $reason: String!, $action: String) {
  decideThreshold(caseReviewId: $id, met: $met, reason: $reason, actionToBeTaken: $action) { met }
}`;
const ISSUE = `mutation ($caseReviewId: ID!, $kind: LetterKind!, $newOutcomeDate: Date) {
  issueLetter(caseReviewId: $caseReviewId, kind: $kind, newOutcomeDate: $newOutcomeDate) { id }
}`;
const DECIDE_REVIEW = `mutation ($caseReviewId: ID!, $outcome: SecondaryReviewOutcome!, $findings: String!) {
  recordSecondaryReviewOutcome(caseReviewId: $caseReviewId, outcome: $outcome, findings: $findings) { outcome }
}`;
const recommendation = (n: number) => ({
  agency: ["Kent Police", "Maidstone Borough Council", "Golding Homes"][n % 3]!,
  text: `Recommendation number ${n + 1}: meet the applicant, agree a plan with the other agencies and report back on it every month`,
  dueBy: daysFromToday(60 + n),
});

describe("each kind of letter, printed from Chromium to A4", () => {
  /** The letters of every kind, each made the way the platform makes it. */
  const letters: Array<{ kind: string; id: string; reference: string }> = [];
  beforeAll(async () => {
    const met = await submitCase(h);
    await h.ok(U.cspMaidstone, DECIDE_THRESHOLD, { id: met.caseReviewId, met: true, reason: "Three qualifying complaints, reported within days." });
    const notMet = await submitCase(h);
    await h.ok(U.cspMaidstone, DECIDE_THRESHOLD, {
      id: notMet.caseReviewId, met: false, reason: "Only one complaint was reported in the last six months.",
      action: "The neighbourhood policing team will patrol Tonbridge Road at night for four weeks.",
    });
    const held = await createCase(h, { status: S.PANEL_HELD, recommendations: [0, 1].map(recommendation) });
    await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: held.id, kind: "OUTCOME" });
    const extended = await createCase(h, { status: S.PANEL_HELD, outcomeLetterDue: daysFromToday(3) });
    await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: extended.id, kind: "EXTENSION", newOutcomeDate: daysFromToday(20) });
    const reviewed = await createCase(h, { status: S.SECONDARY_REVIEW_REQUESTED, reviewer: U.reviewer });
    await h.ok(U.reviewer, DECIDE_REVIEW, { caseReviewId: reviewed.id, outcome: "NOT_UPHELD", findings: "The review was handled properly: every agency's records were checked." });
    const [m, n, o, e, r] = await Promise.all([met.caseReviewId, notMet.caseReviewId, held.id, extended.id, reviewed.id].map(lettersOf));
    const refs = await Promise.all([met.caseReviewId, notMet.caseReviewId, held.id, extended.id, reviewed.id].map(async id => (await h.ds.query(`SELECT reference FROM case_review WHERE id = $1`, [id]))[0].reference as string));
    letters.push(
      { kind: "ACKNOWLEDGEMENT", id: m!.ACKNOWLEDGEMENT!, reference: refs[0]! },
      { kind: "THRESHOLD_MET", id: m!.THRESHOLD_MET!, reference: refs[0]! },
      { kind: "THRESHOLD_NOT_MET", id: n!.THRESHOLD_NOT_MET!, reference: refs[1]! },
      { kind: "OUTCOME", id: o!.OUTCOME!, reference: refs[2]! },
      { kind: "EXTENSION", id: e!.EXTENSION!, reference: refs[3]! },
      { kind: "SECONDARY_REVIEW_OUTCOME", id: r!.SECONDARY_REVIEW_OUTCOME!, reference: refs[4]! },
    );
  }, 60_000);

  it("every kind is one page, marked at the top and the bottom, with nothing overlapping, and the partnership's contact details", async () => {
    expect(letters.map(l => [l.kind, typeof l.id])).toEqual(
      ["ACKNOWLEDGEMENT", "THRESHOLD_MET", "THRESHOLD_NOT_MET", "OUTCOME", "EXTENSION", "SECONDARY_REVIEW_OUTCOME"].map(k => [k, "string"]),
    );
    for (const letter of letters) {
      const pages = await print(letter.id, letter.kind.toLowerCase());
      expect({ kind: letter.kind, pages: pages.length }).toEqual({ kind: letter.kind, pages: 1 });
      expectMarkedPages(pages, letter.reference);
      const text = pages[0]!.text.replace(/\s+/g, " ");
      expect(text).toContain("Maidstone Community Safety Partnership");
      for (const detail of ["Maidstone House", "King Street", "ME15 6JQ", "Telephone 01622 602000", "Email communitysafety@maidstone.gov.uk"]) expect(text).toContain(detail);
      expect(text).toContain("Dear Margaret Hollis,");
      expect(text).toMatch(/Yours sincerely, Maidstone Community Safety Partnership/);
    }
  }, 60_000);
});

it("a long outcome letter runs onto several numbered pages, the marking on each, every recommendation whole and once", async () => {
  const count = 40;
  const c = await createCase(h, { status: S.PANEL_HELD, recommendations: Array.from({ length: count }, (_, n) => recommendation(n)) });
  const { id } = (await h.ok(U.cspMaidstone, ISSUE, { caseReviewId: c.id, kind: "OUTCOME" })).issueLetter;
  const pages = await print(id, "outcome-long");
  expect(pages.length).toBeGreaterThanOrEqual(3);
  expectMarkedPages(pages, c.reference);
  // Each recommendation is found once, whole on one page (its lines are never split by a page break), in order.
  const numbers = pages.flatMap((p, i) =>
    [...p.text.replace(/\s+/g, " ").matchAll(/(\d+)\. To [^:]+: Recommendation number (\d+): meet the applicant, agree a plan with the other agencies and report back on it every month \(by [^)]+\)/g)]
      .map(m => ({ page: i + 1, n: Number(m[1]), text: Number(m[2]) })),
  );
  expect(numbers.map(x => x.n)).toEqual(Array.from({ length: count }, (_, n) => n + 1));
  expect(numbers.every(x => x.n === x.text)).toBe(true);
  expect(new Set(numbers.map(x => x.page)).size).toBeGreaterThanOrEqual(2);
  const last = pages.at(-1)!.text.replace(/\s+/g, " ");
  expect(last).toMatch(/Yours sincerely, Maidstone Community Safety Partnership/);
  expect(pages[0]!.text).toContain("Telephone 01622 602000");
}, 60_000);
