import type { Request, Response, Router } from "express";
import { ConsoleCaseThresholdDocument, ConsoleDecideThresholdDocument, type ConsoleCaseThresholdQuery } from "../../../graphql/generated";
import type { ConsoleServices } from "../../console-routes";
import { caseOf } from "../case-context";
import { renderSection, step } from "../case-routes";
import { categoryText, CONFIRMATION, ROUTES } from "../words";
import { sentence } from "../forms";

/** The engine's assessment, each incident numbered as on the incidents section. */
function assessment(data: ConsoleCaseThresholdQuery) {
  const a = data.thresholdAssessment;
  if (!a) return null;
  const number = new Map(a.incidents.map((x, k) => [x.incident.id, k + 1]));
  return {
    ...a,
    routes: a.routesSatisfied.map(r => ROUTES[r] ?? r),
    incidents: a.incidents.map((x, k) => ({
      ...x,
      number: k + 1,
      categoryText: categoryText(x.incident.category),
      reason: sentence(x.qualificationReason),
      confirmationTag: CONFIRMATION[x.incident.confirmation],
      countedWith: x.duplicateOf ? number.get(x.duplicateOf.id) : undefined,
    })),
  };
}

/** The threshold: the decision (read by all who see the case), and deciding it (CSP officer) with the engine beside the form. */
export function thresholdPages(router: Router, { run }: ConsoleServices): void {
  const load = async (req: Request, res: Response) => run(req, ConsoleCaseThresholdDocument, { id: caseOf(res).id });
  const mayDecide = (res: Response, data: ConsoleCaseThresholdQuery) =>
    caseOf(res).can.csp && !data.caseReview!.thresholdDecision && caseOf(res).can.step.DECIDE_THRESHOLD;

  router.get("/threshold", async (req, res, next) => {
    const data = await load(req, res);
    if (mayDecide(res, data)) return next();
    const d = data.caseReview!.thresholdDecision;
    renderSection(req, res, "console/case/threshold/threshold", "Threshold", {
      decision: d && { ...d, routeText: d.route ? ROUTES[d.route] : null },
      assessment: assessment(data),
      due: data.caseReview!.deadlines.thresholdDecisionDue,
    });
  });

  step(router, {
    path: "/threshold",
    load: async (req, res) => {
      const data = await load(req, res);
      return mayDecide(res, data) ? data : null;
    },
    template: "console/case/threshold/threshold",
    title: () => "Threshold",
    extra: data => ({ assessment: assessment(data), due: data.caseReview!.deadlines.thresholdDecisionDue, deciding: true }),
    fields: data => [
      {
        kind: "radios",
        name: "met",
        label: "Is the threshold for a case review met?",
        hint: data.thresholdAssessment?.wouldMeetThreshold ? "The engine finds it met" : "The engine finds it not met",
        items: [
          { value: "yes", text: "Yes, the threshold is met" },
          { value: "no", text: "No, the threshold is not met" },
        ],
      },
      { kind: "textarea", name: "reason", label: "Reasons for the decision", hint: "Told to the applicant. At least 20 characters when the decision differs from the engine's", rows: 6 },
      { kind: "textarea", name: "actionToBeTaken", label: "What will be done about the problem (if not met)", hint: "Required when the threshold is not met: the applicant is told", rows: 4 },
    ],
    submitText: "Record the decision",
    fieldFor: { met: "met", reason: "reason", actionToBeTaken: "actionToBeTaken" },
    fallback: () => "reason",
    check: (v, p, _d, req) => {
      const met = p.required(v, "met", "Select whether the threshold is met");
      const reason = p.required(v, "reason", "Enter the reasons for the decision");
      if (met === "no" && !v.actionToBeTaken) p.add("actionToBeTaken", "Enter what will be done about the problem, as the threshold is not met");
      if (p.any) return undefined;
      return () =>
        run(req, ConsoleDecideThresholdDocument, { caseReviewId: caseOf(req.res!).id, met: met === "yes", reason, actionToBeTaken: String(v.actionToBeTaken || "") || null });
    },
    after: (_d, c) => ({ message: "Threshold decision recorded: the letter to the applicant has been issued", to: `${c.base}/threshold` }),
    back: (_d, c) => c.base,
  });
}
