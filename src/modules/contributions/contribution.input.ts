import { Field, InputType } from "type-graphql";
import { IsEnum, IsNotEmpty, MaxLength } from "class-validator";
import { Classification } from "./contribution.entity";

@InputType({ description: "What an involved agency holds on the case and the actions it took" })
export class ContributionInput {
  @Field({ description: "The case details the agency holds" })
  @IsNotEmpty()
  @MaxLength(20000)
  caseSummary!: string;

  @Field({ description: "What the agency did about the reports" })
  @IsNotEmpty()
  @MaxLength(20000)
  actionsTaken!: string;

  @Field(_type => Classification, { description: "OFFICIAL_SENSITIVE limits the text to strict need-to-know (ACCESS.md)" })
  @IsEnum(Classification)
  classification!: Classification;
}
