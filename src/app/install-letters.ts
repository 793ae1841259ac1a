import type { Express, Request, Response } from "express";
import type { Caller } from "../auth/caller";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import { createCaseAccessLoader, isUuid } from "../auth/case-access";
import { mayReadLetterBody } from "../auth/permissions";
import { printCaller, statusOf, wantsPage } from "../auth/request-caller";
import { appendAudit } from "../modules/audit/audit.service";
import { Applicant } from "../modules/case-reviews/applicant.entity";
import { CaseReview } from "../modules/case-reviews/case-review.entity";
import { Letter } from "../modules/letters/letter.entity";
import { LETTER_CLASSIFICATION, renderLetterHtml } from "../modules/letters/letter.print";
import { Partnership } from "../modules/partnerships/partnership.entity";

export interface LettersDeps {
  ds: DataSource;
  log: Logger;
  verifyToken: (token: string) => Promise<string>;
  /** Without an Authorization header: the member of staff signed in to the console in this browser, if any. */
  sessionCaller?: (req: Request, res: Response) => Promise<Caller | null>;
}

const notFound = (res: Response) => res.status(404).type("text/plain").send("Letter not found");

/**
 * GET /letters/:id: the printable letter (HTML), for the callers who may read Letter.body
 * (CSP officer, chair, assigned reviewer; ACCESS.md). Anyone else gets 404, exactly as for an id
 * that does not exist. Sign-in is the same Bearer token as GraphQL, or the console's session (a
 * letter opened from the case page); every view is audited.
 */
export function installLetters(app: Express, deps: LettersDeps): void {
  app.get("/letters/:id", async (req, res) => {
    res.set({
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    });
    try {
      const caller = await printCaller(req, res, deps);
      if (!caller && wantsPage(req)) return res.redirect("/console/sign-in");
      if (!caller) {
        res.status(401).set("WWW-Authenticate", "Bearer").type("text/plain").send("Sign in first: send Authorization: Bearer <token>");
        return;
      }
      const id = String(req.params.id);
      const letter = isUuid(id) ? await deps.ds.getRepository(Letter).findOneBy({ id }) : null;
      if (!letter) return notFound(res);
      const access = await createCaseAccessLoader(deps.ds, caller).load(letter.caseReviewId);
      if (!access?.inScope || !mayReadLetterBody(access, letter)) return notFound(res);

      const c = await deps.ds.getRepository(CaseReview).findOneByOrFail({ id: letter.caseReviewId });
      const [partnership, applicant] = await Promise.all([
        deps.ds.getRepository(Partnership).findOneByOrFail({ id: c.partnershipId }),
        deps.ds.getRepository(Applicant).findOne({ where: { caseReviewId: c.id }, order: { position: "ASC" } }),
      ]);
      await deps.ds.transaction(tx =>
        // The same record as a view through GraphQL (noteRead), marked as printed.
        appendAudit(tx, { caller }, [{ operation: "READ", caseReviewId: c.id, detail: { fields: { "Letter.body": [letter.id] }, via: "print" } }]),
      );
      res.status(200).type("html").send(
        renderLetterHtml({
          letter,
          reference: c.reference,
          partnership,
          classification: LETTER_CLASSIFICATION,
          addressee: applicant ? { name: applicant.name, address: applicant.address, postcode: applicant.postcode } : null,
        }),
      );
    } catch (err) {
      const status = statusOf(err);
      if (status) {
        res.status(status).type("text/plain").send((err as Error).message);
        return;
      }
      deps.log.error({ err }, "could not print a letter");
      res.status(500).type("text/plain").send("Internal server error");
    }
  });
}
