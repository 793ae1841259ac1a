import { addDays, formatLongDate } from "../../src/calendar/dates";
import { stepDateProblem } from "../../src/modules/case-reviews/step-dates";
import { heldOnProblem } from "../../src/modules/panels/panel.service";
import { createCase, daysFromToday, expectRefused, S } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

/**
 * The process runs forwards: no step dated before the case's date received, nor before the step it
 * follows. The one step whose date the caller gives in the past is the panel's `heldOn`; every other
 * step is dated today by the server, or must be in the future (a panel's time, a due date).
 */
describe("stepDateProblem (the domain rule)", () => {
  const steps = [
    { what: "the date the application was received", on: "2026-03-02" },
    { what: "the threshold decision", on: "2026-03-16" },
    { what: "a step not taken", on: null },
  ];

  it("accepts a date on or after every earlier step", () => {
    expect(stepDateProblem("heldOn", "2026-03-16", steps)).toBeNull();
    expect(stepDateProblem("heldOn", "2026-04-01", steps)).toBeNull();
  });

  it("refuses a date before an earlier step, naming the field and the latest step it falls before, with its date", () => {
    expect(stepDateProblem("heldOn", "2026-03-10", steps)).toEqual({ field: "heldOn", message: "must not be before the threshold decision (16 March 2026)" });
    expect(stepDateProblem("heldOn", "2026-01-01", steps)).toEqual({ field: "heldOn", message: "must not be before the threshold decision (16 March 2026)" });
    expect(stepDateProblem("heldOn", "2026-03-01", steps.slice(0, 1))).toEqual({
      field: "heldOn",
      message: "must not be before the date the application was received (2 March 2026)",
    });
  });

  it("for a panel: the date received, the threshold decision, and a secondary review that referred the case back", () => {
    const c = { receivedOn: "2026-03-02" };
    expect(heldOnProblem("2026-03-01", c, { decidedOn: null, reviewedOn: null })?.message).toMatch(/the date the application was received/);
    expect(heldOnProblem("2026-03-05", c, { decidedOn: "2026-03-06", reviewedOn: null })?.message).toMatch(/the threshold decision/);
    expect(heldOnProblem("2026-06-01", c, { decidedOn: "2026-03-06", reviewedOn: "2026-06-02" })?.message).toMatch(/the secondary review/);
    expect(heldOnProblem("2026-06-02", c, { decidedOn: "2026-03-06", reviewedOn: "2026-06-02" })).toBeNull();
  });
});

describe("recordPanelOutcome through GraphQL", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const RECORD = `mutation ($panelId: ID!, $heldOn: Date) {
    recordPanelOutcome(panelId: $panelId, findings: "The reports were handled one at a time.", recommendations: [], heldOn: $heldOn) { heldOn }
  }`;

  it("refuses a panel held before the application was received, changing nothing", async () => {
    const receivedOn = daysFromToday(-25);
    const c = await createCase(h, { status: S.PANEL_SCHEDULED, receivedOn });
    const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.chair, RECORD, { panelId: c.panelId, heldOn: addDays(receivedOn, -1) });
    // Named by the latest step it falls before: here the threshold decision, 14 days after receipt.
    expect(err.extensions!.fields).toEqual([{ field: "heldOn", message: `must not be before the threshold decision (${formatLongDate(addDays(receivedOn, 14))})` }]);
    expect(err.message).toContain("heldOn");
    // Nor any outcome letter due before the case existed.
    const [row] = await h.ds.query(`SELECT status, outcome_letter_due FROM case_review WHERE id = $1`, [c.id]);
    expect(row).toEqual({ status: "PANEL_SCHEDULED", outcome_letter_due: null });
  });

  it("names the date received when that is the step it falls before", async () => {
    const receivedOn = daysFromToday(-25);
    const c = await createCase(h, { status: S.PANEL_SCHEDULED, receivedOn });
    // A case whose decision carries no date before receipt: move the decision to the day of receipt.
    await h.ds.query(`UPDATE threshold_decision SET decided_on = $2 WHERE case_review_id = $1`, [c.id, receivedOn]);
    const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.chair, RECORD, { panelId: c.panelId, heldOn: addDays(receivedOn, -30) });
    expect(err.extensions!.fields).toEqual([{ field: "heldOn", message: `must not be before the date the application was received (${formatLongDate(receivedOn)})` }]);
  });

  it("refuses a panel held before the threshold decision it follows; accepts the day of the decision", async () => {
    const receivedOn = daysFromToday(-25);
    const decidedOn = addDays(receivedOn, 14); // the fixture decides 14 days after receipt
    const c = await createCase(h, { status: S.PANEL_SCHEDULED, receivedOn });
    const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.chair, RECORD, { panelId: c.panelId, heldOn: addDays(decidedOn, -1) });
    expect(err.extensions!.fields).toEqual([{ field: "heldOn", message: `must not be before the threshold decision (${formatLongDate(decidedOn)})` }]);
    const ok = await h.ok(U.chair, RECORD, { panelId: c.panelId, heldOn: decidedOn });
    expect(ok.recordPanelOutcome.heldOn).toBe(decidedOn);
  });
});
