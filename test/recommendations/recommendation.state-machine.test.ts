import {
  AWAITING_ADDRESSEE,
  canApply,
  isRecommendationOverdue,
  nextRecommendationStatus,
  RECOMMENDATION_ACTIONS,
  RECOMMENDATION_STATUSES,
  RecommendationTransitionError,
  type RecommendationAction,
  type RecommendationStatus,
} from "../../src/modules/recommendations/recommendation.state-machine";

/**
 * The expected table, written out independently of the implementation: for each action, the
 * statuses it may start from and where it leads, on time and when overdue.
 */
type Row = Partial<Record<RecommendationStatus, { onTime?: RecommendationStatus; overdue?: RecommendationStatus }>>;
const both = (to: RecommendationStatus) => ({ onTime: to, overdue: to });
const EXPECTED: Record<RecommendationAction, Row> = {
  ACKNOWLEDGE: { ISSUED: both("ACKNOWLEDGED") },
  ACCEPT: { ACKNOWLEDGED: both("ACCEPTED"), CHALLENGED: both("ACCEPTED") },
  DECLINE: { ACKNOWLEDGED: both("DECLINED"), CHALLENGED: both("DECLINED") },
  COMPLETE: { ACCEPTED: both("COMPLETED"), CHALLENGED: both("COMPLETED") },
  // Declined: always; issued, acknowledged or accepted: only once overdue; completed or challenged: never.
  CHALLENGE: { DECLINED: both("CHALLENGED"), ISSUED: { overdue: "CHALLENGED" }, ACKNOWLEDGED: { overdue: "CHALLENGED" }, ACCEPTED: { overdue: "CHALLENGED" } },
};

const cases = RECOMMENDATION_STATUSES.flatMap(status =>
  RECOMMENDATION_ACTIONS.flatMap(action => [false, true].map(overdue => ({ status, action, overdue }))),
);

describe("the recommendation state machine", () => {
  it("knows every status and action", () => {
    expect(RECOMMENDATION_STATUSES).toEqual(["ISSUED", "ACKNOWLEDGED", "ACCEPTED", "DECLINED", "COMPLETED", "CHALLENGED"]);
    expect(RECOMMENDATION_ACTIONS).toEqual(["ACKNOWLEDGE", "ACCEPT", "DECLINE", "COMPLETE", "CHALLENGE"]);
    expect(cases).toHaveLength(6 * 5 * 2);
  });

  it.each(cases)("$action from $status (overdue: $overdue) is as the table says", ({ status, action, overdue }) => {
    const expected = EXPECTED[action][status]?.[overdue ? "overdue" : "onTime"];
    expect(canApply(status, action, { overdue })).toBe(expected !== undefined);
    if (expected) {
      expect(nextRecommendationStatus(status, action, { overdue })).toBe(expected);
    } else {
      expect(() => nextRecommendationStatus(status, action, { overdue })).toThrow(RecommendationTransitionError);
    }
  });

  it("a completed recommendation is final", () => {
    for (const action of RECOMMENDATION_ACTIONS) {
      for (const overdue of [false, true]) expect(canApply("COMPLETED", action, { overdue })).toBe(false);
    }
  });

  it("refusals say why, in words", () => {
    const why = (s: RecommendationStatus, a: RecommendationAction, overdue = false) => {
      try {
        nextRecommendationStatus(s, a, { overdue });
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error("not refused");
    };
    expect(why("ACKNOWLEDGED", "ACKNOWLEDGE")).toBe("cannot acknowledge the recommendation: it has already been acknowledged");
    expect(why("ISSUED", "ACCEPT")).toBe("cannot accept the recommendation: acknowledge it first");
    expect(why("ACKNOWLEDGED", "COMPLETE")).toBe("cannot complete the recommendation: accept it first");
    expect(why("ACCEPTED", "CHALLENGE")).toMatch(/only a declined recommendation, or one overdue and not completed/);
    expect(why("COMPLETED", "CHALLENGE", true)).toBe("cannot challenge the recommendation: it has been completed");
    expect(why("CHALLENGED", "CHALLENGE", true)).toBe("cannot challenge the recommendation: it has already been challenged");
  });

  it("overdue: past the due date (strictly) and not completed", () => {
    expect(isRecommendationOverdue({ status: "ACCEPTED", dueBy: "2026-11-23" }, "2026-11-24")).toBe(true);
    expect(isRecommendationOverdue({ status: "ACCEPTED", dueBy: "2026-11-24" }, "2026-11-24")).toBe(false);
    expect(isRecommendationOverdue({ status: "COMPLETED", dueBy: "2026-01-01" }, "2026-11-24")).toBe(false);
    expect(isRecommendationOverdue({ status: "DECLINED", dueBy: "2026-01-01" }, "2026-11-24")).toBe(true);
  });

  it("awaiting the addressee: the statuses from which an addressee's step (acknowledge, accept, decline, complete) leads on", () => {
    expect(AWAITING_ADDRESSEE).toEqual(["ISSUED", "ACKNOWLEDGED", "ACCEPTED", "CHALLENGED"]);
  });
});
