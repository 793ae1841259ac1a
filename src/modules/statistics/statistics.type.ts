import { Field, Float, Int, ObjectType } from "type-graphql";
import { DateScalar } from "../../app/scalars";
import { Partnership } from "../partnerships/partnership.entity";

const SUPPRESSED =
  "Null when suppressed: a figure from 1 to 4 in a quarter could identify someone (see `suppressed`)";

/**
 * One quarter of a financial year. Small numbers are suppressed here (null, and named in
 * `suppressed`); the yearly totals on CaseReviewStatistics are always shown.
 */
@ObjectType({ description: "The figures of one quarter (Q1 April to June ... Q4 January to March), with small numbers suppressed" })
export class QuarterStatistics {
  @Field(_type => Int, { description: "1 (April to June) to 4 (January to March)" })
  quarter!: number;

  @Field({ description: `"Q1" ... "Q4"` })
  label!: string;

  @Field(_type => DateScalar)
  startsOn!: string;

  @Field(_type => DateScalar)
  endsOn!: string;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  applicationsReceived!: number | null;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  thresholdMet!: number | null;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  thresholdNotMet!: number | null;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  reviewsCarriedOut!: number | null;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  reviewsWithRecommendations!: number | null;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  adviceGiven!: number | null;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  secondaryReviewsRequested!: number | null;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  recommendationsMade!: number | null;

  @Field(_type => Int, { nullable: true, description: SUPPRESSED })
  recommendationsCompleted!: number | null;

  @Field(_type => Float, { nullable: true, description: "Null when no outcome letter was issued in the quarter, or when 1 to 4 were (suppressed)" })
  medianWorkingDaysToOutcome!: number | null;

  @Field(_type => [String], {
    description:
      "The names of the fields of this quarter that are suppressed (null): every count from 1 to 4, a second count where only one " +
      "would otherwise be hidden (so it cannot be worked out from the yearly total), and the median when it rests on 1 to 4 cases. " +
      "0 is always shown.",
  })
  suppressed!: string[];
}

@ObjectType({ description: "The yearly figures of the ASB case review (financial year, 1 April to 31 March), counted by the date each event happened" })
export class CaseReviewStatistics {
  @Field(_type => Partnership, { nullable: true, description: "The partnership asked for; null for the figures across every partnership the caller's agency serves" })
  partnership!: Partnership | null;

  @Field(_type => [Partnership], { description: "The partnerships counted" })
  partnerships!: Partnership[];

  @Field({ description: `"2023/24" = 1 April 2023 to 31 March 2024` })
  financialYear!: string;

  @Field(_type => DateScalar)
  startsOn!: string;

  @Field(_type => DateScalar)
  endsOn!: string;

  @Field(_type => DateScalar, { description: "The last day counted: the year's end, or today while the year is still running" })
  figuresTo!: string;

  @Field(_type => Int, { description: "Statutory: applications received in the year" })
  applicationsReceived!: number;

  @Field(_type => Int, { description: "Threshold decisions in the year that found it met" })
  thresholdMet!: number;

  @Field(_type => Int, { description: "Statutory: threshold decisions in the year that found it not met" })
  thresholdNotMet!: number;

  @Field(_type => Int, { description: "Statutory: case reviews carried out (panels held) in the year" })
  reviewsCarriedOut!: number;

  @Field(_type => Int, { description: "Statutory: reviews carried out in the year that made at least one recommendation" })
  reviewsWithRecommendations!: number;

  @Field(_type => Int, { description: "Threshold-not-met decisions in the year that gave the applicant advice (an action to be taken)" })
  adviceGiven!: number;

  @Field(_type => Int, { description: "Secondary reviews requested in the year" })
  secondaryReviewsRequested!: number;

  @Field(_type => Int, { description: "Recommendations made in the year" })
  recommendationsMade!: number;

  @Field(_type => Int, { description: "Recommendations completed in the year (whenever they were made)" })
  recommendationsCompleted!: number;

  @Field(_type => Float, {
    nullable: true,
    description: "Median working days from the application (received on) to the outcome letter, over the cases whose outcome letter was issued in the year; null when none was",
  })
  medianWorkingDaysToOutcome!: number | null;

  @Field(_type => [QuarterStatistics], { description: "The same figures by quarter, small numbers suppressed" })
  byQuarter!: QuarterStatistics[];
}
