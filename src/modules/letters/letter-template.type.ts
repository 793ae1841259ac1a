import { Field, Int, ObjectType } from "type-graphql";
import { DateScalar } from "../../app/scalars";
import { LetterKind } from "./letter.entity";

@ObjectType({ description: "A value a letter template may use, written {{ name }}" })
export class LetterPlaceholder {
  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(_type => [String], { description: "For a list: the fields of each item, {{ item.field }} inside {% for item in list %}" })
  itemFields!: string[];
}

@ObjectType({ description: "One version of a partnership's template for one kind of letter" })
export class LetterTemplate {
  @Field(_type => LetterKind)
  kind!: LetterKind;

  @Field(_type => Int, { description: "0 is the platform's default wording; each save makes the next version" })
  version!: number;

  @Field({ description: "The platform's default wording, never changed by the partnership" })
  isDefault!: boolean;

  @Field({ description: "The subject line (a Nunjucks template, like the body)" })
  subject!: string;

  @Field({ description: "Plain text with {{ placeholders }}; paragraphs separated by a blank line" })
  body!: string;

  @Field(_type => Date, { nullable: true, description: "When this version was saved (null for the default wording)" })
  changedAt!: Date | null;

  changedById!: string | null;
  partnershipId!: string;
}

@ObjectType({ description: "The letter that would be sent now, rendered from the partnership's current template; nothing is issued" })
export class LetterPreview {
  @Field(_type => LetterKind)
  kind!: LetterKind;

  @Field(_type => Int)
  templateVersion!: number;

  @Field()
  subject!: string;

  @Field({ description: "Plain text, as the letter would be stored and printed" })
  body!: string;

  @Field({ description: "The same letter as HTML paragraphs, every value and every character of the template escaped" })
  html!: string;

  @Field(_type => DateScalar, { nullable: true, description: "When the letter is due under the partnership's timescales" })
  dueBy!: string | null;

  @Field(_type => [String], { description: "Placeholders shown in [brackets] because the case does not have them yet" })
  notYetKnown!: string[];
}
