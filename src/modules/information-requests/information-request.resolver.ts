import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { InformationRequest, InformationRequestStatus } from "./information-request.entity";
import { AnswerInformationRequestArgs, MyInformationRequestsArgs, RequestInformationArgs } from "./information-request.input";
import { answerInformationRequest, myInformationRequests, requestInformation, requestStatus } from "./information-request.service";

@Resolver(_of => InformationRequest)
export class InformationRequestResolver {
  @Query(_returns => [InformationRequest], { description: "Requests sent to the caller's agency (agency staff), soonest due first" })
  myInformationRequests(@Args() args: MyInformationRequestsArgs, @Ctx() ctx: Context): Promise<InformationRequest[]> {
    return myInformationRequests(ctx, args.status);
  }

  @Mutation(_returns => InformationRequest, { description: "A CSP officer asks a partner agency for its records; the agency becomes involved" })
  requestInformation(@Args() args: RequestInformationArgs, @Ctx() ctx: Context): Promise<InformationRequest> {
    return requestInformation(ctx, args);
  }

  @Mutation(_returns => InformationRequest, { description: "The agency's answer, given once" })
  answerInformationRequest(@Args() args: AnswerInformationRequestArgs, @Ctx() ctx: Context): Promise<InformationRequest> {
    return answerInformationRequest(ctx, args.requestId, args.answer);
  }

  @FieldResolver(_returns => Agency, { description: "The agency asked" })
  async agency(@Root() r: InformationRequest, @Ctx() ctx: Context): Promise<Agency> {
    return (await ctx.loaders.agency.load(r.agencyId))!;
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  requestedBy(@Root() r: InformationRequest, @Ctx() ctx: Context): Promise<StaffUser | null> {
    return r.requestedById ? ctx.loaders.staffUser.load(r.requestedById) : Promise.resolve(null);
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  answeredBy(@Root() r: InformationRequest, @Ctx() ctx: Context): Promise<StaffUser | null> {
    return r.answeredById ? ctx.loaders.staffUser.load(r.answeredById) : Promise.resolve(null);
  }

  @FieldResolver(_returns => InformationRequestStatus, { description: "OPEN, ANSWERED, or OVERDUE once the due date has passed unanswered" })
  status(@Root() r: InformationRequest): InformationRequestStatus {
    return requestStatus(r);
  }

  @FieldResolver(_returns => CaseReview, { nullable: true, description: "The case the request belongs to" })
  caseReview(@Root() r: InformationRequest, @Ctx() ctx: Context): Promise<CaseReview | null> {
    return ctx.loaders.caseReview.load(r.caseReviewId);
  }
}
