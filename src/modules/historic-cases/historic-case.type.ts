import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "One case of an import: the platform's case and reference for the source reference given" })
export class ImportedCaseReview {
  @Field(_type => Int, { description: "Its row in the list given, from 1" })
  row!: number;

  @Field()
  sourceReference!: string;

  @Field(_type => ID)
  caseReviewId!: string;

  @Field()
  reference!: string;

  @Field({ description: "It had been imported before: nothing was added" })
  alreadyImported!: boolean;
}

@ObjectType({ description: "What an import of historic cases did" })
export class HistoricImportResult {
  @Field(_type => Int)
  imported!: number;

  @Field(_type => Int, { description: "Cases imported before (same source reference), left as they were" })
  alreadyImported!: number;

  @Field(_type => [ImportedCaseReview])
  cases!: ImportedCaseReview[];
}
