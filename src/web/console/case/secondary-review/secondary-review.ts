import type { Request, Response, Router } from "express";
import { formatUkDateTime } from "../../../../calendar/dates";
import {
  ConsoleAssignSecondaryReviewerDocument,
  ConsoleCaseSecondaryReviewDocument,
  ConsoleRecordSecondaryReviewOutcomeDocument,
  ConsoleRequestSecondaryReviewDocument,
  ConsoleReviewersDocument,
} from "../../../graphql/generated";
import type { ConsoleServices } from "../../console-routes";
import { caseOf } from "../case-context";
import { renderSection, step } from "../case-routes";

const OUTCOMES: Record<string, string> = { UPHELD: "Upheld: the case goes back to the partnership", NOT_UPHELD: "Not upheld: the case is closed" };

/** The secondary review: asking on the applicant's word and assigning a reviewer (CSP officer), the outcome (the reviewer). */
export function secondaryReviewPages(router: Router, { run }: ConsoleServices): void {
  const load = async (req: Request, res: Response) => (await run(req, ConsoleCaseSecondaryReviewDocument, { id: caseOf(res).id })).caseReview!;
  const mayRequest = (res: Response, s: Awaited<ReturnType<typeof load>>) => caseOf(res).can.csp && !s.secondaryReview && caseOf(res).can.step.REQUEST_SECONDARY_REVIEW;
  const mayAssign = (res: Response, s: Awaited<ReturnType<typeof load>>) => caseOf(res).can.csp && !!s.secondaryReview && !s.secondaryReview.outcome && caseOf(res).can.step.RECORD_SECONDARY_REVIEW_OUTCOME;
  const mayRecord = (res: Response, s: Awaited<ReturnType<typeof load>>) => caseOf(res).can.reviewer && !!s.secondaryReview && !s.secondaryReview.outcome && caseOf(res).can.step.RECORD_SECONDARY_REVIEW_OUTCOME;

  router.get("/secondary-review", async (req, res) => {
    const s = await load(req, res);
    const r = s.secondaryReview;
    renderSection(req, res, "console/case/secondary-review/secondary-review", "Secondary review", {
      s,
      review: r && { ...r, outcomeText: r.outcome ? OUTCOMES[r.outcome] : null, decided: r.decidedAt ? formatUkDateTime(new Date(r.decidedAt)) : null },
      mayRequest: mayRequest(res, s),
      mayAssign: mayAssign(res, s),
      mayRecord: mayRecord(res, s),
    });
  });

  step(router, {
    path: "/secondary-review/request",
    load: async (req, res) => {
      const s = await load(req, res);
      return mayRequest(res, s) ? s : null;
    },
    title: () => "Record the applicant's request for a secondary review",
    intro: () => ["When the applicant asks by phone, letter or in person. Applicants can also ask online from their progress page."],
    fields: () => [{ kind: "textarea", name: "reason", label: "Why is the applicant unhappy with how the application or review was handled?", rows: 6 }],
    submitText: "Record the request",
    fieldFor: { reason: "reason" },
    fallback: () => "reason",
    check: (v, p, s, req) => {
      const reason = p.required(v, "reason", "Enter why the applicant is unhappy");
      return reason ? () => run(req, ConsoleRequestSecondaryReviewDocument, { caseReviewId: s.id, reason }) : undefined;
    },
    after: (_s, c) => ({ message: "Secondary review requested: assign a reviewer", to: `${c.base}/secondary-review` }),
    back: (_s, c) => `${c.base}/secondary-review`,
  });

  step(router, {
    path: "/secondary-review/assign",
    load: async (req, res) => {
      const s = await load(req, res);
      if (!mayAssign(res, s)) return null;
      const { staffUsers } = await run(req, ConsoleReviewersDocument, { partnershipId: s.partnership.id });
      return { s, reviewers: staffUsers.edges.map(e => ({ value: e.node.id, text: `${e.node.name}, ${e.node.agency.name}` })) };
    },
    title: x => (x.s.secondaryReview?.reviewer ? "Change the reviewer" : "Assign an independent reviewer"),
    fields: x => [{ kind: "radios", name: "reviewerId", label: "Who carries out the secondary review?", items: x.reviewers }],
    initial: x => ({ reviewerId: x.s.secondaryReview?.reviewer?.id ?? "" }),
    submitText: "Assign the reviewer",
    fieldFor: { reviewerId: "reviewerId" },
    fallback: () => "reviewerId",
    check: (v, p, x, req) => {
      const reviewerId = p.required(v, "reviewerId", "Select who carries out the secondary review");
      return reviewerId ? () => run(req, ConsoleAssignSecondaryReviewerDocument, { caseReviewId: x.s.id, reviewerId }) : undefined;
    },
    after: (_x, c) => ({ message: "Reviewer assigned", to: `${c.base}/secondary-review` }),
    back: (_x, c) => `${c.base}/secondary-review`,
  });

  step(router, {
    path: "/secondary-review/outcome",
    load: async (req, res) => {
      const s = await load(req, res);
      return mayRecord(res, s) ? s : null;
    },
    title: () => "Record the secondary review's outcome",
    about: s => [{ key: { text: "The applicant's reason" }, value: { text: s.secondaryReview?.reason ?? "" } }],
    fields: () => [
      { kind: "radios", name: "outcome", label: "What is the outcome?", items: [
        { value: "UPHELD", text: "Upheld", hint: "The case goes back to the partnership" },
        { value: "NOT_UPHELD", text: "Not upheld", hint: "The case is closed; the applicant is signposted to the Ombudsman and other bodies" },
      ] },
      { kind: "textarea", name: "findings", label: "Your findings", hint: "Sent to the applicant in the outcome letter", rows: 8 },
    ],
    submitText: "Record the outcome",
    fieldFor: { outcome: "outcome", findings: "findings" },
    fallback: () => "findings",
    check: (v, p, s, req) => {
      const outcome = p.required(v, "outcome", "Select the outcome");
      const findings = p.required(v, "findings", "Enter your findings");
      if (p.any) return undefined;
      return () => run(req, ConsoleRecordSecondaryReviewOutcomeDocument, { caseReviewId: s.id, outcome: outcome as "UPHELD" | "NOT_UPHELD", findings });
    },
    after: (_s, c) => ({ message: "Secondary review outcome recorded: the letter to the applicant has been issued", to: `${c.base}/secondary-review` }),
    back: (_s, c) => `${c.base}/secondary-review`,
  });
}
