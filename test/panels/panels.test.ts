import { addWorkingDays } from "../../src/calendar/working-days";
import { todayUk } from "../../src/calendar/dates";
import { Role, StaffUser } from "../../src/modules/staff/staff-user.entity";
import { codes, createCase, daysFromToday, expectRefused, S } from "../helpers/fixtures";
import { startHarness, U, type Harness } from "../helpers/harness";

let h: Harness;
let otherChair: StaffUser;
let ashfordChair: StaffUser;
beforeAll(async () => {
  h = await startHarness();
  const staff = h.ds.getRepository(StaffUser);
  otherChair = await staff.save(staff.create({ name: "Nina Patel", email: "second.chair@maidstone.gov.uk", agencyId: h.ref.agencies.get("Maidstone Borough Council")!.id, roles: [Role.PANEL_CHAIR] }));
  ashfordChair = await staff.save(staff.create({ name: "Ashford Chair", email: "panel.chair@ashford.gov.uk", agencyId: h.ref.agencies.get("Ashford Borough Council")!.id, roles: [Role.PANEL_CHAIR] }));
});
afterAll(() => h.close());

const PANEL = `id scheduledFor dueBy heldAt heldOn findings overdue chair { name } members { name agency { name } }`;
const SCHEDULE = `mutation Schedule($caseReviewId: ID!, $scheduledFor: DateTime!, $chairId: ID!, $memberIds: [ID!]!) {
  schedulePanel(caseReviewId: $caseReviewId, scheduledFor: $scheduledFor, chairId: $chairId, memberIds: $memberIds) { ${PANEL} }
}`;
const RECORD = `mutation Record($panelId: ID!, $findings: String!, $recommendations: [RecommendationInput!], $heldOn: Date) {
  recordPanelOutcome(panelId: $panelId, findings: $findings, recommendations: $recommendations, heldOn: $heldOn) { ${PANEL} }
}`;
const CASE = `query Case($id: ID!) {
  caseReview(id: $id) { status deadlines { panelDue outcomeLetterDue nextDue } involvedAgencies { name }
    recommendations { status text dueBy assigneeName assignedAgency { name } } panel { ${PANEL} } }
}`;

const user = (email: string) => h.ref.users.get(email)!.id;
const agency = (name: string) => h.ref.agencies.get(name)!.id;
const at = (date: string, time = "10:00:00Z") => `${date}T${time}`;
const schedule = (caseReviewId: string, over: Record<string, unknown> = {}) => ({
  caseReviewId,
  scheduledFor: at(daysFromToday(7)),
  chairId: user(U.chair),
  memberIds: [user(U.police), user(U.housingGolding), user(U.councilMaidstone)],
  ...over,
});

