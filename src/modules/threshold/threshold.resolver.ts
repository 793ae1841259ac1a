import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { ThresholdDecision } from "./threshold-decision.entity";
import { DecideThresholdArgs } from "./threshold.input";
import { decideThreshold, thresholdAssessment } from "./threshold.service";
import { ThresholdAssessment } from "./threshold.type";

@Resolver(_of => ThresholdDecision)
export class ThresholdResolver {
  @Query(_returns => ThresholdAssessment, {
    nullable: true,
    description: "The engine's assessment of a case: each incident with whether it qualifies and why, and the routes it opens",
  })
  thresholdAssessment(@Arg("caseReviewId", _type => ID) caseReviewId: string, @Ctx() ctx: Context): Promise<ThresholdAssessment> {
    return thresholdAssessment(ctx, caseReviewId);
  }

  @Mutation(_returns => ThresholdDecision, {
    description: "A CSP officer records whether the threshold is met, and why; the letter to the applicant is issued",
  })
  decideThreshold(@Args() args: DecideThresholdArgs, @Ctx() ctx: Context): Promise<ThresholdDecision> {
    return decideThreshold(ctx, args);
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  decidedBy(@Root() d: ThresholdDecision, @Ctx() ctx: Context): Promise<StaffUser | null> {
    return ctx.loaders.staffUser.load(d.decidedById);
  }

  @FieldResolver(_returns => CaseReview, { nullable: true, description: "The case decided" })
  caseReview(@Root() d: ThresholdDecision, @Ctx() ctx: Context): Promise<CaseReview | null> {
    return ctx.loaders.caseReview.load(d.caseReviewId);
  }
}
