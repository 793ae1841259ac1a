import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A case was changed: what kind of change and by whom, never the data (read the case again)" })
export class CaseReviewChange {
  @Field(_type => ID)
  caseReviewId!: string;

  @Field(_type => [String], { description: "The timeline kinds of the change, e.g. INCIDENT_CONFIRMED" })
  kinds!: string[];

  @Field({ description: "Who made it: a member of staff's name, 'the applicant'..." })
  actor!: string;

  @Field()
  at!: Date;

  @Field({ description: "Whether the caller made this change (a page shows only other people's changes)" })
  byYou!: boolean;
}

@ObjectType({ description: "Something changed in a case the caller's agency is involved in: read the inbox again" })
export class InboxChange {
  @Field(_type => ID)
  caseReviewId!: string;

  @Field(_type => [String])
  kinds!: string[];

  @Field()
  at!: Date;

  @Field({ description: "Whether the caller made this change (a page shows only other people's changes)" })
  byYou!: boolean;
}

@ObjectType({ description: "Something changed in a case of the partnership: read the work queue again" })
export class WorkQueueChange {
  @Field(_type => ID)
  partnershipId!: string;

  @Field(_type => ID)
  caseReviewId!: string;

  @Field(_type => [String])
  kinds!: string[];

  @Field()
  at!: Date;

  @Field({ description: "Whether the caller made this change (a page shows only other people's changes)" })
  byYou!: boolean;
}
