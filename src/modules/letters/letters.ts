import type { EntityManager } from "typeorm";
import { todayUk } from "../../calendar/dates";
import { Letter, LetterKind } from "./letter.entity";

/** Records a letter to the applicant. The body is generated from a template in ./templates. */
export async function recordLetter(
  tx: EntityManager,
  fields: { caseReviewId: string; kind: LetterKind; body: string; dueBy?: string | null; issuedById?: string | null },
): Promise<Letter> {
  const repo = tx.getRepository(Letter);
  return repo.save(
    repo.create({
      caseReviewId: fields.caseReviewId,
      kind: fields.kind,
      body: fields.body,
      dueBy: fields.dueBy ?? null,
      issuedById: fields.issuedById ?? null,
      issuedOn: todayUk(),
    }),
  );
}
