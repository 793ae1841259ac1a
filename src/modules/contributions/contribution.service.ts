import type { Context } from "../../app/context";
import { assertNoProblems, blankFields } from "../../app/errors";
import { InvolvementReason } from "../case-reviews/case-agency.entity";
import { involveAgency, lockCase, runMutation, transition } from "../case-reviews/case-mutation";
import { AgencyContribution } from "./contribution.entity";
import type { ContributionInput } from "./contribution.input";

/** An involved agency's contribution: several per agency, each with who submitted it and when. */
export async function submitContribution(ctx: Context, caseReviewId: string, input: ContributionInput): Promise<AgencyContribution> {
  assertNoProblems(blankFields({ "input.caseSummary": input.caseSummary, "input.actionsTaken": input.actionsTaken }));
  const caller = ctx.caller!;
  return runMutation(ctx, "submitContribution", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, caseReviewId);
    await transition(tx, c, "SUBMIT_CONTRIBUTION");
    const repo = tx.getRepository(AgencyContribution);
    const saved = await repo.save(
      repo.create({
        caseReviewId: c.id,
        agencyId: caller.agencyId,
        caseSummary: input.caseSummary.trim(),
        actionsTaken: input.actionsTaken.trim(),
        classification: input.classification,
        submittedById: caller.id,
        submittedAt: new Date(),
      }),
    );
    await involveAgency(tx, c.id, caller.agencyId, InvolvementReason.CONTRIBUTED);
    await event(c.id, "CONTRIBUTION_SUBMITTED", `${caller.agencyName} contributed its records and actions (${input.classification})`);
    audit({
      operation: "submitContribution",
      caseReviewId: c.id,
      detail: { contributionId: saved.id, agencyId: caller.agencyId, classification: input.classification },
    });
    return saved;
  });
}
