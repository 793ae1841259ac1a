import type { Request, Response, Router } from "express";
import { formatLongDate } from "../../../../calendar/dates";
import { ConsoleAnswerInformationRequestDocument, ConsoleCaseInformationRequestsDocument, ConsoleRequestInformationDocument } from "../../../graphql/generated";
import type { ConsoleServices } from "../../console-routes";
import { caseOf } from "../case-context";
import { renderSection, step } from "../case-routes";
import { REQUEST_STATUS } from "../words";

/** Information requests: the list, asking an agency (CSP officer) and answering (the agency asked). */
export function informationRequestPages(router: Router, { run }: ConsoleServices): void {
  const load = async (req: Request, res: Response) => (await run(req, ConsoleCaseInformationRequestsDocument, { id: caseOf(res).id })).caseReview!;

  router.get("/information-requests", async (req, res) => {
    const c = caseOf(res);
    const data = await load(req, res);
    renderSection(req, res, "console/case/information-requests/information-requests", "Information requests", {
      requests: data.informationRequests.map(r => ({
        ...r,
        tag: REQUEST_STATUS[r.status],
        mayAnswer: c.can.agencyOfficer && r.agency.id === c.can.agencyId && r.status !== "ANSWERED" && c.can.step.ANSWER_INFORMATION_REQUEST,
      })),
    });
  });

  step(router, {
    path: "/information-requests/new",
    load: async (req, res) => (caseOf(res).can.csp && caseOf(res).can.step.REQUEST_INFORMATION ? load(req, res) : null),
    title: () => "Ask an agency for information",
    intro: () => ["The agency is asked what its records hold. It becomes involved in the case and sees the request in its inbox."],
    fields: data => [
      { kind: "radios", name: "agencyId", label: "Which agency?", items: data.partnership.agencies.map(a => ({ value: a.id, text: a.name })) },
      { kind: "textarea", name: "question", label: "What should they look for in their records?" },
      { kind: "date", name: "dueBy", label: "Answer needed by (optional)", hint: "Leave empty for the partnership's usual time" },
    ],
    submitText: "Send the request",
    fieldFor: { agencyId: "agencyId", question: "question", dueBy: "dueBy-day" },
    fallback: () => "question",
    check: (v, p, _d, req) => {
      const agencyId = p.required(v, "agencyId", "Select the agency to ask");
      const question = p.required(v, "question", "Enter what the agency should look for");
      const dueBy = p.date(v, "dueBy", "The date the answer is needed by");
      if (p.any) return undefined;
      return () => run(req, ConsoleRequestInformationDocument, { caseReviewId: caseOf(req.res!).id, agencyId, question, dueBy: dueBy ?? null });
    },
    after: (_d, c) => ({ message: "Request sent", to: `${c.base}/information-requests` }),
    back: (_d, c) => `${c.base}/information-requests`,
  });

  step(router, {
    path: "/information-requests/:requestId/answer",
    load: async (req, res) => {
      const c = caseOf(res);
      const r = (await load(req, res)).informationRequests.find(x => x.id === req.params.requestId);
      return r && c.can.agencyOfficer && r.agency.id === c.can.agencyId && r.status !== "ANSWERED" && c.can.step.ANSWER_INFORMATION_REQUEST ? r : null;
    },
    title: () => "Answer the information request",
    about: r => [
      { key: { text: "Asked" }, value: { text: r.question ?? "" } },
      { key: { text: "Asked by" }, value: { text: r.requestedBy?.name ?? "" } },
      { key: { text: "Answer needed by" }, value: { text: formatLongDate(r.dueBy) } },
    ],
    fields: () => [{ kind: "textarea", name: "answer", label: "What your records hold", hint: "The answer is given once", rows: 8 }],
    submitText: "Send the answer",
    fieldFor: { answer: "answer" },
    fallback: () => "answer",
    check: (v, p, r, req) => {
      const answer = p.required(v, "answer", "Enter what your records hold");
      return answer ? () => run(req, ConsoleAnswerInformationRequestDocument, { requestId: r.id, answer }) : undefined;
    },
    after: (_r, c) => ({ message: "Answer sent", to: `${c.base}/information-requests` }),
    back: (_r, c) => `${c.base}/information-requests`,
  });
}
