import { Router, type Request, type Response } from "express";
import type { PageServices } from "../../install-web";
import { ApplyPartnershipDocument, SubmitApplicationDocument, SubmittedApplicationDocument, type ApplyPartnershipQuery } from "../../graphql/generated";
import { OperationError } from "../../graphql/run-operation";
import { errorView, type ErrorItem } from "../../page-errors";
import { dateFromBody, dateProblemText, emptyDate, parseDate } from "../../forms/dates";
import { codeInPath } from "../../pages/start/start";
import { apiRuleProblems, placeProblem, type PageProblem } from "./checks";
import { newDraft, toApplicationInput, type Draft, type IncidentAnswers, type OtherVictimAnswers } from "./draft";
import { CATEGORIES, CONTACT_PREFERENCES, RELATIONSHIPS, textOf, VICTIM_KINDS } from "./words";
import { formatLongDate } from "../../../calendar/dates";
import { formatPostcode, isUkPostcode } from "../../../modules/case-reviews/application.service";
import { summary } from "./summary";

type Partnership = ApplyPartnershipQuery["applicationPartnerships"][number];

declare module "express-session" {
  interface SessionData {
    /** Applications in progress, by partnership code: answers survive back, refresh and restarts. */
    applications?: Record<string, Draft>;
  }
}

/** The question pages, in order; representative and consent only when applying for someone else. */
function steps(d: Draft): string[] {
  return [
    "who-is-applying",
    ...(d.applyingAs === "someone-else" ? ["representative", "consent"] : []),
    "victim",
    "vulnerabilities",
    "other-victims",
    "incidents",
    "check-your-answers",
  ];
}

/** The first page still to answer, or null when the application is ready to check. */
function firstUnanswered(d: Draft): string | null {
  if (!d.applyingAs) return "who-is-applying";
  if (d.applyingAs === "someone-else") {
    if (!d.representative) return "representative";
    if (d.consent !== "yes") return d.consent === "no" ? "no-consent" : "consent";
  }
  if (!d.victim) return "victim";
  if (d.vulnerabilities === undefined) return "vulnerabilities";
  if (!d.otherVictimsAnswered) return "other-victims";
  if (d.incidents.length === 0 || !d.incidentsAnswered) return "incidents";
  return null;
}

const str = (body: Record<string, unknown>, name: string) => String(body[name] ?? "").trim();
const rawText = (body: Record<string, unknown>, name: string) => String(body[name] ?? "").replace(/\r\n/g, "\n").trim();

interface Journey {
  partnership: Partnership;
  draft: Draft;
  base: string;
  changing: boolean;
}

/**
 * The application as GOV.UK question pages under /apply/:code/. Answers are kept in the session as
 * they are given; the application is sent once, from the declaration, with the session's key.
 */
