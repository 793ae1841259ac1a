import { createCase, S } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

/** `caseReviews(filter: { open })`: everything not CLOSED, whatever its step, without listing six statuses. */
let h: Harness;
const ids: Record<string, string> = {};
beforeAll(async () => {
  h = await startHarness();
  for (const status of Object.values(S)) ids[status] = (await createCase(h, { status })).id;
});
afterAll(() => h.close());

const LIST = `query ($filter: CaseReviewFilter) { caseReviews(filter: $filter, first: 100) { totalCount edges { node { id status } } } }`;
const statusesOf = (data: any) => new Set(data.caseReviews.edges.map((e: any) => e.node.status));

describe("the open filter", () => {
  it("open: true lists every case not CLOSED", async () => {
    const data = await h.ok(U.cspMaidstone, LIST, { filter: { open: true } });
    expect(statusesOf(data)).toEqual(new Set(Object.values(S).filter(s => s !== S.CLOSED)));
    expect(data.caseReviews.totalCount).toBe(Object.values(S).length - 1);
  });

  it("open: false lists only CLOSED cases, and combines with the other conditions", async () => {
    expect(statusesOf(await h.ok(U.cspMaidstone, LIST, { filter: { open: false } }))).toEqual(new Set([S.CLOSED]));
    expect(statusesOf(await h.ok(U.cspMaidstone, LIST, { filter: { open: true, status: [S.PANEL_HELD, S.CLOSED] } }))).toEqual(new Set([S.PANEL_HELD]));
  });

  it("left out, every case is listed", async () => {
    expect(statusesOf(await h.ok(U.cspMaidstone, LIST, {})).size).toBe(Object.values(S).length);
  });
});
