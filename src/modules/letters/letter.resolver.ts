import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { DateScalar } from "../../app/scalars";
import { Classification } from "../contributions/contribution.entity";
import { Letter, LetterKind } from "./letter.entity";
import { LETTER_CLASSIFICATION } from "./letter.print";
import { issueLetter, letterDraft } from "./letter.service";
import { LetterDraft } from "./letter.type";

const NEW_OUTCOME_DATE = { nullable: true, description: "EXTENSION only: when to expect the outcome letter now (later than its current due date)" } as const;

@Resolver(_of => Letter)
export class LetterResolver {
  @Query(_returns => LetterDraft, { nullable: true, description: "The OUTCOME or EXTENSION letter generated from the case, to edit before issueLetter (CSP officer)" })
  letterDraft(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("kind", _type => LetterKind) kind: LetterKind,
    @Arg("newOutcomeDate", _type => DateScalar, NEW_OUTCOME_DATE) newOutcomeDate: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<LetterDraft> {
    return letterDraft(ctx, caseReviewId, kind, newOutcomeDate);
  }

  @Mutation(_returns => Letter, {
    description: "Issues an OUTCOME letter (status OUTCOME_SENT) or an EXTENSION letter (on or before the outcome letter's due date): CSP officer",
  })
  issueLetter(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("kind", _type => LetterKind) kind: LetterKind,
    @Arg("body", _type => String, { nullable: true, description: "The edited text; the generated letter when omitted" }) body: string | undefined,
    @Arg("newOutcomeDate", _type => DateScalar, NEW_OUTCOME_DATE) newOutcomeDate: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<Letter> {
    return issueLetter(ctx, { caseReviewId, kind, body, newOutcomeDate });
  }

  @FieldResolver(_returns => Classification, { description: "The marking the printed letter carries" })
  classification(): Classification {
    return LETTER_CLASSIFICATION;
  }

  @FieldResolver(_returns => String, { description: "GET this path (with the same Authorization header) for the printable letter" })
  printPath(@Root() letter: Letter): string {
    return `/letters/${letter.id}`;
  }
}
