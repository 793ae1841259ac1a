import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { DateScalar } from "../../app/scalars";
import { StaffUser } from "../staff/staff-user.entity";
import { LetterKind } from "./letter.entity";
import { describePlaceholders } from "./letter-placeholders";
import { letterTemplateHistory, letterTemplates, placeholdersOf, previewLetter, updateLetterTemplate } from "./letter-template.service";
import { UpdateLetterTemplateArgs } from "./letter-template.input";
import { LetterPlaceholder, LetterPreview, LetterTemplate } from "./letter-template.type";

const PLACEHOLDERS_TEXT =
  `Placeholders are written {{ name }}; also {% if name %}...{% else %}...{% endif %}, comparisons with numbers ({% if incidentCount == 1 %}) and ` +
  `{% for r in recommendations %}{{ loop.index }}. {{ r.text }}{% endfor %}. Filters, calls, quoted text, set, macros and includes are refused. ` +
  `The placeholders, with the kinds that have them: ${describePlaceholders()}`;

@Resolver(_of => LetterTemplate)
export class LetterTemplateResolver {
  @Query(_returns => [LetterTemplate], { description: "The current template of every letter kind for the partnership (CSP officer of it)" })
  letterTemplates(@Arg("partnershipId", _type => ID) partnershipId: string, @Ctx() ctx: Context): Promise<LetterTemplate[]> {
    return letterTemplates(ctx, partnershipId);
  }

  @Query(_returns => [LetterTemplate], { description: "Every version of one kind's template, newest first, ending with the default wording (CSP officer of the partnership)" })
  letterTemplateHistory(
    @Arg("partnershipId", _type => ID) partnershipId: string,
    @Arg("kind", _type => LetterKind) kind: LetterKind,
    @Ctx() ctx: Context,
  ): Promise<LetterTemplate[]> {
    return letterTemplateHistory(ctx, partnershipId, kind);
  }

  @Mutation(_returns => LetterTemplate, {
    description: `Saves the partnership's own wording for one kind of letter as its next version (CSP officer of the partnership). ${PLACEHOLDERS_TEXT}`,
  })
  updateLetterTemplate(@Args() args: UpdateLetterTemplateArgs, @Ctx() ctx: Context): Promise<LetterTemplate> {
    return updateLetterTemplate(ctx, args);
  }

  @Query(_returns => LetterPreview, {
    nullable: true,
    description: "What a letter of this kind would say if it were sent now, from the partnership's current template; nothing is issued (CSP officer of the case)",
  })
  previewLetter(
    @Arg("caseReviewId", _type => ID) caseReviewId: string,
    @Arg("kind", _type => LetterKind) kind: LetterKind,
    @Arg("newOutcomeDate", _type => DateScalar, { nullable: true, description: "EXTENSION only: the new date to show" }) newOutcomeDate: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<LetterPreview> {
    return previewLetter(ctx, { caseReviewId, kind, newOutcomeDate });
  }

  @FieldResolver(_returns => [LetterPlaceholder], { description: "The placeholders a template of this kind may use" })
  placeholders(@Root() t: LetterTemplate): LetterPlaceholder[] {
    return placeholdersOf(t.kind);
  }

  @FieldResolver(_returns => StaffUser, { nullable: true, description: "Who saved this version (null for the default wording)" })
  changedBy(@Root() t: LetterTemplate, @Ctx() ctx: Context): Promise<StaffUser | null> | null {
    return t.changedById ? ctx.loaders.staffUser.load(t.changedById) : null;
  }
}