describe("schedulePanel", () => {
  it("a CSP officer schedules the panel once the threshold is met: chair, members, due date from the policy", async () => {
    const c = await createCase(h, { status: S.THRESHOLD_MET });
    const [{ panel_due }] = await h.ds.query(`SELECT to_char(panel_due, 'YYYY-MM-DD') panel_due FROM case_review WHERE id = $1`, [c.id]);
    const panel = (await h.ok(U.cspMaidstone, SCHEDULE, schedule(c.id))).schedulePanel;
    expect(panel).toMatchObject({
      dueBy: panel_due,
      heldAt: null,
      overdue: false,
      chair: { name: "David Reid" },
      members: [{ name: "PC Sam Clarke", agency: { name: "Kent Police" } }, { name: "Jo Turner", agency: { name: "Golding Homes" } }, { name: "Aisha Khan", agency: { name: "Maidstone Borough Council" } }],
    });
    const after = (await h.ok(U.cspMaidstone, CASE, { id: c.id })).caseReview;
    expect(after.status).toBe("PANEL_SCHEDULED");
    expect(after.deadlines.nextDue).toBe(panel_due);
    const [event] = await h.ds.query(`SELECT kind, summary FROM case_event WHERE case_review_id = $1`, [c.id]);
    expect(event).toEqual({ kind: "PANEL_SCHEDULED", summary: expect.stringContaining("chaired by David Reid, with 3 member(s)") });
  });

  it("works the due date out from the threshold decision when the case has none stored", async () => {
    const c = await createCase(h, { status: S.THRESHOLD_MET, receivedOn: daysFromToday(-20) });
    await h.ds.query(`UPDATE case_review SET panel_due = NULL WHERE id = $1`, [c.id]);
    const panel = (await h.ok(U.cspMaidstone, SCHEDULE, schedule(c.id))).schedulePanel;
    expect(panel.dueBy).toBe(addWorkingDays(daysFromToday(-6), 20)); // decided 14 days after it was received
  });

  it("moves the panel while it has not sat: the same panel, new date, chair and members", async () => {
    const c = await createCase(h, { status: S.THRESHOLD_MET });
    const first = (await h.ok(U.cspMaidstone, SCHEDULE, schedule(c.id))).schedulePanel;
    const moved = (await h.ok(U.cspMaidstone, SCHEDULE, schedule(c.id, { scheduledFor: at(daysFromToday(9)), chairId: otherChair.id, memberIds: [user(U.police)] }))).schedulePanel;
    expect(moved.id).toBe(first.id);
    expect(moved).toMatchObject({ scheduledFor: new Date(at(daysFromToday(9))).toISOString(), chair: { name: "Nina Patel" }, members: [{ name: "PC Sam Clarke" }] });
    const kinds = await h.ds.query(`SELECT kind FROM case_event WHERE case_review_id = $1 ORDER BY id`, [c.id]);
    expect(kinds.map((k: any) => k.kind)).toEqual(["PANEL_SCHEDULED", "PANEL_RESCHEDULED"]);
  });

  it("overdue: scheduled after its due date, or not held by it", async () => {
    const c = await createCase(h, { status: S.THRESHOLD_MET });
    const late = (await h.ok(U.cspMaidstone, SCHEDULE, schedule(c.id, { scheduledFor: at(daysFromToday(90)) }))).schedulePanel;
    expect(late.overdue).toBe(true);
    const stale = await createCase(h, { status: S.PANEL_SCHEDULED, receivedOn: daysFromToday(-120), scheduledFor: new Date(at(daysFromToday(3))) });
    expect((await h.ok(U.cspMaidstone, CASE, { id: stale.id })).caseReview.panel.overdue).toBe(true);
    const onTime = await createCase(h, { status: S.PANEL_SCHEDULED, receivedOn: daysFromToday(-15), scheduledFor: new Date(at(daysFromToday(3))) });
    expect((await h.ok(U.cspMaidstone, CASE, { id: onTime.id })).caseReview.panel.overdue).toBe(false);
  });

  it("refuses a chair who is not a panel chair of the partnership, members of agencies not involved, and dates past", async () => {
    const c = await createCase(h, { status: S.THRESHOLD_MET });
    for (const chairId of [user(U.police), user(U.cspMaidstone), ashfordChair.id, "00000000-0000-4000-8000-000000000000", "x"]) {
      const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, SCHEDULE, schedule(c.id, { chairId }));
      expect(err.extensions!.fields.map((f: any) => f.field)).toEqual(["chairId"]);
    }
    const err = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, SCHEDULE, schedule(c.id, { memberIds: [user(U.police), user(U.housingClarion), user(U.councilAshford)] }));
    expect(err.extensions!.fields.map((f: any) => f.field)).toEqual(["memberIds[1]", "memberIds[2]"]);
    const past = await expectRefused(h, c.id, "BAD_USER_INPUT", U.cspMaidstone, SCHEDULE, schedule(c.id, { scheduledFor: at(daysFromToday(-1)) }));
    expect(past.extensions!.fields).toEqual([{ field: "scheduledFor", message: "must not be in the past" }]);
  });

  it("only once the threshold is met, and not after the panel sat", async () => {
    for (const status of [S.SUBMITTED, S.AWAITING_AGENCY_CHECKS, S.THRESHOLD_NOT_MET, S.PANEL_HELD, S.OUTCOME_SENT, S.SECONDARY_REVIEW_REQUESTED, S.CLOSED]) {
      const c = await createCase(h, { status });
      const err = await expectRefused(h, c.id, "CONFLICT", U.cspMaidstone, SCHEDULE, schedule(c.id));
      expect(err.message).toMatch(new RegExp(`^Cannot schedule a panel while the case is .+ \\(status ${status}\\)$`));
    }
  });

  it("is for the CSP officer of the case's partnership", async () => {
    const c = await createCase(h, { status: S.THRESHOLD_MET });
    for (const who of [U.chair, U.police, U.housingGolding]) await expectRefused(h, c.id, "FORBIDDEN", who, SCHEDULE, schedule(c.id));
    for (const who of [U.cspAshford, U.housingClarion, U.reviewer, U.analyst]) await expectRefused(h, c.id, "NOT_FOUND", who, SCHEDULE, schedule(c.id));
    await expectRefused(h, c.id, "UNAUTHENTICATED", null, SCHEDULE, schedule(c.id));
  });

  it("chairs and members come through loaders: a longer list costs no more statements", async () => {
    const LIST = `{ caseReviews(first: 100, filter: { status: [PANEL_SCHEDULED] }) { edges { node { panel { overdue chair { name } members { name agency { name } } } } } } }`;
    await createCase(h, { status: S.PANEL_SCHEDULED });
    const few = await h.gql(U.cspMaidstone, LIST);
    for (let i = 0; i < 4; i++) await createCase(h, { status: S.PANEL_SCHEDULED, members: [U.police, U.councilMaidstone, U.housingGolding] });
    const more = await h.gql(U.cspMaidstone, LIST);
    expect(more.data.caseReviews.edges.length).toBeGreaterThan(few.data.caseReviews.edges.length);
    expect(more.statements).toBe(few.statements);
  });
});

