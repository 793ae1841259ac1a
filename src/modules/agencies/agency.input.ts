import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ArrayMaxSize, IsNotEmpty, IsOptional, MaxLength, ValidateNested } from "class-validator";
import { AgencyKind } from "./agency.entity";

@InputType({ description: "A new agency (SYSTEM_ADMIN), and the partnerships it serves" })
export class CreateAgencyInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field(_type => AgencyKind)
  kind!: AgencyKind;

  @Field(_type => [ID], { defaultValue: [] })
  @ArrayMaxSize(500)
  @MaxLength(36, { each: true })
  partnershipIds!: string[];
}

@InputType({ description: "Changes to an agency (SYSTEM_ADMIN): give only what changes" })
export class UpdateAgencyInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Field(_type => AgencyKind, { nullable: true })
  @IsOptional()
  kind?: AgencyKind;
}

@ArgsType()
export class CreateAgencyArgs {
  @Field(_type => CreateAgencyInput)
  @ValidateNested()
  input!: CreateAgencyInput;
}

@ArgsType()
export class UpdateAgencyArgs {
  @Field(_type => ID)
  @MaxLength(36)
  id!: string;

  @Field(_type => UpdateAgencyInput)
  @ValidateNested()
  input!: UpdateAgencyInput;
}

@ArgsType()
export class SetAgencyPartnershipsArgs {
  @Field(_type => ID)
  @MaxLength(36)
  agencyId!: string;

  @Field(_type => [ID], { description: "Exactly the partnerships the agency serves afterwards" })
  @ArrayMaxSize(500)
  @MaxLength(36, { each: true })
  partnershipIds!: string[];
}
