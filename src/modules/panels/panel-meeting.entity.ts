import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { CaseReview } from "../case-reviews/case-review.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { DateScalar } from "../../app/scalars";

@ObjectType({ description: "The case review panel" })
@Entity()
@Index("IDX_panel_meeting_statistics", ["heldOn"]) // the yearly figures count reviews by held_on
export class PanelMeeting {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid", { unique: true })
  caseReviewId!: string;

  @OneToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Field()
  @Column("timestamptz")
  scheduledFor!: Date;

  @Column("uuid")
  chairId!: string;

  @ManyToOne(_type => StaffUser)
  @JoinColumn({ name: "chair_id" })
  chair?: StaffUser;

  /** Members are staff of involved agencies; kept as ids, loaded in one batch per request. */
  @Column("uuid", { array: true, default: "{}" })
  memberIds!: string[];

  @Field(_type => DateScalar, { description: "The panel should sit by this date (policy's working days after the threshold decision)" })
  @Column("date")
  dueBy!: string;

  @Field(_type => Date, { nullable: true })
  @Column("timestamptz", { nullable: true })
  heldAt!: Date | null;

  @Field(_type => DateScalar, { nullable: true })
  @Column("date", { nullable: true })
  heldOn!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("text", { nullable: true })
  findings!: string | null;

  @Column("uuid")
  scheduledById!: string;

  @VersionColumn({ default: 1 })
  version!: number;
}
