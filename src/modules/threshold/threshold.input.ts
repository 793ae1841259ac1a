import { ArgsType, Field, ID } from "type-graphql";
import { IsNotEmpty, IsOptional, MaxLength } from "class-validator";
import { DateScalar } from "../../app/scalars";
import { ThresholdRoute } from "./threshold-decision.entity";

@ArgsType()
export class DecideThresholdArgs {
  @Field(_type => ID)
  @MaxLength(36)
  caseReviewId!: string;

  @Field({ description: "Whether the threshold for a review is met" })
  met!: boolean;

  @Field({ description: "Why: always required; at least 20 characters when the decision differs from the engine's assessment" })
  @IsNotEmpty()
  @MaxLength(5000)
  reason!: string;

  @Field(_type => String, { nullable: true, description: "What will be done about the problem: required when the threshold is not met" })
  @IsOptional()
  @MaxLength(5000)
  actionToBeTaken?: string | null;

  @Field(_type => ThresholdRoute, {
    nullable: true,
    description: "Default: the first route the engine found satisfied; DISCRETIONARY when the decision differs from the engine",
  })
  @IsOptional()
  route?: ThresholdRoute | null;

  @Field(_type => DateScalar, {
    nullable: true,
    description:
      "The UK date the decision was made, when it was made earlier on paper: not before the date the application was received, not in the future. Default: today. The audit keeps it beside when it was recorded.",
  })
  @IsOptional()
  decidedOn?: string | null;
}
