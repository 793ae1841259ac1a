import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { todayUk } from "../../calendar/dates";
import { Agency } from "../agencies/agency.entity";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { Recommendation, RecommendationStatus } from "./recommendation.entity";
import { AWAITING_ADDRESSEE, isRecommendationOverdue } from "./recommendation.state-machine";
import {
  acknowledgeRecommendation,
  challengeRecommendation,
  completeRecommendation,
  listRecommendations,
  respondToRecommendation,
} from "./recommendation.service";
import { RecommendationConnection, RecommendationFilter, RecommendationPageArgs } from "./recommendation.type";

const VERSION = { nullable: true, description: "The version you read: a stale one answers CONFLICT" } as const;

@Resolver(_of => Recommendation)
export class RecommendationResolver {
  @Query(_returns => RecommendationConnection, { description: "The recommendations assigned to the caller's agency, soonest due first: its inbox" })
  myRecommendations(
    @Arg("status", _type => [RecommendationStatus], {
      nullable: true,
      description:
        "Without it: what still needs the agency's action, ISSUED (acknowledge), ACKNOWLEDGED (accept or decline), ACCEPTED (complete) " +
        "and CHALLENGED (answer the challenge); not DECLINED (waiting for the CSP officer or chair) nor COMPLETED. Name statuses to list others",
    })
    status: RecommendationStatus[] | null | undefined,
    @Args() page: RecommendationPageArgs,
    @Ctx() ctx: Context,
  ): Promise<RecommendationConnection> {
    return listRecommendations(ctx, "assignedToCallersAgency", { status: status ?? (AWAITING_ADDRESSEE as RecommendationStatus[]) }, page.first, page.after);
  }

  @Query(_returns => RecommendationConnection, { description: "The recommendations of the caller's partnerships (CSP officers and chairs), soonest due first" })
  recommendations(
    @Arg("filter", _type => RecommendationFilter, { nullable: true }) filter: RecommendationFilter | null | undefined,
    @Args() page: RecommendationPageArgs,
    @Ctx() ctx: Context,
  ): Promise<RecommendationConnection> {
    return listRecommendations(ctx, "callersPartnerships", filter, page.first, page.after);
  }

  @Mutation(_returns => Recommendation, { description: "The assigned agency has received the recommendation" })
  acknowledgeRecommendation(
    @Arg("id", _type => ID) id: string,
    @Arg("expectedVersion", _type => Int, VERSION) expectedVersion: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<Recommendation> {
    return acknowledgeRecommendation(ctx, id, expectedVersion);
  }

  @Mutation(_returns => Recommendation, { description: "The assigned agency accepts it, or declines it with a reason" })
  respondToRecommendation(
    @Arg("id", _type => ID) id: string,
    @Arg("accept") accept: boolean,
    @Arg("response", _type => String, { nullable: true }) response: string | undefined,
    @Arg("declineReason", _type => String, { nullable: true, description: "Required when declining" }) declineReason: string | undefined,
    @Arg("expectedVersion", _type => Int, VERSION) expectedVersion: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<Recommendation> {
    return respondToRecommendation(ctx, id, { accept, response, declineReason }, expectedVersion);
  }

  @Mutation(_returns => Recommendation, { description: "The assigned agency has carried it out" })
  completeRecommendation(
    @Arg("id", _type => ID) id: string,
    @Arg("note") note: string,
    @Arg("expectedVersion", _type => Int, VERSION) expectedVersion: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<Recommendation> {
    return completeRecommendation(ctx, id, note, expectedVersion);
  }

  @Mutation(_returns => Recommendation, { description: "A CSP officer or the panel's chair challenges one declined, or overdue and not completed" })
  challengeRecommendation(
    @Arg("id", _type => ID) id: string,
    @Arg("reason") reason: string,
    @Arg("expectedVersion", _type => Int, VERSION) expectedVersion: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<Recommendation> {
    return challengeRecommendation(ctx, id, reason, expectedVersion);
  }

  @FieldResolver(_returns => CaseReview, { nullable: true })
  caseReview(@Root() r: Recommendation, @Ctx() ctx: Context): Promise<CaseReview | null> {
    return ctx.loaders.caseReview.load(r.caseReviewId);
  }

  @FieldResolver(_returns => Agency, { nullable: true, description: "Null when addressed to a named person (assigneeName)" })
  assignedAgency(@Root() r: Recommendation, @Ctx() ctx: Context): Promise<Agency | null> {
    return r.assignedAgencyId ? ctx.loaders.agency.load(r.assignedAgencyId) : Promise.resolve(null);
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  acknowledgedBy(@Root() r: Recommendation, @Ctx() ctx: Context) {
    return staff(ctx, r.acknowledgedById);
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  respondedBy(@Root() r: Recommendation, @Ctx() ctx: Context) {
    return staff(ctx, r.respondedById);
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  completedBy(@Root() r: Recommendation, @Ctx() ctx: Context) {
    return staff(ctx, r.completedById);
  }

  @FieldResolver(_returns => StaffUser, { nullable: true })
  challengedBy(@Root() r: Recommendation, @Ctx() ctx: Context) {
    return staff(ctx, r.challengedById);
  }

  @FieldResolver(_returns => Boolean, { description: "Past its due date and not completed" })
  overdue(@Root() r: Recommendation): boolean {
    return isRecommendationOverdue(r, todayUk());
  }
}

const staff = (ctx: Context, id: string | null): Promise<StaffUser | null> => (id ? ctx.loaders.staffUser.load(id) : Promise.resolve(null));

@Resolver(_of => RecommendationConnection)
export class RecommendationConnectionResolver {
  @FieldResolver(_returns => Int, { description: "All the recommendations matching the filter (one more query)" })
  totalCount(@Root() connection: RecommendationConnection): Promise<number> {
    return connection.countAll();
  }
}
