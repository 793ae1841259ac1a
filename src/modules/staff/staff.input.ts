import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { ArrayMaxSize, IsEmail, IsNotEmpty, IsOptional, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { Role } from "./staff-user.entity";

@InputType({ description: "A new member of staff: their agency administrator adds them (a SYSTEM_ADMIN adds an agency's first AGENCY_ADMIN)" })
export class CreateStaffUserInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field({ description: "How they sign in: the token's subject" })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @Field(_type => ID)
  @MaxLength(36)
  agencyId!: string;

  @Field(_type => [Role], { defaultValue: [] })
  @ArrayMaxSize(10)
  roles!: Role[];
}

@InputType({ description: "Changes to a member of staff's account: give only what changes" })
export class UpdateStaffUserInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

@ArgsType()
export class UpdateStaffUserArgs {
  @Field(_type => ID)
  @MaxLength(36)
  id!: string;

  @Field(_type => UpdateStaffUserInput)
  @ValidateNested()
  input!: UpdateStaffUserInput;
}

@ArgsType()
export class CreateStaffUserArgs {
  @Field(_type => CreateStaffUserInput)
  @ValidateNested()
  input!: CreateStaffUserInput;
}

@ArgsType()
export class SetStaffRolesArgs {
  @Field(_type => ID)
  @MaxLength(36)
  id!: string;

  @Field(_type => [Role], { description: "Exactly the roles the user holds afterwards" })
  @ArrayMaxSize(10)
  roles!: Role[];
}

@ArgsType()
export class DeactivateStaffUserArgs {
  @Field(_type => ID)
  @MaxLength(36)
  id!: string;

  @Field({ description: "Why, kept with the account and in the audit trail" })
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

@ArgsType()
export class StaffUserIdArgs {
  @Field(_type => ID)
  @MaxLength(36)
  id!: string;
}

@InputType({ description: "Narrows the staff directory" })
export class StaffUserFilter {
  @Field(_type => ID, { nullable: true, description: "Staff of the agencies serving this partnership" })
  @IsOptional()
  @MaxLength(36)
  partnershipId?: string;

  @Field(_type => ID, { nullable: true })
  @IsOptional()
  @MaxLength(36)
  agencyId?: string;

  @Field(_type => Role, { nullable: true, description: "e.g. PANEL_CHAIR when picking a chair" })
  @IsOptional()
  role?: Role;

  @Field({ nullable: true, description: "Part of a name (agency administrators: or of an e-mail address)" })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

export const MAX_STAFF_PAGE = 100;

@ArgsType()
export class StaffUsersArgs {
  @Field(_type => StaffUserFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: StaffUserFilter | null;

  @Field(_type => Int, { defaultValue: 50, description: `At most ${MAX_STAFF_PAGE}` })
  @Min(1)
  @Max(MAX_STAFF_PAGE)
  first!: number;

  @Field(_type => String, { nullable: true, description: "The endCursor of the previous page" })
  @IsOptional()
  @MaxLength(400)
  after?: string;
}
