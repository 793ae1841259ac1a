import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../app/context";
import { CaseReview } from "./case-review.entity";
import { addInvolvedAgency, closeCaseReview } from "./case-review-actions.service";

@Resolver(_of => CaseReview)
export class CaseReviewActionsResolver {
  @Mutation(_returns => CaseReview, { description: "Adds an agency serving the case's partnership to the case (CSP officer)" })
  addInvolvedAgency(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("agencyId", _type => ID) agencyId: string,
    @Ctx() ctx: Context,
  ): Promise<CaseReview> {
    return addInvolvedAgency(ctx, caseReviewId, agencyId);
  }

  @Mutation(_returns => CaseReview, { description: "Closes the case with a reason; a closed case accepts no further change (CSP officer)" })
  closeCaseReview(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("reason", _type => String) reason: string,
    @Ctx() ctx: Context,
  ): Promise<CaseReview> {
    return closeCaseReview(ctx, caseReviewId, reason);
  }
}
