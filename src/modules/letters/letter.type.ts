import { Field, ObjectType } from "type-graphql";
import { DateScalar } from "../../app/scalars";
import { LetterKind } from "./letter.entity";

@ObjectType({ description: "A letter generated from the case, for a CSP officer to read and edit before issuing it" })
export class LetterDraft {
  @Field(_type => LetterKind)
  kind!: LetterKind;

  @Field({ description: "Plain text; paragraphs separated by a blank line" })
  body!: string;

  @Field(_type => DateScalar, { nullable: true, description: "When the letter is due under the partnership's timescales" })
  dueBy!: string | null;
}
