import { Field, ID, ObjectType } from "type-graphql";
import { DateScalar } from "../../app/scalars";
import { LetterKind } from "../letters/letter.entity";
import { CaseReviewStatus } from "./case-review.entity";

@ObjectType({ description: "The answer to an application: keep the reference and the access code, which is shown only once" })
export class SubmittedApplication {
  @Field({ description: "e.g. ASB-2026-000123: quote it whenever you contact the partnership" })
  reference!: string;

  @Field({ description: "With the reference, opens applicationStatus. Shown once: only a hash is stored" })
  accessCode!: string;

  @Field(_type => CaseReviewStatus)
  status!: CaseReviewStatus;

  @Field()
  submittedAt!: Date;

  @Field(_type => DateScalar, { description: "The UK date the application counts as made" })
  receivedOn!: string;

  @Field(_type => ID, { nullable: true, description: "The case's id: for staff applying on someone's behalf; null for the public" })
  caseReviewId!: string | null;
}

@ObjectType({ description: "The threshold decision, as the applicant sees it" })
export class ApplicationThresholdDecision {
  @Field()
  met!: boolean;

  @Field(_type => DateScalar)
  decidedOn!: string;
}

@ObjectType({ description: "A letter to the applicant" })
export class ApplicationLetter {
  @Field(_type => LetterKind)
  kind!: LetterKind;

  @Field(_type => DateScalar)
  issuedOn!: string;

  @Field()
  body!: string;
}

@ObjectType({ description: "An applicant's own view of their application: status, key dates and the letters sent to them, nothing else" })
export class ApplicationStatusView {
  @Field()
  reference!: string;

  @Field(_type => CaseReviewStatus)
  status!: CaseReviewStatus;

  @Field({ description: "The status in plain words" })
  statusDescription!: string;

  @Field(_type => DateScalar)
  receivedOn!: string;

  @Field(_type => DateScalar, { description: "We will tell you by this date whether the threshold for a review is met" })
  thresholdDecisionDue!: string;

  @Field(_type => ApplicationThresholdDecision, { nullable: true })
  thresholdDecision!: ApplicationThresholdDecision | null;

  @Field(_type => DateScalar, { nullable: true, description: "When the panel's findings are due to be sent" })
  outcomeLetterDue!: string | null;

  @Field(_type => DateScalar, { nullable: true, description: "The last day to ask for a secondary review" })
  secondaryReviewRequestDue!: string | null;

  @Field(_type => [ApplicationLetter])
  letters!: ApplicationLetter[];
}
