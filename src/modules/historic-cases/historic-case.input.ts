import { Field, InputType, Int } from "type-graphql";
import { IsOptional, MaxLength } from "class-validator";
import { DateScalar } from "../../app/scalars";
import { ApplicantKind } from "../case-reviews/applicant.entity";
import { IncidentCategory } from "../incidents/incident.entity";
import { LetterKind } from "../letters/letter.entity";
import { RecommendationStatus } from "../recommendations/recommendation.entity";
import { SecondaryReviewOutcome } from "../secondary-reviews/secondary-review.entity";
import { ThresholdRoute } from "../threshold/threshold-decision.entity";

/*
 * A case decided before the platform, as the partnership's own records have it. The same shape is
 * the JSON file of `npm run import` (README, "Historic cases"). Agencies are named as the platform
 * knows them (an agency serving the partnership); dates are UK dates, each step on or after the one
 * before it.
 */

@InputType({ description: "The applicant (the victim, or the first of several)" })
export class HistoricApplicantInput {
  @Field()
  @MaxLength(200)
  name!: string;

  @Field(_type => ApplicantKind, { nullable: true, description: "Default INDIVIDUAL" })
  @IsOptional()
  kind?: ApplicantKind | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(320)
  email?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  phone?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  address?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(10)
  postcode?: string | null;
}

@InputType({ description: "An incident the application reported" })
export class HistoricIncidentInput {
  @Field(_type => IncidentCategory)
  category!: IncidentCategory;

  @Field(_type => DateScalar)
  occurredOn!: string;

  @Field(_type => DateScalar, { description: "On or after occurredOn, on or before the application was received" })
  reportedOn!: string;

  @Field({ description: "The agency it was reported to, by name (one serving the partnership)" })
  @MaxLength(200)
  reportedTo!: string;

  @Field()
  @MaxLength(300)
  location!: string;

  @Field()
  @MaxLength(5000)
  description!: string;

  @Field(_type => Boolean, { nullable: true })
  @IsOptional()
  hateMotivated?: boolean | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(60)
  agencyReference?: string | null;
}

@InputType({ description: "The threshold decision, with its own date" })
export class HistoricThresholdDecisionInput {
  @Field(_type => DateScalar, { description: "On or after the date received" })
  decidedOn!: string;

  @Field()
  met!: boolean;

  @Field(_type => ThresholdRoute, { nullable: true, description: "When met: default STATUTORY; none when not met" })
  @IsOptional()
  route?: ThresholdRoute | null;

  @Field()
  @MaxLength(5000)
  reason!: string;

  @Field(_type => String, { nullable: true, description: "The action taken (the advice given): required when not met" })
  @IsOptional()
  @MaxLength(5000)
  actionToBeTaken?: string | null;

  @Field(_type => Int, { nullable: true, description: "Qualifying complaints counted then; default: the incidents that qualify by the law's periods" })
  @IsOptional()
  qualifyingIncidentCount?: number | null;
}

@InputType({ description: "The panel, when the threshold was met and a review was carried out" })
export class HistoricPanelInput {
  @Field(_type => DateScalar, { description: "On or after the threshold decision" })
  heldOn!: string;

  @Field()
  @MaxLength(10000)
  findings!: string;

  @Field(_type => String, { nullable: true, description: "Who chaired it (kept in the timeline)" })
  @IsOptional()
  @MaxLength(200)
  chairName?: string | null;
}

@InputType({ description: "A recommendation of the panel, and what became of it" })
export class HistoricRecommendationInput {
  @Field({ description: "An agency serving the partnership, by name, or another body carrying out public functions" })
  @MaxLength(200)
  addressee!: string;

  @Field()
  @MaxLength(5000)
  text!: string;

  @Field(_type => DateScalar, { description: "On or after the panel" })
  dueBy!: string;

  @Field(_type => RecommendationStatus, { description: "Where it ended: e.g. COMPLETED, DECLINED" })
  outcome!: RecommendationStatus;

  @Field(_type => DateScalar, { nullable: true, description: "When it was accepted or declined: on or after the panel" })
  @IsOptional()
  respondedOn?: string | null;

  @Field(_type => DateScalar, { nullable: true, description: "COMPLETED: when; on or after the response (or the panel)" })
  @IsOptional()
  completedOn?: string | null;

  @Field(_type => String, { nullable: true, description: "DECLINED or CHALLENGED: the reason given" })
  @IsOptional()
  @MaxLength(5000)
  declineReason?: string | null;
}

@InputType({ description: "A letter sent to the applicant" })
export class HistoricLetterInput {
  @Field(_type => LetterKind)
  kind!: LetterKind;

  @Field(_type => DateScalar, { description: "On or after the step it reports" })
  issuedOn!: string;

  @Field(_type => String, { nullable: true, description: "Its text, when kept; otherwise a note that it was sent before the platform" })
  @IsOptional()
  @MaxLength(20000)
  body?: string | null;
}

@InputType({ description: "A secondary review the applicant asked for" })
export class HistoricSecondaryReviewInput {
  @Field(_type => DateScalar, { description: "On or after the threshold decision (not met) or the outcome letter" })
  requestedOn!: string;

  @Field()
  @MaxLength(5000)
  reason!: string;

  @Field(_type => SecondaryReviewOutcome, { nullable: true })
  @IsOptional()
  outcome?: SecondaryReviewOutcome | null;

  @Field(_type => DateScalar, { nullable: true, description: "With the outcome: on or after the request" })
  @IsOptional()
  decidedOn?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(10000)
  findings?: string | null;
}

@InputType({ description: "A case decided before the platform, with its real dates" })
export class HistoricCaseReviewInput {
  @Field({ description: "The case's reference in the partnership's own records: unique per partnership; a case already imported is skipped" })
  @MaxLength(100)
  sourceReference!: string;

  @Field(_type => DateScalar, { description: "The date the application was received" })
  receivedOn!: string;

  @Field(_type => HistoricApplicantInput)
  applicant!: HistoricApplicantInput;

  @Field(_type => [HistoricIncidentInput])
  incidents!: HistoricIncidentInput[];

  @Field(_type => HistoricThresholdDecisionInput)
  thresholdDecision!: HistoricThresholdDecisionInput;

  @Field(_type => HistoricPanelInput, { nullable: true })
  @IsOptional()
  panel?: HistoricPanelInput | null;

  @Field(_type => [HistoricRecommendationInput], { nullable: true })
  @IsOptional()
  recommendations?: HistoricRecommendationInput[] | null;

  @Field(_type => [HistoricLetterInput], { nullable: true })
  @IsOptional()
  letters?: HistoricLetterInput[] | null;

  @Field(_type => HistoricSecondaryReviewInput, { nullable: true })
  @IsOptional()
  secondaryReview?: HistoricSecondaryReviewInput | null;

  @Field(_type => DateScalar, { nullable: true, description: "When the case was closed: on or after every other date" })
  @IsOptional()
  closedOn?: string | null;

  @Field(_type => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  closeReason?: string | null;
}
