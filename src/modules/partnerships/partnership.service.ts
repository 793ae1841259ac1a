import type { Context } from "../../app/context";
import { assertNoProblems, notFound, type FieldProblem } from "../../app/errors";
import { isUuid } from "../../auth/case-access";
import { runMutation } from "../case-reviews/case-mutation";
import { STATUTORY_QUALIFYING_COMPLAINTS } from "../threshold/threshold.engine";
import { Partnership, ThresholdPolicy } from "./partnership.entity";
import { LAW_MAXIMUM_MESSAGE, type ThresholdPolicyInput } from "./partnership.input";

const TIMESCALES = [
  "acknowledgementWorkingDays",
  "informationRequestWorkingDays",
  "thresholdDecisionWorkingDays",
  "panelWithinWorkingDays",
  "outcomeLetterWorkingDays",
  "secondaryReviewRequestWorkingDays",
] as const;

/** Every problem with a policy, named by field: the law's cap on the threshold first of all (s.104(4)). */
export function policyProblems(p: ThresholdPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string, message: string) => problems.push({ field: `input.${field}`, message });
  const min = p.minimumQualifyingComplaints;
  if (!Number.isInteger(min) || min < 1) at("minimumQualifyingComplaints", "must be at least 1");
  if (min > STATUTORY_QUALIFYING_COMPLAINTS) at("minimumQualifyingComplaints", LAW_MAXIMUM_MESSAGE);
  const reporters = p.communityRouteMinimumReporters;
  if (reporters !== null && (!Number.isInteger(reporters) || reporters < 2 || reporters > 50)) {
    at("communityRouteMinimumReporters", "must be 2 to 50, or null to turn the community route off");
  }
  for (const field of TIMESCALES) {
    const days = p[field];
    if (!Number.isInteger(days) || days < 1 || days > 100) at(field, "must be 1 to 100 working days");
  }
  return problems;
}

/**
 * A CSP officer changes their partnership's policy. Cases already received keep the due dates they
 * were given; the new settings apply from the next step computed.
 */
export async function updateThresholdPolicy(ctx: Context, partnershipId: string, input: ThresholdPolicyInput): Promise<Partnership> {
  return runMutation(ctx, "updateThresholdPolicy", async ({ tx, audit }) => {
    const repo = tx.getRepository(Partnership);
    const partnership = isUuid(partnershipId)
      ? await repo.findOne({ where: { id: partnershipId }, lock: { mode: "pessimistic_write" } })
      : null;
    if (!partnership) throw notFound("Partnership");
    const before = { ...partnership.policy };
    const after: ThresholdPolicy = { ...before };
    for (const [field, value] of Object.entries(input) as Array<[keyof ThresholdPolicy, unknown]>) {
      // Absent fields stay as they are; null is meaningful only for the community route (off).
      if (value === undefined || (value === null && field !== "communityRouteMinimumReporters")) continue;
      (after as unknown as Record<string, unknown>)[field] = value;
    }
    assertNoProblems(policyProblems(after));
    partnership.policy = after;
    const saved = await repo.save(partnership);
    const changed = Object.fromEntries(
      Object.keys(after)
        .filter(k => (after as unknown as Record<string, unknown>)[k] !== (before as unknown as Record<string, unknown>)[k])
        .map(k => [k, { from: (before as unknown as Record<string, unknown>)[k], to: (after as unknown as Record<string, unknown>)[k] }]),
    );
    audit({ operation: "updateThresholdPolicy", caseReviewId: null, detail: { partnershipId: partnership.id, changed } });
    return saved;
  });
}
