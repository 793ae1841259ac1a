import { ArgsType, Field, ID } from "type-graphql";
import { IsNotEmpty, IsOptional, MaxLength } from "class-validator";

@ArgsType()
export class RequestSecondaryReviewArgs {
  @Field(_type => ID, { nullable: true, description: "A CSP officer recording the applicant's request names the case" })
  @IsOptional()
  caseReviewId?: string;

  @Field(_type => String, { nullable: true, description: "The applicant, without signing in: their reference..." })
  @IsOptional()
  @MaxLength(40)
  reference?: string;

  @Field(_type => String, { nullable: true, description: "...and their access code" })
  @IsOptional()
  @MaxLength(40)
  accessCode?: string;

  @Field({ description: "Why the applicant is unhappy with how the application or review was handled" })
  @IsNotEmpty()
  @MaxLength(10000)
  reason!: string;
}
