import { addDays, todayUk } from "../../src/calendar/dates";
import { addWorkingDays } from "../../src/calendar/working-days";
import { reminderFor } from "../../src/modules/notifications/notification.rules";
import { sendReminders } from "../../src/modules/notifications/reminders";
import { submitCase } from "../helpers/applications";
import { startHarness, U, type Harness } from "../helpers/harness";

describe("what a morning reminds of, in working days (a plain function)", () => {
  it("overdue before today; due soon up to two working days ahead; nothing after", () => {
    // Friday 27 November 2026: two working days ahead is Tuesday 1 December.
    expect(reminderFor("2026-11-26", "2026-11-27")).toBe("OVERDUE");
    expect(reminderFor("2026-11-27", "2026-11-27")).toBe("DUE_SOON");
    expect(reminderFor("2026-11-30", "2026-11-27")).toBe("DUE_SOON");
    expect(reminderFor("2026-12-01", "2026-11-27")).toBe("DUE_SOON");
    expect(reminderFor("2026-12-02", "2026-11-27")).toBe(null);
  });

  it("skips bank holidays: from Christmas Eve 2026, two working days ahead is 30 December", () => {
    // 25 December (Friday), the weekend, and Boxing Day's substitute on Monday 28 December are not working days.
    expect(addWorkingDays("2026-12-24", 2)).toBe("2026-12-30");
    expect(reminderFor("2026-12-30", "2026-12-24")).toBe("DUE_SOON");
    expect(reminderFor("2026-12-31", "2026-12-24")).toBe(null);
  });
});

describe("the morning's reminders in the database", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const reminders = () =>
    h.ds.query(
      `SELECT n.kind, u.email, n.subject_id FROM notification n JOIN staff_user u ON u.id = n.staff_user_id
        WHERE n.kind IN ('DUE_SOON', 'OVERDUE', 'PARTNER_LATE') ORDER BY n.kind::text, u.email`,
    );

  it("each agency hears of what falls due within two working days and of what is overdue, the CSP officers of who is late: once a day, however many run it at once", async () => {
    const { caseReviewId } = await submitCase(h);
    const requests = await h.ds.query(`SELECT r.id, a.name FROM information_request r JOIN agency a ON a.id = r.agency_id WHERE r.case_review_id = $1`, [caseReviewId]);
    const idOf = (name: string) => requests.find((r: { name: string }) => r.name === name).id;
    const today = todayUk();
    await h.ds.query(`UPDATE information_request SET due_by = $2 WHERE id = $1`, [idOf("Kent Police"), addWorkingDays(today, 2)]);
    await h.ds.query(`UPDATE information_request SET due_by = $2 WHERE id = $1`, [idOf("Golding Homes"), addDays(today, -1)]);
    await h.ds.query(`UPDATE information_request SET due_by = $2 WHERE id = $1`, [idOf("Maidstone Borough Council"), addWorkingDays(today, 3)]);

    // Two replicas' morning jobs at the same moment.
    const [a, b] = await Promise.all([sendReminders(h.ds, today, 10), sendReminders(h.ds, today, 10)]);
    const rows = await reminders();
    expect(a + b).toBe(rows.length);
    expect(rows.map((r: any) => `${r.kind} ${r.email}`)).toEqual([
      `DUE_SOON ${U.police}`,
      `OVERDUE ${U.housingGolding}`,
      `PARTNER_LATE ${U.cspMaidstone}`,
    ]);
    expect(rows.find((r: any) => r.kind === "OVERDUE").subject_id).toBe(idOf("Golding Homes"));
    // Each is an email waiting for the queue.
    const jobs = await h.ds.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs j JOIN notification n ON j.key = 'deliver:' || n.id WHERE n.kind IN ('DUE_SOON', 'OVERDUE', 'PARTNER_LATE')`);
    expect(jobs[0].n).toBe(3);

    // Later the same day: nothing new. The next morning: the same items again, once.
    expect(await sendReminders(h.ds, today, 10)).toBe(0);
    expect(await reminders()).toHaveLength(3);
    expect(await sendReminders(h.ds, addDays(today, 1), 10)).toBeGreaterThan(0);
    expect((await reminders()).length).toBeGreaterThan(3);
  });

  it("an answered request, a closed case, or an acknowledged-and-completed recommendation is not reminded of", async () => {
    const { caseReviewId } = await submitCase(h);
    const today = todayUk();
    await h.ds.query(`UPDATE information_request SET due_by = $2, answered_at = now(), answer = 'done' WHERE case_review_id = $1`, [caseReviewId, addDays(today, -3)]);
    const before = (await reminders()).length;
    await sendReminders(h.ds, addDays(today, 5), 10);
    const after = await h.ds.query(`SELECT count(*)::int AS n FROM notification WHERE case_review_id = $1 AND kind IN ('DUE_SOON', 'OVERDUE', 'PARTNER_LATE')`, [caseReviewId]);
    expect(after[0].n).toBe(0);
    expect((await reminders()).length).toBeGreaterThanOrEqual(before);
  });
});
