import type { Request, Response, Router } from "express";
import { formatLongDate } from "../../../../calendar/dates";
import { ConsoleCaseLettersDocument, ConsoleIssueLetterDocument, ConsoleLetterDraftDocument } from "../../../graphql/generated";
import { errorView, type ErrorItem } from "../../../page-errors";
import type { ConsoleServices } from "../../console-routes";
import { caseOf, statusTag, type CaseContext } from "../case-context";
import { done, renderSection } from "../case-routes";
import { apiProblems, drawFields, Problems, valuesFrom, type FieldSpec, type Values } from "../forms";
import { LETTER_KIND } from "../words";

type Kind = "OUTCOME" | "EXTENSION";

/** The letters a CSP officer writes from the console, and when: the outcome, or an extension before it falls due. */
function lettersToWrite(c: CaseContext, outcomeDue: string | null | undefined): Kind[] {
  return [...(c.can.step.ISSUE_OUTCOME_LETTER ? (["OUTCOME"] as const) : []), ...(c.can.step.ISSUE_EXTENSION_LETTER && outcomeDue ? (["EXTENSION"] as const) : [])];
}

/** Letters: the list (printable pages for those who may read them), and drafting, editing, previewing and issuing one. */
export function letterPages(router: Router, { run }: ConsoleServices): void {
  const load = async (req: Request, res: Response) => (await run(req, ConsoleCaseLettersDocument, { id: caseOf(res).id })).caseReview!;

  router.get("/letters", async (req, res) => {
    const c = caseOf(res);
    const l = await load(req, res);
    renderSection(req, res, "console/case/letters/letters", "Letters", {
      letters: l.letters.map(x => ({ ...x, kindText: LETTER_KIND[x.kind] })),
      toWrite: c.can.csp ? lettersToWrite(c, l.deadlines.outcomeLetterDue).map(k => ({ kind: k, text: k === "OUTCOME" ? "Write the outcome letter" : "Write an extension letter" })) : [],
      outcomeDue: l.deadlines.outcomeLetterDue,
    });
  });

  const fields = (kind: Kind): FieldSpec[] => [
    ...(kind === "EXTENSION" ? [{ kind: "date" as const, name: "newOutcomeDate", label: "When will the outcome letter be sent now?", hint: "Later than its current due date" }] : []),
    { kind: "textarea", name: "body", label: "The letter", hint: kind === "EXTENSION" ? "Leave empty to use the partnership's wording" : "From the partnership's template: edit it as needed", rows: 20 },
  ];
  const show = (req: Request, res: Response, kind: Kind, values: Values, extra: { preview?: string; outcomeDue?: string | null } = {}, errors: ErrorItem[] = []) => {
    const view = errorView(errors);
    res.status(errors.length ? 400 : 200).render("console/case/letters/draft", {
      pageTitle: kind === "OUTCOME" ? "The outcome letter" : "An extension letter",
      case: caseOf(res),
      statusTag: statusTag(caseOf(res).header),
      backLink: `${caseOf(res).base}/letters`,
      kind,
      fields: drawFields(fields(kind), values, view.errors),
      ...extra,
      ...view,
    });
  };
  const kindOf = async (req: Request, res: Response): Promise<{ kind: Kind; outcomeDue: string | null } | null> => {
    const c = caseOf(res);
    const kind = String(req.query.kind ?? req.body?.kind ?? "");
    if (!c.can.csp || c.can.closed) return null;
    const l = await load(req, res);
    return lettersToWrite(c, l.deadlines.outcomeLetterDue).includes(kind as Kind) ? { kind: kind as Kind, outcomeDue: l.deadlines.outcomeLetterDue ?? null } : null;
  };

  router.get("/letters/new", async (req, res, next) => {
    const k = await kindOf(req, res);
    if (!k) return next();
    const body = k.kind === "OUTCOME" ? (await run(req, ConsoleLetterDraftDocument, { caseReviewId: caseOf(res).id, kind: k.kind })).letterDraft?.body ?? "" : "";
    show(req, res, k.kind, { body }, { outcomeDue: k.outcomeDue });
  });

  router.post("/letters/new", async (req, res, next) => {
    const k = await kindOf(req, res);
    if (!k) return next();
    const c = caseOf(res);
    const values = valuesFrom(req, fields(k.kind));
    const problems = new Problems();
    const newOutcomeDate = k.kind === "EXTENSION" ? problems.date(values, "newOutcomeDate", "The new date", { required: "Enter when the outcome letter will be sent now" }) : null;
    if (k.kind === "OUTCOME" && !values.body) problems.add("body", "Enter the letter");
    if (problems.any) return show(req, res, k.kind, values, { outcomeDue: k.outcomeDue }, problems.items);
    const fieldFor = { body: "body", newOutcomeDate: "newOutcomeDate-day" };
    if (req.body.action === "preview") {
      if (!values.body) {
        try {
          values.body = (await run(req, ConsoleLetterDraftDocument, { caseReviewId: c.id, kind: k.kind, newOutcomeDate })).letterDraft?.body ?? "";
        } catch (err) {
          return show(req, res, k.kind, values, { outcomeDue: k.outcomeDue }, apiProblems(err, fieldFor, "body"));
        }
      }
      return show(req, res, k.kind, values, { outcomeDue: k.outcomeDue, preview: String(values.body) });
    }
    try {
      await run(req, ConsoleIssueLetterDocument, { caseReviewId: c.id, kind: k.kind, body: String(values.body || "") || null, newOutcomeDate });
    } catch (err) {
      return show(req, res, k.kind, values, { outcomeDue: k.outcomeDue }, apiProblems(err, fieldFor, k.kind === "EXTENSION" ? "newOutcomeDate-day" : "body"));
    }
    done(req, res, k.kind === "OUTCOME" ? "Outcome letter issued" : `Extension letter issued${newOutcomeDate ? `: the outcome is now due by ${formatLongDate(newOutcomeDate)}` : ""}`, `${c.base}/letters`);
  });
}
