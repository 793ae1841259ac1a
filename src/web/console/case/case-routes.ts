import { Router, type NextFunction, type Request, type Response } from "express";
import { ConsoleCaseHeaderDocument } from "../../graphql/generated";
import { errorView, type ErrorItem } from "../../page-errors";
import type { ConsoleServices } from "../console-routes";
import { caseContext, caseOf, statusTag, type CaseContext } from "./case-context";
import { apiProblems, drawFields, Problems, valuesFrom, type FieldSpec, type Values } from "./forms";
import { summaryPages } from "./summary/summary";
import { incidentPages } from "./incidents/incidents";
import { informationRequestPages } from "./information-requests/information-requests";
import { thresholdPages } from "./threshold/threshold";
import { contributionPages } from "./contributions/contributions";
import { panelPages } from "./panel/panel";
import { recommendationPages } from "./recommendations/recommendations";
import { letterPages } from "./letters/letters";
import { secondaryReviewPages } from "./secondary-review/secondary-review";
import { historyPages } from "./history/history";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A section of the case page: the case's heading and sub navigation around `template`. */
export function renderSection(req: Request, res: Response, template: string, sectionTitle: string, data: object): void {
  const c = caseOf(res);
  const flash = req.session.caseFlash;
  delete req.session.caseFlash;
  res.render(template, { pageTitle: `${sectionTitle}: ${c.header.reference}`, sectionTitle, case: c, statusTag: statusTag(c.header), flash, ...data });
}

/** After a step: say what was done on the next page, and go there (post/redirect/get). */
export function done(req: Request, res: Response, message: string, to: string): void {
  req.session.caseFlash = message;
  res.redirect(to);
}

/**
 * One step on a case as a form page: GET shows it, POST checks what was typed (`check` adds
 * problems and returns what to send), sends it, and on a refusal shows the form again with the
 * API's reasons linked to the fields. `load` finds what the step is about (null: not found).
 */
export interface Step<T> {
  path: string;
  load: (req: Request, res: Response) => Promise<T | null>;
  title: (ctx: T) => string;
  fields: (ctx: T) => FieldSpec[];
  initial?: (ctx: T) => Values;
  about?: (ctx: T) => unknown[];
  intro?: (ctx: T) => string[];
  warning?: (ctx: T) => string | undefined;
  submitText: string;
  submitClasses?: string;
  template?: string;
  extra?: (ctx: T, values: Values) => object;
  /** The API's field names -> the page's ("reason" -> "reason"); the rest go to `fallback`. */
  fieldFor?: Record<string, string>;
  fallback: (ctx: T) => string;
  /** Checks the values; returns the operation to run, or nothing when a problem was added. */
  check: (values: Values, problems: Problems, ctx: T, req: Request) => (() => Promise<unknown>) | undefined;
  /** The message and the page to go to afterwards. */
  after: (ctx: T, c: CaseContext) => { message: string; to: string };
  back: (ctx: T, c: CaseContext) => string;
}

export function step<T>(router: Router, s: Step<T>): void {
  const show = (req: Request, res: Response, ctx: T, values: Values, errors: ErrorItem[] = []) => {
    const view = errorView(errors);
    res.status(errors.length ? 400 : 200).render(s.template ?? "console/case/views/form", {
      pageTitle: s.title(ctx),
      sectionTitle: s.title(ctx),
      statusTag: statusTag(caseOf(res).header),
      case: caseOf(res),
      backLink: s.back(ctx, caseOf(res)),
      about: s.about?.(ctx),
      intro: s.intro?.(ctx) ?? [],
      warning: s.warning?.(ctx),
      submitText: s.submitText,
      submitClasses: s.submitClasses,
      fields: drawFields(s.fields(ctx), values, view.errors),
      ctx,
      ...(s.extra?.(ctx, values) ?? {}),
      ...view,
    });
  };
  router.get(s.path, async (req, res, next) => {
    const ctx = await s.load(req, res);
    if (!ctx) return next();
    show(req, res, ctx, s.initial?.(ctx) ?? {});
  });
  router.post(s.path, async (req, res, next) => {
    const ctx = await s.load(req, res);
    if (!ctx) return next();
    const values = valuesFrom(req, s.fields(ctx));
    const problems = new Problems();
    const send = s.check(values, problems, ctx, req);
    if (problems.any || !send) return show(req, res, ctx, values, problems.items);
    try {
      await send();
    } catch (err) {
      return show(req, res, ctx, values, apiProblems(err, s.fieldFor ?? {}, s.fallback(ctx)));
    }
    const { message, to } = s.after(ctx, caseOf(res));
    done(req, res, message, to);
  });
}

/**
 * The case page, /console/cases/:id and its sections (WEB.md): each section only for those
 * ACCESS.md allows (what the API did not return is not offered), and every step a person's role
 * gives them as a form that works without JavaScript.
 */
export function caseRoutes(services: ConsoleServices): Router {
  const router = Router();
  const sections = Router({ mergeParams: true });
  router.use("/cases/:id", async (req: Request, res: Response, next: NextFunction) => {
    const id = String(req.params.id);
    if (!UUID.test(id)) return next("router");
    const data = await services.run(req, ConsoleCaseHeaderDocument, { id });
    if (!data.caseReview) return next("router");
    res.locals.case = caseContext(req, data) satisfies CaseContext;
    sections(req, res, next);
  });
  summaryPages(sections, services);
  incidentPages(sections, services);
  informationRequestPages(sections, services);
  thresholdPages(sections, services);
  contributionPages(sections, services);
  panelPages(sections, services);
  recommendationPages(sections, services);
  letterPages(sections, services);
  secondaryReviewPages(sections, services);
  historyPages(sections, services);
  return router;
}
