import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Agency } from "../agencies/agency.entity";

export enum Role {
  CSP_OFFICER = "CSP_OFFICER",
  PANEL_CHAIR = "PANEL_CHAIR",
  AGENCY_OFFICER = "AGENCY_OFFICER",
  INDEPENDENT_REVIEWER = "INDEPENDENT_REVIEWER",
  ANALYST = "ANALYST",
  /** The platform's operator: partnerships, agencies, whom they serve, first agency administrators. No case data. */
  SYSTEM_ADMIN = "SYSTEM_ADMIN",
  /** Adds their own agency's staff and gives and takes their roles. No case data. */
  AGENCY_ADMIN = "AGENCY_ADMIN",
}

/** The roles that reach case data or figures; the two administrative roles reach none. */
export const CASE_ROLES: readonly Role[] = [Role.CSP_OFFICER, Role.PANEL_CHAIR, Role.AGENCY_OFFICER, Role.INDEPENDENT_REVIEWER, Role.ANALYST];
export const ADMIN_ROLES: readonly Role[] = [Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN];
registerEnumType(Role, { name: "Role" });

@ObjectType({ description: "A member of staff of an agency, signed in with a token" })
@Entity()
@Index(["agencyId"])
// Sign-in and the set-up file look users up by lower(email): a unique expression index (migration
// StaffAdministration); synchronize: false tells TypeORM it is not one of its own.
@Index("IDX_staff_user_lower_email", { synchronize: false })
export class StaffUser {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field()
  @Column("varchar", { length: 200 })
  name!: string;

  @Field({ nullable: true })
  @Column("varchar", { length: 320, unique: true })
  email!: string;

  @Column("uuid")
  agencyId!: string;

  @ManyToOne(_type => Agency)
  @JoinColumn({ name: "agency_id" })
  agency?: Agency;

  @Field(_type => [Role], { nullable: true })
  @Column("enum", { enum: Role, enumName: "role", array: true, default: "{}" })
  roles!: Role[];

  @Field({ description: "False once deactivated: refused from their next request; what they did stays theirs" })
  @Column("boolean", { default: true })
  active!: boolean;

  @Field(_type => Date, { nullable: true, description: "When the account was deactivated (its administrators and the person themselves)" })
  @Column("timestamptz", { nullable: true })
  deactivatedAt!: Date | null;

  @Field(_type => String, { nullable: true, description: "Why the account was deactivated (its administrators and the person themselves)" })
  @Column("varchar", { length: 500, nullable: true })
  deactivationReason!: string | null;
}
