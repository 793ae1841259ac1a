import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Int, Query, Resolver, Root } from "type-graphql";
import { IsOptional, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { INCIDENT_SUMMARY, type Context } from "../../app/context";
import { selectsOnly } from "../../app/selection";
import { todayUk } from "../../calendar/dates";
import { Agency } from "../agencies/agency.entity";
import { AgencyContribution } from "../contributions/contribution.entity";
import { Incident } from "../incidents/incident.entity";
import { InformationRequest } from "../information-requests/information-request.entity";
import { Letter } from "../letters/letter.entity";
import { PanelMeeting } from "../panels/panel-meeting.entity";
import { Partnership } from "../partnerships/partnership.entity";
import { Recommendation } from "../recommendations/recommendation.entity";
import { SecondaryReview } from "../secondary-reviews/secondary-review.entity";
import { ThresholdDecision } from "../threshold/threshold-decision.entity";
import { Applicant, Representative } from "./applicant.entity";
import { CaseEvent } from "./case-event.entity";
import { CaseReview } from "./case-review.entity";
import { isOverdue, workingDaysLeft } from "./case-deadlines";
import { CaseDeadlines, CaseReviewConnection, CaseReviewFilter, CaseReviewOrder } from "./case-review.type";
import { findCaseReview, listCaseReviews, MAX_PAGE } from "./case-review.service";

@ArgsType()
class CaseReviewsArgs {
  @Field(_type => CaseReviewFilter, { nullable: true })
  @ValidateNested()
  filter?: CaseReviewFilter | null;

  @Field(_type => Int, { defaultValue: 20, description: `At most ${MAX_PAGE}` })
  @Min(1)
  @Max(MAX_PAGE)
  first!: number;

  @Field(_type => String, { nullable: true, description: "The endCursor of the previous page" })
  @IsOptional()
  @MaxLength(200)
  after?: string;

  @Field(_type => CaseReviewOrder, { defaultValue: CaseReviewOrder.NEWEST, description: "NEWEST (default), or NEXT_DUE: the work queue's order, overdue first" })
  orderBy!: CaseReviewOrder;
}

@Resolver(_of => CaseReview)
export class CaseReviewResolver {
  @Query(_returns => CaseReviewConnection, { description: "The cases the caller may see (ACCESS.md scope), newest first" })
  caseReviews(@Args() args: CaseReviewsArgs, @Ctx() ctx: Context): Promise<CaseReviewConnection> {
    return listCaseReviews(ctx, args.filter, args.first, args.after, args.orderBy);
  }

  @Query(_returns => CaseReview, { nullable: true, description: "One case; NOT_FOUND when it does not exist or is outside the caller's scope" })
  caseReview(@Arg("id", _type => ID) id: string, @Ctx() ctx: Context): Promise<CaseReview> {
    return findCaseReview(ctx, { id });
  }

  @Query(_returns => CaseReview, { nullable: true, description: "One case by its reference, e.g. ASB-2026-000123" })
  caseReviewByReference(@Arg("reference") reference: string, @Ctx() ctx: Context): Promise<CaseReview> {
    return findCaseReview(ctx, { reference });
  }

  @FieldResolver(_returns => Partnership)
  async partnership(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<Partnership> {
    return (await ctx.loaders.partnership.load(c.partnershipId))!;
  }

  @FieldResolver(_returns => Applicant, { nullable: true, description: "The victim, or the first of several" })
  async applicant(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<Applicant | null> {
    return (await ctx.loaders.applicantsByCase.load(c.id))[0] ?? null;
  }

  @FieldResolver(_returns => [Applicant], { description: "Further victims: a business, group or community, each with consent" })
  async additionalVictims(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<Applicant[]> {
    return (await ctx.loaders.applicantsByCase.load(c.id)).slice(1);
  }

  @FieldResolver(_returns => Representative, { nullable: true, description: "Null when the victim applied" })
  representative(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<Representative | null> {
    return ctx.loaders.representativeByCase.load(c.id);
  }

  @FieldResolver(_returns => [Incident])
  incidents(@Root() c: CaseReview, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Incident[]> {
    // A list showing only the summary fields reads 7 of the 19 columns: PostgreSQL's JSON of the
    // other 12 was most of a case list's database time (issue 16).
    return selectsOnly(info, INCIDENT_SUMMARY.fields) ? ctx.loaders.incidentSummariesByCase.load(c.id) : ctx.loaders.incidentsByCase.load(c.id);
  }

  @FieldResolver(_returns => ThresholdDecision, { nullable: true })
  thresholdDecision(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<ThresholdDecision | null> {
    return ctx.loaders.thresholdDecisionByCase.load(c.id);
  }

  @FieldResolver(_returns => [Agency])
  async involvedAgencies(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<Agency[]> {
    const ids = await ctx.loaders.involvedAgencyIdsByCase.load(c.id);
    return (await ctx.loaders.agency.loadMany(ids)).filter((a): a is Agency => a instanceof Agency);
  }

  @FieldResolver(_returns => [InformationRequest], { description: "An involved agency sees only the requests sent to it" })
  async informationRequests(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<InformationRequest[]> {
    const [all, access] = await Promise.all([ctx.loaders.informationRequestsByCase.load(c.id), ctx.loaders.caseAccess.load(c.id)]);
    if (!access) return [];
    if (access.csp || access.chair || access.reviewer) return all;
    return all.filter(r => r.agencyId === access.agencyId);
  }

  @FieldResolver(_returns => [AgencyContribution])
  contributions(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<AgencyContribution[]> {
    return ctx.loaders.contributionsByCase.load(c.id);
  }

  @FieldResolver(_returns => PanelMeeting, { nullable: true })
  panel(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<PanelMeeting | null> {
    return ctx.loaders.panelByCase.load(c.id);
  }

  @FieldResolver(_returns => [Recommendation])
  recommendations(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<Recommendation[]> {
    return ctx.loaders.recommendationsByCase.load(c.id);
  }

  @FieldResolver(_returns => [Letter])
  letters(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<Letter[]> {
    return ctx.loaders.lettersByCase.load(c.id);
  }

  @FieldResolver(_returns => SecondaryReview, { nullable: true })
  secondaryReview(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<SecondaryReview | null> {
    return ctx.loaders.secondaryReviewByCase.load(c.id);
  }

  @FieldResolver(_returns => CaseDeadlines)
  deadlines(@Root() c: CaseReview): CaseDeadlines {
    const today = todayUk();
    return {
      acknowledgementDue: c.acknowledgementDue,
      thresholdDecisionDue: c.thresholdDecisionDue,
      panelDue: c.panelDue,
      outcomeLetterDue: c.outcomeLetterDue,
      secondaryReviewRequestDue: c.secondaryReviewRequestDue,
      nextDue: c.nextDue,
      overdue: isOverdue(c.nextDue, today),
      // Counted only when the operation asks for it (the work queue does; a case list need not).
      get workingDaysLeft() {
        return workingDaysLeft(today, c.nextDue);
      },
    };
  }

  @FieldResolver(_returns => [CaseEvent], { nullable: true, description: "What happened, in order: CSP officers and chairs only" })
  timeline(@Root() c: CaseReview, @Ctx() ctx: Context): Promise<CaseEvent[]> {
    return ctx.loaders.eventsByCase.load(c.id);
  }
}

@Resolver(_of => CaseReviewConnection)
export class CaseReviewConnectionResolver {
  @FieldResolver(_returns => Int, { description: "All the cases matching the filter (one more query)" })
  totalCount(@Root() connection: CaseReviewConnection): Promise<number> {
    return connection.countAll();
  }
}
