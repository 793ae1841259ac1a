import { fixture, type CaseSpec } from "./fixtures";
import type { Harness } from "../helpers/harness";

/**
 * A known set of cases across the financial-year boundaries (31 March / 1 April), with every
 * figure asserted exactly. Maidstone (M...) carries the story; one Ashford and one Tonbridge and
 * Malling case prove the partnership scope. Year 2021/22 has enough outcomes in one quarter for a
 * quarterly median to be shown.
 */
export const MAIDSTONE = "KENT-MAIDSTONE";
export const ASHFORD = "KENT-ASHFORD";
export const TONBRIDGE = "KENT-TONBRIDGE-MALLING";

const ADVICE = "Referred to the neighbourhood policing team; mediation offered";

export const CASES: Record<string, CaseSpec> = {
  // Received on the last day of 2022/23; its threshold decision falls in 2023/24.
  M1: { partnership: MAIDSTONE, receivedOn: "2023-03-31", decision: { met: false, on: "2023-04-03", action: ADVICE }, secondaryReviewRequestedOn: "2023-05-02" },
  // Received on the first day of 2023/24 (a Saturday: an online form); not met, and no action recorded (not advice).
  M2: { partnership: MAIDSTONE, receivedOn: "2023-04-01", decision: { met: false, on: "2023-04-20", action: "   " } },
  M3: {
    partnership: MAIDSTONE,
    receivedOn: "2023-05-10",
    decision: { met: true, on: "2023-05-25" },
    panel: {
      heldOn: "2023-06-20",
      recommendations: [
        { createdAt: "2023-06-20T14:00:00+01:00", completedAt: "2023-09-01T10:00:00+01:00" },
        // Completed in the next year: counted there.
        { createdAt: "2023-06-20T14:00:00+01:00", completedAt: "2024-04-02T10:00:00+01:00" },
      ],
    },
    outcomeLetters: ["2023-07-10"], // 42 working days (29 May 2023 is a bank holiday)
    otherLetters: [{ kind: "ACKNOWLEDGEMENT", on: "2023-05-11" }, { kind: "THRESHOLD_MET", on: "2023-05-25" }],
    secondaryReviewRequestedOn: "2024-03-31", // the last day of 2023/24
  },
  M7: {
    partnership: MAIDSTONE,
    receivedOn: "2023-06-01",
    decision: { met: true, on: "2023-06-15" },
    // Completed at 23:30 BST on 31 March 2024 (22:30 UTC): still 2023/24.
    panel: { heldOn: "2023-07-05", recommendations: [{ createdAt: "2023-07-05T15:00:00+01:00", completedAt: "2024-03-31T22:30:00Z" }] },
    // The first OUTCOME letter counts (43 working days); the re-issue does not.
    outcomeLetters: ["2023-08-01", "2023-08-15"],
    otherLetters: [{ kind: "EXTENSION", on: "2023-07-28" }],
    secondaryReviewRequestedOn: "2024-04-01", // the first day of 2024/25
  },
  // A panel that made no recommendation.
  M8: { partnership: MAIDSTONE, receivedOn: "2023-09-01", decision: { met: true, on: "2023-09-15" }, panel: { heldOn: "2023-11-20" }, outcomeLetters: ["2023-12-20"] },
  M5: {
    partnership: MAIDSTONE,
    receivedOn: "2023-10-02",
    decision: { met: true, on: "2023-10-16" },
    panel: {
      heldOn: "2024-03-28",
      recommendations: [
        // Completed at 00:30 BST on 1 July 2024: quarter 2 of 2024/25, not quarter 1.
        { createdAt: "2024-03-28T11:00:00Z", completedAt: "2024-06-30T23:30:00Z" },
        // Recorded at 00:30 BST on 1 April 2024 (23:30 UTC on 31 March): a recommendation of 2024/25.
        { createdAt: "2024-03-31T23:30:00Z" },
      ],
    },
    outcomeLetters: ["2024-04-10"], // 132 working days, in 2024/25
  },
  // Received on 31 March 2024 (2023/24); decided, reviewed and answered in 2024/25.
  M4: { partnership: MAIDSTONE, receivedOn: "2024-03-31", decision: { met: true, on: "2024-04-02" }, panel: { heldOn: "2024-04-25" }, outcomeLetters: ["2024-05-01"] },
  A1: { partnership: ASHFORD, receivedOn: "2023-06-01", decision: { met: false, on: "2023-06-10", action: ADVICE } },
  T1: { partnership: TONBRIDGE, receivedOn: "2023-12-01" },
};
// Five applications in August 2023, found not to meet the threshold in September, each with advice.
for (let i = 1; i <= 5; i++) {
  CASES[`B${i}`] = { partnership: MAIDSTONE, receivedOn: `2023-08-0${i}`, decision: { met: false, on: `2023-09-1${i}`, action: ADVICE } };
}
// Six applications in November 2023, still waiting for a decision.
for (let i = 1; i <= 6; i++) CASES[`C${i}`] = { partnership: MAIDSTONE, receivedOn: `2023-11-1${i}` };
// 2021/22: five outcomes in quarter 3, so that quarter's median is shown.
export const D_OUTCOMES = ["2021-10-05", "2021-10-20", "2021-11-10", "2021-11-30", "2021-12-15"];
D_OUTCOMES.forEach((on, i) => {
  CASES[`D${i + 1}`] = { partnership: MAIDSTONE, receivedOn: "2021-09-01", decision: { met: true, on: "2021-09-20" }, outcomeLetters: [on] };
});

/** Inserts the known cases into the harness's database; returns their ids by name. */
export async function loadKnownCases(h: Harness): Promise<Record<string, { caseReviewId: string; panelId: string | null }>> {
  const f = fixture(h.ds, h.ref);
  const ids: Record<string, { caseReviewId: string; panelId: string | null }> = {};
  for (const [name, spec] of Object.entries(CASES)) ids[name] = await f.add(spec);
  return ids;
}
