import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Agency } from "../agencies/agency.entity";

export enum Role {
  CSP_OFFICER = "CSP_OFFICER",
  PANEL_CHAIR = "PANEL_CHAIR",
  AGENCY_OFFICER = "AGENCY_OFFICER",
  INDEPENDENT_REVIEWER = "INDEPENDENT_REVIEWER",
  ANALYST = "ANALYST",
}
registerEnumType(Role, { name: "Role" });

@ObjectType({ description: "A member of staff of an agency, signed in with a token" })
@Entity()
@Index(["agencyId"])
// Sign-in looks users up by lower(email) (src/auth/caller.ts): an expression index, made by the
// PerformanceIndexes migration; synchronize: false tells TypeORM it is not one of its own.
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

  @Column("boolean", { default: true })
  active!: boolean;
}