describe("recordPanelOutcome", () => {
  const recs = () => [
    { assignedAgencyId: agency("Kent Police"), text: "Share incident logs with the council weekly", dueBy: daysFromToday(30) },
    { assignedAgencyId: agency("Clarion Housing"), text: "Review the tenancy of the flat above", dueBy: daysFromToday(45) },
    { assigneeName: "The Clerk to Maidstone Town Council", text: "Repair the street lighting", dueBy: daysFromToday(60) },
  ];

  it("the chair records findings and recommendations: held today, PANEL_HELD, the outcome letter due 25 working days on", async () => {
    const c = await createCase(h, { status: S.PANEL_SCHEDULED });
    const panel = (await h.ok(U.chair, RECORD, { panelId: c.panelId, findings: "Reports were handled one at a time.", recommendations: recs() })).recordPanelOutcome;
    expect(panel).toMatchObject({ heldOn: todayUk(), findings: "Reports were handled one at a time." });
    expect(Date.now() - Date.parse(panel.heldAt)).toBeLessThan(60_000);
    const after = (await h.ok(U.cspMaidstone, CASE, { id: c.id })).caseReview;
    expect(after.status).toBe("PANEL_HELD");
    expect(after.deadlines.outcomeLetterDue).toBe(addWorkingDays(todayUk(), 25));
    expect(after.deadlines.nextDue).toBe(after.deadlines.outcomeLetterDue);
    expect(after.recommendations).toEqual([
      { status: "ISSUED", text: "Share incident logs with the council weekly", dueBy: daysFromToday(30), assigneeName: null, assignedAgency: { name: "Kent Police" } },
      { status: "ISSUED", text: "Review the tenancy of the flat above", dueBy: daysFromToday(45), assigneeName: null, assignedAgency: { name: "Clarion Housing" } },
      { status: "ISSUED", text: "Repair the street lighting", dueBy: daysFromToday(60), assigneeName: "The Clerk to Maidstone Town Council", assignedAgency: null },
    ]);
    // The recommendation makes Clarion involved: its officer now sees the case.
    expect(after.involvedAgencies.map((a: any) => a.name)).toContain("Clarion Housing");
    const [row] = await h.ds.query(`SELECT first_reason FROM case_agency WHERE case_review_id = $1 AND agency_id = $2`, [c.id, agency("Clarion Housing")]);
    expect(row.first_reason).toBe("RECOMMENDATION_ASSIGNED");
    expect((await h.ok(U.housingClarion, CASE, { id: c.id })).caseReview.status).toBe("PANEL_HELD");
  });

  it("a panel recorded later counts from the day it sat; the policy's working days apply", async () => {
    const c = await createCase(h, { status: S.PANEL_SCHEDULED });
    const heldOn = daysFromToday(-3);
    await h.ok(U.chair, RECORD, { panelId: c.panelId, findings: "Findings", recommendations: [], heldOn });
    expect((await h.ok(U.cspMaidstone, CASE, { id: c.id })).caseReview.deadlines.outcomeLetterDue).toBe(addWorkingDays(heldOn, 25));

    await h.ds.query(`UPDATE partnership SET policy_outcome_letter_working_days = 10 WHERE code = 'KENT-TONBRIDGE-MALLING'`);
    const tonbridgeChair = await h.ds.getRepository(StaffUser).save(
      h.ds.getRepository(StaffUser).create({ name: "T Chair", email: "chair@tmbc.gov.uk", agencyId: agency("Tonbridge and Malling Borough Council"), roles: [Role.PANEL_CHAIR] }),
    );
    const t = await createCase(h, { partnership: "KENT-TONBRIDGE-MALLING", status: S.PANEL_SCHEDULED, chair: tonbridgeChair.email, involved: ["Kent Police", "Golding Homes"] });
    await h.ok(tonbridgeChair.email, RECORD, { panelId: t.panelId, findings: "Findings", recommendations: [] });
    expect((await h.ok(U.cspTonbridge, CASE, { id: t.id })).caseReview.deadlines.outcomeLetterDue).toBe(addWorkingDays(todayUk(), 10));
  });

  it("checks every recommendation: one addressee, some text, due after the panel, an agency of the partnership", async () => {
    const c = await createCase(h, { status: S.PANEL_SCHEDULED });
    const bad = [
      { assignedAgencyId: agency("Kent Police"), assigneeName: "Someone", text: "Both", dueBy: daysFromToday(5) },
      { text: "Neither", dueBy: daysFromToday(5) },
      { assignedAgencyId: agency("Kent Police"), text: " ", dueBy: daysFromToday(5) },
      { assignedAgencyId: agency("Kent Police"), text: "Due too soon", dueBy: todayUk() },
    ];
    const res = await expectRefused(h, c.id, "BAD_USER_INPUT", U.chair, RECORD, { panelId: c.panelId, findings: "F", recommendations: bad });
    expect(res.extensions!.fields.map((f: any) => f.field)).toEqual(["recommendations[0]", "recommendations[1]", "recommendations[2].text", "recommendations[3].dueBy"]);
    const other = await expectRefused(h, c.id, "BAD_USER_INPUT", U.chair, RECORD, {
      panelId: c.panelId,
      findings: "F",
      recommendations: [{ assignedAgencyId: agency("Ashford Borough Council"), text: "Not ours", dueBy: daysFromToday(9) }],
    });
    expect(other.extensions!.fields.map((f: any) => f.field)).toEqual(["recommendations[0].assignedAgencyId"]);
    await expectRefused(h, c.id, "BAD_USER_INPUT", U.chair, RECORD, { panelId: c.panelId, findings: "  ", recommendations: [] });
    await expectRefused(h, c.id, "BAD_USER_INPUT", U.chair, RECORD, { panelId: c.panelId, findings: "F", heldOn: daysFromToday(1) });
  });

  it("is for the panel's own chair: other chairs, the CSP officer and agencies are refused", async () => {
    const c = await createCase(h, { status: S.PANEL_SCHEDULED });
    const v = { panelId: c.panelId, findings: "F", recommendations: [] };
    for (const who of [otherChair.email, U.cspMaidstone, U.police, U.housingGolding]) await expectRefused(h, c.id, "FORBIDDEN", who, RECORD, v);
    for (const who of [U.cspAshford, ashfordChair.email, U.housingClarion, U.reviewer]) await expectRefused(h, c.id, "NOT_FOUND", who, RECORD, v);
    expect(codes(await h.gql(U.chair, RECORD, { ...v, panelId: "00000000-0000-4000-8000-000000000000" }))).toEqual(["NOT_FOUND"]);
  });

  it("once only: a panel already held, or a closed case, is a CONFLICT", async () => {
    for (const status of [S.PANEL_HELD, S.OUTCOME_SENT, S.CLOSED]) {
      const c = await createCase(h, { status });
      const err = await expectRefused(h, c.id, "CONFLICT", U.chair, RECORD, { panelId: c.panelId, findings: "Again", recommendations: [] });
      expect(err.message).toContain(`(status ${status})`);
    }
  });
});

