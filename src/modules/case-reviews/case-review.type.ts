import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IsOptional, MaxLength } from "class-validator";
import { DateScalar } from "../../app/scalars";
import { CaseReview, CaseReviewStatus } from "./case-review.entity";

@ObjectType({ description: "The case's due dates, in working days under its partnership's policy" })
export class CaseDeadlines {
  @Field(_type => DateScalar)
  acknowledgementDue!: string;

  @Field(_type => DateScalar)
  thresholdDecisionDue!: string;

  @Field(_type => DateScalar, { nullable: true, description: "The panel should sit by this date" })
  panelDue!: string | null;

  @Field(_type => DateScalar, { nullable: true, description: "Set when the panel is held (or moved by an EXTENSION letter)" })
  outcomeLetterDue!: string | null;

  @Field(_type => DateScalar, { nullable: true, description: "Last day for the applicant to ask for a secondary review" })
  secondaryReviewRequestDue!: string | null;

  @Field(_type => DateScalar, { nullable: true, description: "The due date of the step the case is waiting for now" })
  nextDue!: string | null;

  @Field({ description: "A due date has passed without the step done" })
  overdue!: boolean;

  @Field(_type => Int, {
    nullable: true,
    description: "Working days from today (UK) to nextDue: 0 on the day, negative when overdue (working days late); null when nothing is due",
  })
  workingDaysLeft!: number | null;
}

export enum CaseReviewOrder {
  NEWEST = "NEWEST",
  NEXT_DUE = "NEXT_DUE",
}
registerEnumType(CaseReviewOrder, {
  name: "CaseReviewOrder",
  valuesConfig: {
    NEWEST: { description: "Newest application first" },
    NEXT_DUE: { description: "Soonest next due date first, so overdue cases come first; cases with nothing due last" },
  },
});

@InputType({ description: "Narrows the cases listed; every condition must hold" })
export class CaseReviewFilter {
  @Field(_type => [CaseReviewStatus], { nullable: true })
  status?: CaseReviewStatus[];

  @Field(_type => ID, { nullable: true, description: "The partnership, by id or by code (e.g. KENT-MAIDSTONE)" })
  @IsOptional()
  @MaxLength(60)
  partnershipId?: string;

  @Field({ nullable: true, description: "true: every case not CLOSED, whatever its step; false: only CLOSED cases" })
  open?: boolean;

  @Field({ nullable: true, description: "true: only overdue cases; false: only cases on time" })
  overdue?: boolean;

  @Field(_type => DateScalar, { nullable: true, description: "Applications made on or after this date" })
  submittedFrom?: string;

  @Field(_type => DateScalar, { nullable: true, description: "Applications made on or before this date" })
  submittedTo?: string;

  @Field({ nullable: true, description: "Only cases with a recommendation not yet acknowledged by its agency" })
  hasUnacknowledgedRecommendations?: boolean;

  @Field({ nullable: true, description: "Only cases with a recommendation past its due date and not completed" })
  hasOverdueRecommendations?: boolean;

  @Field({ nullable: true, description: "A reference (or part of one), part of a victim's name, or a postcode (spaces and case do not matter)" })
  @IsOptional()
  @MaxLength(100)
  search?: string;

  @Field({ nullable: true, description: "true: only cases with an incident reported to the caller's agency that it has not confirmed yet (PENDING)" })
  incidentsToConfirm?: boolean;

  @Field({ nullable: true, description: "true: only cases whose panel the caller chairs" })
  chairedByMe?: boolean;

  @Field({ nullable: true, description: "true: only cases whose secondary review is assigned to the caller" })
  secondaryReviewAssignedToMe?: boolean;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(_type => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class CaseReviewEdge {
  @Field()
  cursor!: string;

  @Field(_type => CaseReview)
  node!: CaseReview;
}

@ObjectType({ description: "A page of the cases the caller may see, newest first" })
export class CaseReviewConnection {
  @Field(_type => [CaseReviewEdge])
  edges!: CaseReviewEdge[];

  @Field(_type => PageInfo)
  pageInfo!: PageInfo;

  /** Counted only when asked for. */
  countAll!: () => Promise<number>;
}
