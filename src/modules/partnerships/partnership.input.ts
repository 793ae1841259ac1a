import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { IsInt, IsOptional, Max, MaxLength, Min, ValidateIf, ValidateNested } from "class-validator";

export const LAW_MAXIMUM_MESSAGE = "the law sets 3 as the most a partnership may require";

/** Changes to a partnership's policy: only the fields given change. */
@InputType({ description: "A partnership's threshold and timescales: give only what changes" })
export class ThresholdPolicyInput {
  @Field(_type => Int, { nullable: true, description: "1 to 3: a partnership may ask for fewer than the law's three, never more" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3, { message: LAW_MAXIMUM_MESSAGE })
  minimumQualifyingComplaints?: number;

  @Field(_type => Int, { nullable: true, description: "2 to 50 different reporters about one location in six months; null turns the community route off" })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(2)
  @Max(50)
  communityRouteMinimumReporters?: number | null;

  @Field({ nullable: true })
  @IsOptional()
  singleHateIncidentRoute?: boolean;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  acknowledgementWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  informationRequestWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  thresholdDecisionWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  panelWithinWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  outcomeLetterWorkingDays?: number;

  @Field(_type => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100)
  secondaryReviewRequestWorkingDays?: number;
}

@ArgsType()
export class UpdateThresholdPolicyArgs {
  @Field(_type => ID)
  @MaxLength(36)
  partnershipId!: string;

  @Field(_type => ThresholdPolicyInput)
  @ValidateNested()
  input!: ThresholdPolicyInput;
}