export function applyRoutes({ run }: PageServices): Router {
  const router = Router({ mergeParams: true });

  /** The partnership (by the code in the address) and this session's answers for it. */
  async function journey(req: Request): Promise<Journey | null> {
    const { applicationPartnerships } = await run(req, ApplyPartnershipDocument);
    const partnership = applicationPartnerships.find(p => codeInPath(p.code) === (req.params as { code: string }).code);
    if (!partnership) return null;
    const all = (req.session.applications ??= {});
    const draft = (all[partnership.code] ??= newDraft());
    return { partnership, draft, base: `/apply/${codeInPath(partnership.code)}`, changing: req.query.change === "yes" };
  }

  /** Where to go after a page is saved: back to check your answers when changing, else the next page. */
  function nextAfter(j: Journey, page: string): string {
    if (j.changing) return `${j.base}/${firstUnanswered(j.draft) ?? "check-your-answers"}`;
    const order = steps(j.draft);
    return `${j.base}/${order[order.indexOf(page) + 1] ?? firstUnanswered(j.draft) ?? "check-your-answers"}`;
  }

  function backFrom(j: Journey, page: string): string {
    if (j.changing) return `${j.base}/check-your-answers`;
    const order = steps(j.draft);
    const i = order.indexOf(page);
    return i > 0 ? `${j.base}/${order[i - 1]}` : j.base;
  }

  const view = (j: Journey, extra: Record<string, unknown>) => ({
    base: j.base,
    serviceUrl: j.base,
    partnership: j.partnership,
    draft: j.draft,
    changing: j.changing,
    changeQuery: j.changing ? "?change=yes" : "",
    csrf: undefined,
    ...extra,
  });

  const items = (problems: Array<{ field: string; text: string }>): ErrorItem[] => problems.map(p => ({ text: p.text, href: `#${p.field}` }));

  /** Runs a page: 404 for an unknown partnership; once sent, every question page shows the confirmation. */
  const page =
    (handler: (req: Request, res: Response, j: Journey) => Promise<void> | void, opts: { afterSubmit?: boolean } = {}) =>
    async (req: Request, res: Response, next: () => void) => {
      const j = await journey(req);
      if (!j) return next();
      if (j.draft.submitted && !opts.afterSubmit) return res.redirect(`${j.base}/confirmation`);
      await handler(req, res, j);
    };

  /**
   * The first time the confirmation is shown: reads the dates back with the reference and code.
   * Sending the declaration twice at once (a double click, a retry) makes one case, but each send
   * after the first gives it a new access code, and the session keeps whichever answer was saved
   * last. A code that no longer opens the case is replaced by sending the same draft once more
   * (its idempotency key returns the same case), so the code shown always works.
   */
  async function confirmSubmission(req: Request, j: Journey): Promise<void> {
    const submitted = j.draft.submitted!;
    if (submitted.checked) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { applicationStatus } = await run(req, SubmittedApplicationDocument, { reference: submitted.reference, accessCode: submitted.accessCode });
        submitted.thresholdDecisionDue = applicationStatus?.thresholdDecisionDue ?? null;
        submitted.checked = true;
        return;
      } catch (err) {
        if (!(err instanceof OperationError && err.code === "NOT_FOUND")) throw err;
        const { submitCaseReviewApplication: again } = await run(req, SubmitApplicationDocument, { input: toApplicationInput(j.draft, j.partnership.code) });
        if (again.reference !== submitted.reference) throw new Error("a replayed application returned a different case");
        submitted.accessCode = again.accessCode;
      }
    }
    throw new Error("the access code of a new application did not open it three times running");
  }

  // ---- Who is applying --------------------------------------------------------------------------
  router.get("/who-is-applying", page((req, res, j) => {
    res.render("journeys/apply/who-is-applying", view(j, { pageTitle: "Who is applying?", backLink: backFrom(j, "who-is-applying"), values: { applyingAs: j.draft.applyingAs } }));
  }));
  router.post("/who-is-applying", page((req, res, j) => {
    const applyingAs = str(req.body, "applyingAs");
    if (applyingAs !== "myself" && applyingAs !== "someone-else") {
      return res.render("journeys/apply/who-is-applying", view(j, { pageTitle: "Who is applying?", backLink: backFrom(j, "who-is-applying"), values: {}, ...errorView(items([{ field: "applyingAs", text: "Select whether you are the victim or applying for someone else" }])) }));
    }
    j.draft.applyingAs = applyingAs;
    if (applyingAs === "myself") {
      delete j.draft.representative;
      delete j.draft.consent;
    }
    res.redirect(nextAfter(j, "who-is-applying"));
  }));

  // ---- The representative -----------------------------------------------------------------------
  const representativePage = (res: Response, j: Journey, values: object, problems: PageProblem[] = []) =>
    res.render("journeys/apply/representative", view(j, { pageTitle: "Your details", backLink: backFrom(j, "representative"), values, relationships: RELATIONSHIPS, ...errorView(items(problems)) }));
  router.get("/representative", page((req, res, j) => representativePage(res, j, j.draft.representative ?? {})));
  router.post("/representative", page((req, res, j) => {
    const values = { name: str(req.body, "name"), relationship: str(req.body, "relationship") as never, organisation: str(req.body, "organisation"), email: str(req.body, "email"), phone: str(req.body, "phone") };
    const own: PageProblem[] = [];
    if (!values.name) own.push({ page: "representative", field: "name", text: "Enter your name" });
    if (!RELATIONSHIPS.some(r => r.value === values.relationship)) own.push({ page: "representative", field: "relationship", text: "Select your relationship to the victim" });
    const trial: Draft = { ...j.draft, representative: values };
    const problems = merge(own, apiRuleProblems(trial, j.partnership, ["representative.name", "representative.email", "representative.phone"]));
    if (problems.length) return representativePage(res, j, values, problems);
    j.draft.representative = values;
    res.redirect(nextAfter(j, "representative"));
  }));

  // ---- The victim's consent ---------------------------------------------------------------------
  router.get("/consent", page((req, res, j) => {
    res.render("journeys/apply/consent", view(j, { pageTitle: "Has the victim agreed to you applying for them?", backLink: backFrom(j, "consent"), values: { consent: j.draft.consent } }));
  }));
  router.post("/consent", page((req, res, j) => {
    const consent = str(req.body, "consent");
    if (consent !== "yes" && consent !== "no") {
      return res.render("journeys/apply/consent", view(j, { pageTitle: "Has the victim agreed to you applying for them?", backLink: backFrom(j, "consent"), values: {}, ...errorView(items([{ field: "consent", text: "Select yes if the victim has agreed to you applying for them" }])) }));
    }
    j.draft.consent = consent;
    res.redirect(consent === "no" ? `${j.base}/no-consent` : nextAfter(j, "consent"));
  }));
  router.get("/no-consent", page((req, res, j) => {
    res.render("journeys/apply/no-consent", view(j, { pageTitle: "You cannot apply without the victim's agreement", backLink: `${j.base}/consent` }));
  }));

  // ---- The victim -------------------------------------------------------------------------------
  const victimPage = (res: Response, j: Journey, values: object, problems: PageProblem[] = []) =>
    res.render("journeys/apply/victim", view(j, {
      pageTitle: j.draft.applyingAs === "someone-else" ? "The victim's details" : "Your details",
      backLink: backFrom(j, "victim"),
      values,
      kinds: VICTIM_KINDS,
      contactPreferences: CONTACT_PREFERENCES,
      ...errorView(items(problems)),
    }));
  router.get("/victim", page((req, res, j) => victimPage(res, j, j.draft.victim ?? { kind: "INDIVIDUAL", dateOfBirth: emptyDate() })));
  router.post("/victim", page((req, res, j) => {
    const b = req.body as Record<string, unknown>;
    const values = {
      kind: (VICTIM_KINDS.some(k => k.value === str(b, "kind")) ? str(b, "kind") : "INDIVIDUAL") as never,
      name: str(b, "name"),
      address: rawText(b, "address"),
      postcode: str(b, "postcode") && isUkPostcode(str(b, "postcode")) ? formatPostcode(str(b, "postcode")) : str(b, "postcode"),
      email: str(b, "email"),
      phone: str(b, "phone"),
      preferredContact: (CONTACT_PREFERENCES.some(c => c.value === str(b, "preferredContact")) ? str(b, "preferredContact") : "") as never,
      dateOfBirth: dateFromBody(b, "dateOfBirth"),
    };
    const own: PageProblem[] = [];
    const dob = parseDate(values.dateOfBirth);
    if (dob.problem) own.push({ page: "victim", field: `dateOfBirth-${dob.problem.part === "all" ? "day" : dob.problem.part}`, text: dateProblemText("Date of birth", dob.problem) });
    const trial: Draft = { ...j.draft, victim: values };
    const problems = merge(own, apiRuleProblems(trial, j.partnership, ["applicant", "applicant.name", "applicant.email", "applicant.phone", "applicant.address", "applicant.postcode", "applicant.dateOfBirth"]));
    if (problems.length) return victimPage(res, j, values, problems);
    j.draft.victim = values;
    res.redirect(nextAfter(j, "victim"));
  }));

  // ---- Vulnerabilities (optional) ---------------------------------------------------------------
  router.get("/vulnerabilities", page((req, res, j) => {
    res.render("journeys/apply/vulnerabilities", view(j, { pageTitle: "Is there anything that makes the victim more vulnerable?", backLink: backFrom(j, "vulnerabilities"), values: { vulnerabilities: j.draft.vulnerabilities ?? "" } }));
  }));
  router.post("/vulnerabilities", page((req, res, j) => {
    const vulnerabilities = rawText(req.body, "vulnerabilities");
    if (vulnerabilities.length > 2000) {
      return res.render("journeys/apply/vulnerabilities", view(j, { pageTitle: "Is there anything that makes the victim more vulnerable?", backLink: backFrom(j, "vulnerabilities"), values: { vulnerabilities }, ...errorView(items([{ field: "vulnerabilities", text: "Enter 2,000 characters or fewer" }])) }));
    }
    j.draft.vulnerabilities = vulnerabilities;
    res.redirect(nextAfter(j, "vulnerabilities"));
  }));

  // ---- Other victims (add another) --------------------------------------------------------------
  const otherVictimsPage = (res: Response, j: Journey, problems: PageProblem[] = []) =>
    res.render("journeys/apply/other-victims", view(j, {
      pageTitle: j.draft.otherVictims.length ? "Other victims" : "Are there other victims?",
      backLink: backFrom(j, "other-victims"),
      rows: j.draft.otherVictims.map((o, k) => ({
        key: { text: o.name, classes: "govuk-!-font-weight-regular" },
        value: { text: o.consent ? "Agrees to the review" : "Has not agreed" },
        actions: { items: [
          { href: `${j.base}/other-victims/${k + 1}${j.changing ? "?change=yes" : ""}`, text: "Change", visuallyHiddenText: o.name },
          { href: `${j.base}/other-victims/${k + 1}/remove${j.changing ? "?change=yes" : ""}`, text: "Remove", visuallyHiddenText: o.name },
        ] },
      })),
      ...errorView(items(problems)),
    }));
  router.get("/other-victims", page((req, res, j) => otherVictimsPage(res, j)));
  router.post("/other-victims", page((req, res, j) => {
    const addAnother = str(req.body, "addAnother");
    if (addAnother !== "yes" && addAnother !== "no") {
      return otherVictimsPage(res, j, [{ page: "other-victims", field: "addAnother", text: j.draft.otherVictims.length ? "Select yes if you need to add another victim" : "Select yes if there are other victims" }]);
    }
    if (addAnother === "yes") return res.redirect(`${j.base}/other-victims/${j.draft.otherVictims.length + 1}${j.changing ? "?change=yes" : ""}`);
    j.draft.otherVictimsAnswered = true;
    res.redirect(nextAfter(j, "other-victims"));
  }));
  const otherVictimPage = (res: Response, j: Journey, n: number, values: object, problems: PageProblem[] = []) =>
    res.render("journeys/apply/other-victim", view(j, { pageTitle: `Victim ${n + 1}`, n, backLink: `${j.base}/other-victims${j.changing ? "?change=yes" : ""}`, values, kinds: VICTIM_KINDS, ...errorView(items(problems)) }));
  const victimIndex = (req: Request, j: Journey) => {
    const n = Number((req.params as { n: string }).n);
    return Number.isInteger(n) && n >= 1 && n <= Math.min(j.draft.otherVictims.length + 1, 20) ? n : null;
  };
  router.get("/other-victims/:n", page((req, res, j) => {
    const n = victimIndex(req, j);
    if (!n) return res.redirect(`${j.base}/other-victims`);
    otherVictimPage(res, j, n, j.draft.otherVictims[n - 1] ?? { kind: "INDIVIDUAL" });
  }));
  router.post("/other-victims/:n", page((req, res, j) => {
    const n = victimIndex(req, j);
    if (!n) return res.redirect(`${j.base}/other-victims`);
    const b = req.body as Record<string, unknown>;
    const values: OtherVictimAnswers = {
      kind: (VICTIM_KINDS.some(k => k.value === str(b, "kind")) ? str(b, "kind") : "INDIVIDUAL") as never,
      name: str(b, "name"),
      address: rawText(b, "address"),
      postcode: str(b, "postcode") && isUkPostcode(str(b, "postcode")) ? formatPostcode(str(b, "postcode")) : str(b, "postcode"),
      email: str(b, "email"),
      phone: str(b, "phone"),
      consent: str(b, "consent") === "yes",
    };
    const others = [...j.draft.otherVictims];
    others[n - 1] = values;
    const problems = apiRuleProblems({ ...j.draft, otherVictims: others }, j.partnership, [`additionalVictims.${n - 1}.`]);
    if (problems.length) return otherVictimPage(res, j, n, values, problems);
    j.draft.otherVictims = others;
    res.redirect(`${j.base}/other-victims${j.changing ? "?change=yes" : ""}`);
  }));

  // ---- Incidents (add another) ------------------------------------------------------------------
  const incidentsPage = (res: Response, j: Journey, problems: PageProblem[] = []) =>
    res.render("journeys/apply/incidents", view(j, {
      pageTitle: "The incidents you reported",
      backLink: backFrom(j, "incidents"),
      rows: j.draft.incidents.map((i, k) => ({
        key: { text: `Incident ${k + 1}` },
        value: { text: `${textOf(CATEGORIES, i.category)}, ${summaryDate(i.occurredOn)}, ${i.location}` },
        actions: { items: [
          { href: `${j.base}/incidents/${k + 1}${j.changing ? "?change=yes" : ""}`, text: "Change", visuallyHiddenText: `incident ${k + 1}` },
          { href: `${j.base}/incidents/${k + 1}/remove${j.changing ? "?change=yes" : ""}`, text: "Remove", visuallyHiddenText: `incident ${k + 1}` },
        ] },
      })),
      ...errorView(items(problems)),
    }));
  router.get("/incidents", page((req, res, j) => {
    if (j.draft.incidents.length === 0) return res.redirect(`${j.base}/incidents/1${j.changing ? "?change=yes" : ""}`);
    incidentsPage(res, j);
  }));
  router.post("/incidents", page((req, res, j) => {
    const addAnother = str(req.body, "addAnother");
    if (addAnother !== "yes" && addAnother !== "no") return incidentsPage(res, j, [{ page: "incidents", field: "addAnother", text: "Select yes if you need to add another incident" }]);
    if (addAnother === "yes") return res.redirect(`${j.base}/incidents/${j.draft.incidents.length + 1}${j.changing ? "?change=yes" : ""}`);
    j.draft.incidentsAnswered = true;
    res.redirect(nextAfter(j, "incidents"));
  }));
  const victimsNamed = (d: Draft) => [d.victim?.name || "The victim", ...d.otherVictims.map(o => o.name)];
  const incidentPage = (res: Response, j: Journey, n: number, values: object, problems: PageProblem[] = []) =>
    res.render("journeys/apply/incident", view(j, {
      pageTitle: `Incident ${n}`,
      n,
      backLink: j.draft.incidents.length ? `${j.base}/incidents${j.changing ? "?change=yes" : ""}` : backFrom(j, "incidents"),
      values,
      categories: CATEGORIES,
      agencyItems: j.partnership.agencies.map(a => ({ value: a.id, text: a.name })),
      reporterItems: j.draft.otherVictims.length ? victimsNamed(j.draft).map((name, k) => ({ value: String(k), text: name })) : null,
      ...errorView(items(problems)),
    }));
  const incidentIndex = (req: Request, j: Journey) => {
    const n = Number((req.params as { n: string }).n);
    return Number.isInteger(n) && n >= 1 && n <= Math.min(j.draft.incidents.length + 1, 50) ? n : null;
  };
  router.get("/incidents/:n", page((req, res, j) => {
    const n = incidentIndex(req, j);
    if (!n) return res.redirect(`${j.base}/incidents`);
    incidentPage(res, j, n, j.draft.incidents[n - 1] ?? { occurredOn: emptyDate(), reportedOn: emptyDate(), reportedBy: "0" });
  }));
  router.post("/incidents/:n", page((req, res, j) => {
    const n = incidentIndex(req, j);
    if (!n) return res.redirect(`${j.base}/incidents`);
    const b = req.body as Record<string, unknown>;
    const values: IncidentAnswers = {
      category: (CATEGORIES.some(c => c.value === str(b, "category")) ? str(b, "category") : "") as never,
      description: rawText(b, "description"),
      occurredOn: dateFromBody(b, "occurredOn"),
      reportedOn: dateFromBody(b, "reportedOn"),
      agencyId: str(b, "agencyId"),
      agencyReference: str(b, "agencyReference"),
      location: str(b, "location"),
      hateMotivated: (["yes", "no"].includes(str(b, "hateMotivated")) ? str(b, "hateMotivated") : "") as never,
      reportedBy: str(b, "reportedBy") || "0",
    };
    const own: PageProblem[] = [];
    const at = (field: string, text: string) => own.push({ page: `incidents/${n}`, field, text });
    if (!values.category) at("category", "Select what kind of behaviour it was");
    for (const [name, what] of [["occurredOn", "The date it happened"], ["reportedOn", "The date you reported it"]] as const) {
      const parsed = parseDate(values[name]);
      if (parsed.empty) at(`${name}-day`, `Enter ${what.charAt(0).toLowerCase()}${what.slice(1)}`);
      else if (parsed.problem) at(`${name}-${parsed.problem.part === "all" ? "day" : parsed.problem.part}`, dateProblemText(what, parsed.problem));
    }
    if (!values.hateMotivated) at("hateMotivated", "Select yes if you think it was motivated by hate");
    const incidents = [...j.draft.incidents];
    incidents[n - 1] = values;
    const fromApi = apiRuleProblems({ ...j.draft, incidents }, j.partnership, [`incidents.${n - 1}.`])
      // A date the page could not read has already been named; the API's rule needs both dates.
      .filter(p => !(own.some(o => o.field.startsWith("occurredOn") || o.field.startsWith("reportedOn")) && /^(occurred|reported)On/.test(p.field)));
    const problems = merge(own, fromApi);
    if (problems.length) return incidentPage(res, j, n, values, problems);
    j.draft.incidents = incidents;
    res.redirect(`${j.base}/incidents${j.changing ? "?change=yes" : ""}`);
  }));

  // ---- Removing a victim or an incident ---------------------------------------------------------
  for (const kind of ["other-victims", "incidents"] as const) {
    const list = (d: Draft) => (kind === "incidents" ? d.incidents : d.otherVictims);
    const what = (d: Draft, n: number) => (kind === "incidents" ? `incident ${n}` : (d.otherVictims[n - 1]?.name ?? `victim ${n + 1}`));
    router.get(`/${kind}/:n/remove`, page((req, res, j) => {
      const n = Number((req.params as { n: string }).n);
      if (!list(j.draft)[n - 1]) return res.redirect(`${j.base}/${kind}`);
      res.render("journeys/apply/remove", view(j, { pageTitle: `Are you sure you want to remove ${what(j.draft, n)}?`, backLink: `${j.base}/${kind}`, listPath: kind }));
    }));
    router.post(`/${kind}/:n/remove`, page((req, res, j) => {
      const n = Number((req.params as { n: string }).n);
      const items = list(j.draft);
      if (items[n - 1] && str(req.body, "remove") === "yes") {
        items.splice(n - 1, 1);
        if (kind === "other-victims") {
          // Incidents reported by a removed victim are the applicant's, and later victims move up one.
          for (const i of j.draft.incidents) {
            const by = Number(i.reportedBy || 0);
            if (by === n) i.reportedBy = "0";
            else if (by > n) i.reportedBy = String(by - 1);
          }
        }
        if (kind === "incidents" && items.length === 0) j.draft.incidentsAnswered = false;
      }
      res.redirect(`${j.base}/${kind}${j.changing ? "?change=yes" : ""}`);
    }));
  }

  // ---- Check your answers, declaration, confirmation --------------------------------------------
  const checkAnswersPage = (res: Response, j: Journey, errorList: ErrorItem[] = []) =>
    res.render("journeys/apply/check-your-answers", view(j, { pageTitle: "Check your answers before sending your application", backLink: `${j.base}/incidents`, sections: summary(j.draft, j.partnership, j.base, true), errorList }));
  router.get("/check-your-answers", page((req, res, j) => {
    const missing = firstUnanswered(j.draft);
    if (missing) return res.redirect(`${j.base}/${missing}`);
    checkAnswersPage(res, j);
  }));
  router.get("/declaration", page((req, res, j) => {
    const missing = firstUnanswered(j.draft);
    if (missing) return res.redirect(`${j.base}/${missing}`);
    res.render("journeys/apply/declaration", view(j, { pageTitle: "Declaration", backLink: `${j.base}/check-your-answers` }));
  }));
  router.post("/declaration", page(async (req, res, j) => {
    const missing = firstUnanswered(j.draft);
    if (missing) return res.redirect(`${j.base}/${missing}`);
    if (str(req.body, "confirm") !== "yes") {
      return res.render("journeys/apply/declaration", view(j, { pageTitle: "Declaration", backLink: `${j.base}/check-your-answers`, ...errorView([{ href: "#confirm", text: "Confirm that the information you have given is correct to send your application" }]) }));
    }
    try {
      const { submitCaseReviewApplication: sent } = await run(req, SubmitApplicationDocument, { input: toApplicationInput(j.draft, j.partnership.code) });
      // Checked when the confirmation is first shown (confirmSubmission), not here: a second send of
      // the same draft may be in flight and give the case a newer access code.
      j.draft.submitted = { ...sent, thresholdDecisionDue: null, checked: false };
    } catch (err) {
      // A refusal the applicant can fix: every answer is kept, and each message links to its question.
      if (err instanceof OperationError && (err.code === "BAD_USER_INPUT" || err.code === "CONFLICT")) {
        const problems = err.fields.length ? err.fields.map(f => placeProblem(f, j.draft)) : [placeProblem({ field: "", message: err.message }, j.draft)];
        return checkAnswersPage(res, j, problems.map(p => ({ text: p.text, href: p.page === "check-your-answers" ? "#main-content" : `${j.base}/${p.page}?change=yes#${p.field}` })));
      }
      throw err;
    }
    res.redirect(`${j.base}/confirmation`);
  }, { afterSubmit: true }));
  router.get("/confirmation", page(async (req, res, j) => {
    if (!j.draft.submitted) return res.redirect(`${j.base}/${firstUnanswered(j.draft) ?? "check-your-answers"}`);
    await confirmSubmission(req, j);
    res.render("journeys/apply/confirmation", view(j, { pageTitle: "Application sent", submitted: j.draft.submitted }));
  }, { afterSubmit: true }));
  router.get("/application-copy", page(async (req, res, j) => {
    if (!j.draft.submitted) return res.redirect(`${j.base}/check-your-answers`);
    await confirmSubmission(req, j);
    res.render("journeys/apply/application-copy", view(j, { pageTitle: `Your application ${j.draft.submitted.reference}`, submitted: j.draft.submitted, sections: summary(j.draft, j.partnership, j.base, false), backLink: `${j.base}/confirmation` }));
  }, { afterSubmit: true }));
  router.post("/new", page((req, res, j) => {
    req.session.applications![j.partnership.code] = newDraft();
    res.redirect(`${j.base}/who-is-applying`);
  }, { afterSubmit: true }));

  return router;
}

const summaryDate = (p: { day: string; month: string; year: string }) => {
  const iso = parseDate(p).iso;
  return iso ? formatLongDate(iso) : "";
};

/** The page's own problems first; then the API's, for fields the page has not already named. */
function merge(own: PageProblem[], fromApi: PageProblem[]): PageProblem[] {
  return [...own, ...fromApi.filter(p => !own.some(o => o.field === p.field))];
}
