import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { StaffUser } from "../staff/staff-user.entity";
import { RequestSecondaryReviewArgs } from "./secondary-review.input";
import { SecondaryReview, SecondaryReviewOutcome } from "./secondary-review.entity";
import { assignSecondaryReviewer, recordSecondaryReviewOutcome, requestSecondaryReview } from "./secondary-review.service";

@Resolver(_of => SecondaryReview)
export class SecondaryReviewResolver {
  @Mutation(_returns => SecondaryReview, {
    description: "Asks for a secondary review: the applicant with reference and accessCode (no sign-in), or a CSP officer with caseReviewId",
  })
  requestSecondaryReview(@Args() args: RequestSecondaryReviewArgs, @Ctx() ctx: Context): Promise<SecondaryReview> {
    return requestSecondaryReview(ctx, args);
  }

  @Mutation(_returns => SecondaryReview, { description: "Assigns an independent reviewer to the requested secondary review (CSP officer)" })
  assignSecondaryReviewer(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("reviewerId", _type => ID) reviewerId: string,
    @Ctx() ctx: Context,
  ): Promise<SecondaryReview> {
    return assignSecondaryReviewer(ctx, caseReviewId, reviewerId);
  }

  @Mutation(_returns => SecondaryReview, {
    description: "The assigned reviewer's decision: UPHELD refers the case back, NOT_UPHELD closes it; the applicant is sent the SECONDARY_REVIEW_OUTCOME letter",
  })
  recordSecondaryReviewOutcome(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("outcome", _type => SecondaryReviewOutcome) outcome: SecondaryReviewOutcome,
    @Arg("findings") findings: string,
    @Ctx() ctx: Context,
  ): Promise<SecondaryReview> {
    return recordSecondaryReviewOutcome(ctx, { caseReviewId, outcome, findings });
  }

  @FieldResolver(_returns => StaffUser, { nullable: true, description: "The independent reviewer, once assigned" })
  reviewer(@Root() review: SecondaryReview, @Ctx() ctx: Context): Promise<StaffUser | null> {
    return review.reviewerId ? ctx.loaders.staffUser.load(review.reviewerId) : Promise.resolve(null);
  }
}
