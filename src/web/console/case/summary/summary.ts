import type { Router } from "express";
import { daysBetween, todayUk, ukDateOf } from "../../../../calendar/dates";
import { ConsoleAddInvolvedAgencyDocument, ConsoleCaseAgenciesDocument, ConsoleCaseSummaryDocument, ConsoleCloseCaseReviewDocument, type ConsoleCaseSummaryQuery } from "../../../graphql/generated";
import type { ConsoleServices } from "../../console-routes";
import { caseOf } from "../case-context";
import { renderSection, step } from "../case-routes";
import { contactText, relationshipText } from "../words";

type Summary = NonNullable<ConsoleCaseSummaryQuery["caseReview"]>;

/** "Due in 3 days", "Due today", "4 days overdue". */
export function daysLeft(due: string): { text: string; overdue: boolean } {
  const n = daysBetween(todayUk(), due);
  if (n === 0) return { text: "due today", overdue: false };
  return n > 0 ? { text: `${n} day${n === 1 ? "" : "s"} left`, overdue: false } : { text: `${-n} day${n === -1 ? "" : "s"} overdue`, overdue: true };
}

/**
 * The dates of the case: each step's due date until it is done, then when it was done. A closed
 * case has nothing due, so it lists only what happened.
 */
function deadlineRows(c: Summary) {
  const d = c.deadlines;
  const closed = c.status === "CLOSED";
  const rows: Array<{ key: string; value: string; due?: { text: string; overdue: boolean } }> = [{ key: "Received", value: c.receivedOn }];
  const due = (key: string, date: string | null | undefined) => {
    if (date && !closed) rows.push({ key, value: date, due: daysLeft(date) });
  };
  if (c.thresholdDecision) rows.push({ key: "Threshold decided", value: c.thresholdDecision.decidedOn });
  else due("Threshold decision due", d.thresholdDecisionDue);
  if (c.panel?.heldOn) rows.push({ key: "Panel held", value: c.panel.heldOn });
  else if (c.panel) {
    rows.push({ key: "Panel sits", value: ukDateOf(new Date(c.panel.scheduledFor)) });
    due("Panel due by", d.panelDue);
  }
  else if (c.thresholdDecision?.met) due("Panel due by", d.panelDue);
  const outcome = c.letters.find(l => l.kind === "OUTCOME");
  if (outcome) rows.push({ key: "Outcome letter sent", value: outcome.issuedOn });
  else if (c.status === "PANEL_HELD") due("Outcome letter due", d.outcomeLetterDue);
  if (c.secondaryReview) rows.push({ key: "Secondary review asked for", value: c.secondaryReview.requestedOn });
  else if (["OUTCOME_SENT", "THRESHOLD_NOT_MET"].includes(c.status)) due("Secondary review can be asked for until", d.secondaryReviewRequestDue);
  if (c.secondaryReview?.decidedAt) rows.push({ key: "Secondary review decided", value: ukDateOf(new Date(c.secondaryReview.decidedAt)) });
  return rows;
}

/** The summary (the case page's first section) and closing the case. */
export function summaryPages(router: Router, { run }: ConsoleServices): void {
  router.get("/", async (req, res) => {
    const c = caseOf(res);
    const { caseReview } = await run(req, ConsoleCaseSummaryDocument, { id: c.id });
    const s = caseReview!;
    renderSection(req, res, "console/case/summary/summary", "Summary", {
      s,
      agencies: [...s.involvedAgencies].sort((a, b) => a.name.localeCompare(b.name)),
      deadlines: deadlineRows(s),
      nextDue: s.status !== "CLOSED" && s.deadlines.nextDue ? { date: s.deadlines.nextDue, ...daysLeft(s.deadlines.nextDue) } : null,
      contact: contactText(s.applicant?.preferredContact),
      relationship: relationshipText(s.representative?.relationship),
    });
  });

  // An agency not yet involved, added by the CSP officer: it then sees the case and can contribute.
  step(router, {
    path: "/agencies/add",
    load: async (req, res) => {
      const c = caseOf(res);
      if (!c.can.csp || !c.can.step.ADD_INVOLVED_AGENCY) return null;
      const { caseReview } = await run(req, ConsoleCaseAgenciesDocument, { id: c.id });
      const involved = new Set(caseReview!.involvedAgencies.map(a => a.id));
      const others = caseReview!.partnership.agencies.filter(a => !involved.has(a.id));
      return others.length ? others : null;
    },
    title: () => "Add an agency to the case",
    intro: () => ["The agency then sees the case, and its staff can add what they know."],
    fields: others => [{ kind: "radios", name: "agencyId", label: "Which agency?", items: others.map(a => ({ value: a.id, text: a.name })) }],
    submitText: "Add the agency",
    fieldFor: { agencyId: "agencyId" },
    fallback: () => "agencyId",
    check: (v, p, _others, req) => {
      const agencyId = p.required(v, "agencyId", "Select the agency to add");
      return agencyId ? () => run(req, ConsoleAddInvolvedAgencyDocument, { caseReviewId: caseOf(req.res!).id, agencyId }) : undefined;
    },
    after: (_o, c) => ({ message: "Agency added to the case", to: c.base }),
    back: (_o, c) => c.base,
  });

  step(router, {
    path: "/close",
    load: async (_req, res) => (caseOf(res).can.csp && caseOf(res).can.step.CLOSE ? caseOf(res) : null),
    title: () => "Close the case",
    intro: () => ["A closed case accepts no further change. The reason is kept in the timeline and the audit trail."],
    fields: () => [{ kind: "textarea", name: "reason", label: "Why is the case being closed?", hint: "For example: the secondary review was not upheld, and the applicant has been signposted to the Ombudsman" }],
    submitText: "Close the case",
    submitClasses: "govuk-button--warning",
    fieldFor: { reason: "reason" },
    fallback: () => "reason",
    check: (values, p, c, req) => {
      const reason = p.required(values, "reason", "Enter why the case is being closed");
      return reason ? () => run(req, ConsoleCloseCaseReviewDocument, { caseReviewId: c.id, reason }) : undefined;
    },
    after: c => ({ message: "The case is closed", to: c.base }),
    back: c => c.base,
  });
}
