import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType } from "type-graphql";

/**
 * A partnership's settings. The law sets three qualifying complaints as the most a partnership
 * may require (s.104(4)): the check constraint on Partnership and the input validation refuse more.
 */
@ObjectType({ description: "A partnership's threshold and timescales (working days skip weekends and England and Wales bank holidays)" })
export class ThresholdPolicy {
  @Field(_type => Int)
  @Column("smallint", { default: 3 })
  minimumQualifyingComplaints!: number;

  @Field(_type => Int, { nullable: true, description: "Different reporters about one location in six months; null = route off" })
  @Column("smallint", { nullable: true })
  communityRouteMinimumReporters!: number | null;

  @Field()
  @Column("boolean", { default: false })
  singleHateIncidentRoute!: boolean;

  @Field(_type => Int)
  @Column("smallint", { default: 5 })
  acknowledgementWorkingDays!: number;

  @Field(_type => Int)
  @Column("smallint", { default: 10 })
  informationRequestWorkingDays!: number;

  @Field(_type => Int)
  @Column("smallint", { default: 15 })
  thresholdDecisionWorkingDays!: number;

  @Field(_type => Int)
  @Column("smallint", { default: 20 })
  panelWithinWorkingDays!: number;

  @Field(_type => Int)
  @Column("smallint", { default: 25 })
  outcomeLetterWorkingDays!: number;

  @Field(_type => Int)
  @Column("smallint", { default: 20 })
  secondaryReviewRequestWorkingDays!: number;
}

@ObjectType({ description: "A Community Safety Partnership" })
@Entity()
@Check("minimum_qualifying_complaints_in_law", `"policy_minimum_qualifying_complaints" BETWEEN 1 AND 3`)
export class Partnership {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field({ description: "e.g. KENT-MAIDSTONE" })
  @Column("varchar", { length: 40, unique: true })
  code!: string;

  @Field()
  @Column("varchar", { length: 200 })
  name!: string;

  @Field(_type => [String], { description: "The areas it covers (districts, towns or postcode districts), in the words applicants use" })
  @Column("text", { array: true, default: () => "'{}'" })
  areas!: string[];

  @Field(_type => String, { nullable: true, description: "Contact details shown to applicants: email" })
  @Column("varchar", { length: 320, nullable: true })
  contactEmail!: string | null;

  @Field(_type => String, { nullable: true, description: "Contact details shown to applicants: telephone" })
  @Column("varchar", { length: 40, nullable: true })
  contactPhone!: string | null;

  @Field(_type => String, { nullable: true, description: "Contact details shown to applicants: postal address, lines separated by newlines" })
  @Column("varchar", { length: 500, nullable: true })
  contactAddress!: string | null;

  @Field(_type => ThresholdPolicy)
  @Column(_type => ThresholdPolicy, { prefix: "policy" })
  policy!: ThresholdPolicy;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt!: Date;
}
