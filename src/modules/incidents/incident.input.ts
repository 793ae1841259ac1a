import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { ArrayMaxSize, ArrayMinSize, IsIn, IsNotEmpty, IsOptional, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { DateScalar } from "../../app/scalars";
import { IncidentCategory, IncidentConfirmation } from "./incident.entity";

/** One incident the victim reported to an agency: in an application, or added later by a CSP officer. */
@InputType({ description: "An incident of ASB and the agency it was reported to" })
export class IncidentInput {
  @Field(_type => IncidentCategory)
  category!: IncidentCategory;

  @Field(_type => DateScalar, { description: "The date the behaviour happened (not in the future)" })
  occurredOn!: string;

  @Field(_type => DateScalar, { description: "The date it was reported to the agency: not before it happened, not in the future" })
  reportedOn!: string;

  @Field(_type => ID, { description: "The agency it was reported to: one that serves the partnership" })
  @MaxLength(36)
  reportedToAgencyId!: string;

  @Field(_type => String, { nullable: true, description: "The agency's reference (crime or log number), if known" })
  @IsOptional()
  @MaxLength(60)
  agencyReference?: string | null;

  @Field({ description: "Where it happened" })
  @IsNotEmpty()
  @MaxLength(300)
  location!: string;

  @Field({ description: "What happened, in the victim's words" })
  @IsNotEmpty()
  @MaxLength(5000)
  description!: string;

  @Field({ defaultValue: false })
  hateMotivated!: boolean;

  @Field(_type => Int, {
    defaultValue: 0,
    description: "Which victim reported it: 0 = the applicant, 1 = the first additional victim, and so on",
  })
  @Min(0)
  @Max(50)
  reportedBy!: number;
}

@ArgsType()
export class ConfirmIncidentArgs {
  @Field(_type => ID)
  @MaxLength(36)
  incidentId!: string;

  @Field(_type => IncidentConfirmation, { description: "CONFIRMED or NOT_FOUND, from the agency's own records" })
  @IsIn([IncidentConfirmation.CONFIRMED, IncidentConfirmation.NOT_FOUND], { message: "confirmation must be CONFIRMED or NOT_FOUND" })
  confirmation!: IncidentConfirmation;

  @Field(_type => String, { nullable: true, description: "The agency's own reference (crime or log number)" })
  @IsOptional()
  @MaxLength(60)
  agencyReference?: string | null;

  @Field(_type => String, { nullable: true, description: "What the records show, for the CSP officer" })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@ArgsType()
export class AddIncidentArgs {
  @Field(_type => ID)
  @MaxLength(36)
  caseReviewId!: string;

  @Field(_type => IncidentInput)
  @ValidateNested()
  input!: IncidentInput;
}

@ArgsType()
export class LinkIncidentsArgs {
  @Field(_type => [ID], { description: "Two or more reports of one incident, in one case" })
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @MaxLength(36, { each: true })
  incidentIds!: string[];
}
