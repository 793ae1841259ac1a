import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { CaseReview } from "../case-reviews/case-review.entity";
import { DateScalar } from "../../app/scalars";

export enum LetterKind {
  ACKNOWLEDGEMENT = "ACKNOWLEDGEMENT",
  THRESHOLD_MET = "THRESHOLD_MET",
  THRESHOLD_NOT_MET = "THRESHOLD_NOT_MET",
  OUTCOME = "OUTCOME",
  EXTENSION = "EXTENSION",
  SECONDARY_REVIEW_OUTCOME = "SECONDARY_REVIEW_OUTCOME",
}
registerEnumType(LetterKind, { name: "LetterKind" });

@ObjectType({ description: "A letter to the applicant" })
@Entity()
@Index(["caseReviewId", "kind"])
@Index("IDX_letter_statistics", ["kind", "issuedOn"]) // the median to the outcome letter, by issued_on
export class Letter {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid")
  caseReviewId!: string;

  @ManyToOne(_type => CaseReview, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_review_id" })
  caseReview?: CaseReview;

  @Field(_type => LetterKind)
  @Column("enum", { enum: LetterKind, enumName: "letter_kind" })
  kind!: LetterKind;

  @Field(_type => DateScalar, { nullable: true, description: "When the letter was due under the partnership's timescales" })
  @Column("date", { nullable: true })
  dueBy!: string | null;

  @Field()
  @Column("timestamptz", { default: () => "now()" })
  issuedAt!: Date;

  @Field(_type => DateScalar)
  @Column("date")
  issuedOn!: string;

  @Column("uuid", { nullable: true })
  issuedById!: string | null;

  @Field(_type => String, { nullable: true })
  @Column("text")
  body!: string;

  @Field(_type => String, { nullable: true, description: "The letter's subject line (letters issued before templates were data have none)" })
  @Column("varchar", { length: 300, nullable: true })
  subject!: string | null;

  @Field(_type => Int, {
    nullable: true,
    description: "The version of the partnership's template it was made from (0: the platform's default wording); null for letters made before templates were data",
  })
  @Column("integer", { nullable: true })
  templateVersion!: number | null;
}
