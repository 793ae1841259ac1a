import { ArgsType, Field, ID } from "type-graphql";
import { MaxLength } from "class-validator";
import { LetterKind } from "./letter.entity";

export const SUBJECT_MAX = 300;
export const BODY_MAX = 20_000;

@ArgsType()
export class UpdateLetterTemplateArgs {
  @Field(_type => ID)
  @MaxLength(36)
  partnershipId!: string;

  @Field(_type => LetterKind)
  kind!: LetterKind;

  @Field({ description: `The subject line, with placeholders; at most ${SUBJECT_MAX} characters` })
  @MaxLength(SUBJECT_MAX)
  subject!: string;

  @Field({ description: `Plain text with placeholders, paragraphs separated by a blank line; at most ${BODY_MAX.toLocaleString("en-GB")} characters` })
  @MaxLength(BODY_MAX)
  body!: string;
}
