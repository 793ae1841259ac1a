import type { Router } from "express";
import { formatUkDateTime } from "../../../../calendar/dates";
import { ConsoleCaseContributionsDocument, ConsoleSubmitContributionDocument, type Classification } from "../../../graphql/generated";
import type { ConsoleServices } from "../../console-routes";
import { caseOf } from "../case-context";
import { renderSection, step } from "../case-routes";
import { CLASSIFICATION } from "../words";

/** Contributions with their classification badges; an involved agency adds its own. */
export function contributionPages(router: Router, { run }: ConsoleServices): void {
  router.get("/contributions", async (req, res) => {
    const c = caseOf(res);
    const { caseReview } = await run(req, ConsoleCaseContributionsDocument, { id: c.id });
    renderSection(req, res, "console/case/contributions/contributions", "Contributions", {
      contributions: caseReview!.contributions.map(x => ({
        ...x,
        badge: CLASSIFICATION[x.classification],
        submitted: formatUkDateTime(new Date(x.submittedAt)),
        withheld: x.caseSummary == null && x.actionsTaken == null,
      })),
    });
  });

  step(router, {
    path: "/contributions/new",
    load: async (_req, res) => (caseOf(res).can.agencyOfficer && caseOf(res).can.step.SUBMIT_CONTRIBUTION ? caseOf(res) : null),
    title: () => "Add your agency's contribution",
    intro: () => ["What your agency holds on the case and what it did about the reports, for the panel."],
    fields: () => [
      { kind: "textarea", name: "caseSummary", label: "What your records hold on the case", rows: 8 },
      { kind: "textarea", name: "actionsTaken", label: "What your agency did about the reports", rows: 6 },
      {
        kind: "radios",
        name: "classification",
        label: "How should it be marked?",
        items: [
          { value: "OFFICIAL", text: "OFFICIAL", hint: "Everyone working on the case can read it" },
          { value: "OFFICIAL_SENSITIVE", text: "OFFICIAL-SENSITIVE", hint: "Strict need to know: the CSP officers, the panel's chair, the independent reviewer and your agency only" },
        ],
      },
    ],
    submitText: "Submit the contribution",
    fieldFor: { caseSummary: "caseSummary", actionsTaken: "actionsTaken", classification: "classification" },
    fallback: () => "caseSummary",
    check: (v, p, c, req) => {
      const caseSummary = p.required(v, "caseSummary", "Enter what your records hold on the case");
      const actionsTaken = p.required(v, "actionsTaken", "Enter what your agency did about the reports");
      const classification = p.required(v, "classification", "Select how the contribution should be marked");
      if (p.any) return undefined;
      return () => run(req, ConsoleSubmitContributionDocument, { caseReviewId: c.id, input: { caseSummary, actionsTaken, classification: classification as Classification } });
    },
    after: c => ({ message: "Contribution submitted", to: `${c.base}/contributions` }),
    back: c => `${c.base}/contributions`,
  });
}
