import type { EntityManager } from "typeorm";
import { tell } from "../notifications/outbox";
import { NotificationKind } from "../notifications/notification.entity";
import type { Context } from "../../app/context";
import { assertNoProblems, badInput, blankFields } from "../../app/errors";
import { Agency } from "../agencies/agency.entity";
import { CaseAgency, InvolvementReason } from "./case-agency.entity";
import { CaseReview } from "./case-review.entity";
import { involveAgency, lockCase, runMutation, transition } from "./case-mutation";

/** The agency, when it exists and serves the partnership; otherwise null. */
export async function agencyServing(tx: EntityManager, agencyId: string, partnershipId: string): Promise<Agency | null> {
  const rows: Array<{ id: string }> = await tx.query(
    `SELECT a.id FROM agency a JOIN agency_partnership ap ON ap.agency_id = a.id
      WHERE a.id::text = $1 AND ap.partnership_id = $2`,
    [agencyId, partnershipId],
  );
  return rows.length ? tx.getRepository(Agency).findOneBy({ id: rows[0]!.id }) : null;
}

/** A CSP officer adds an agency to the case: it must serve the case's partnership. */
export async function addInvolvedAgency(ctx: Context, caseReviewId: string, agencyId: string): Promise<CaseReview> {
  return runMutation(ctx, "addInvolvedAgency", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, caseReviewId);
    await transition(tx, c, "ADD_INVOLVED_AGENCY");
    const agency = await agencyServing(tx, agencyId, c.partnershipId);
    if (!agency) {
      throw badInput("agencyId: the agency does not serve this case's partnership", [
        { field: "agencyId", message: "must be an agency serving the case's partnership" },
      ]);
    }
    const already = await tx.getRepository(CaseAgency).existsBy({ caseReviewId: c.id, agencyId: agency.id });
    if (!already) {
      await involveAgency(tx, c.id, agency.id, InvolvementReason.ADDED_BY_CSP_OFFICER);
      await event(c.id, "AGENCY_ADDED", `${agency.name} was added to the case`);
      audit({ operation: "addInvolvedAgency", caseReviewId: c.id, detail: { agencyId: agency.id } });
    }
    return c;
  });
}

/** Closes the case with a reason; a closed case accepts no further change (the state machine). */
export async function closeCaseReview(ctx: Context, caseReviewId: string, reason: string): Promise<CaseReview> {
  assertNoProblems(blankFields({ reason }));
  return runMutation(ctx, "closeCaseReview", async ({ tx, audit, event }) => {
    const c = await lockCase(tx, caseReviewId);
    c.closeReason = reason.trim();
    const closed = await transition(tx, c, "CLOSE");
    await tell(tx, { kind: NotificationKind.CASE_CLOSED, caseReviewId: c.id });
    await event(c.id, "CASE_CLOSED", `The case was closed: ${c.closeReason}`);
    audit({ operation: "closeCaseReview", caseReviewId: c.id, detail: { reason: c.closeReason } });
    return closed;
  });
}
