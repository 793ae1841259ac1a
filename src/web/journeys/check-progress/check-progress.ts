import { Router, type Request, type Response } from "express";
import { todayUk } from "../../../calendar/dates";
import type { PageServices } from "../../install-web";
import { ApplicationProgressDocument, RequestSecondaryReviewDocument, type ApplicationProgressQuery } from "../../graphql/generated";
import { OperationError } from "../../graphql/run-operation";
import { errorView } from "../../page-errors";
import { LETTER_TITLES, STATUS_TAGS } from "./words";

declare module "express-session" {
  interface SessionData {
    /** The one application this public session opened (reference and access code), nothing else. */
    progress?: { reference: string; accessCode: string };
    /** A message shown once on the next page. */
    flash?: string;
  }
}

type Status = NonNullable<ApplicationProgressQuery["applicationStatus"]>;

/** Within the window, and at a stage where a secondary review can be asked for. */
const mayAskForSecondaryReview = (s: Status) =>
  (s.status === "THRESHOLD_NOT_MET" || s.status === "OUTCOME_SENT") && !!s.secondaryReviewRequestDue && todayUk() <= s.secondaryReviewRequestDue;

/** The API answers an unknown reference and a wrong code alike (NOT_FOUND); a malformed one is BAD_USER_INPUT. */
const isNotFound = (err: unknown) => err instanceof OperationError && (err.code === "NOT_FOUND" || err.code === "BAD_USER_INPUT");

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate(err => (err ? reject(err) : resolve())));

/**
 * Check progress: the reference and access code open a public session for that one application
 * (status in plain words, key dates, the letters as printable pages, a secondary-review request).
 */
export function checkProgressRoutes({ run }: PageServices): Router {
  const router = Router();
  const signInPage = (res: Response, values: object, errorList: Array<{ text: string; href: string }> = []) =>
    res.render("journeys/check-progress/sign-in", { pageTitle: "Check the progress of your application", values, ...errorView(errorList) });

  router.get("/", (req, res) => signInPage(res, {}));
  router.post("/", async (req, res) => {
    const reference = String(req.body.reference ?? "").trim().toUpperCase();
    const accessCode = String(req.body.accessCode ?? "").trim();
    const problems = [];
    if (!reference) problems.push({ text: "Enter your reference", href: "#reference" });
    if (!accessCode) problems.push({ text: "Enter your access code", href: "#accessCode" });
    if (problems.length) return signInPage(res, { reference, accessCode }, problems);
    let found = false;
    try {
      found = !!(await run(req, ApplicationProgressDocument, { reference, accessCode })).applicationStatus;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!found) {
      // A wrong code answers exactly like an unknown reference (the API does the same).
      return signInPage(res, { reference, accessCode }, [{ text: "The reference or access code is not right: check them and try again", href: "#reference" }]);
    }
    // A new session id for the signed-in view, bound to this one application.
    const applications = req.session.applications;
    await regenerate(req);
    req.session.applications = applications;
    req.session.progress = { reference, accessCode };
    res.redirect("/check-progress/application");
  });

  /** This session's application, or back to the sign-in page. */
  async function current(req: Request, res: Response): Promise<Status | null> {
    const p = req.session.progress;
    let s: Status | null = null;
    try {
      s = p ? (await run(req, ApplicationProgressDocument, p)).applicationStatus : null;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!s) {
      delete req.session.progress;
      res.redirect("/check-progress");
      return null;
    }
    return s;
  }

  router.get("/application", async (req, res) => {
    const s = await current(req, res);
    if (!s) return;
    const flash = req.session.flash;
    delete req.session.flash;
    res.render("journeys/check-progress/application", {
      pageTitle: `Your application ${s.reference}`,
      s,
      tag: STATUS_TAGS[s.status],
      letters: s.letters.map((l, k) => ({ ...l, title: LETTER_TITLES[l.kind], href: `/check-progress/letters/${k + 1}` })),
      canAskForSecondaryReview: mayAskForSecondaryReview(s),
      flash,
    });
  });

  router.get("/letters/:n", async (req, res, next) => {
    const s = await current(req, res);
    if (!s) return;
    const letter = s.letters[Number(req.params.n) - 1];
    if (!letter) return next();
    res.render("journeys/check-progress/letter", { pageTitle: `${LETTER_TITLES[letter.kind]}, ${s.reference}`, s, letter, title: LETTER_TITLES[letter.kind], backLink: "/check-progress/application" });
  });

  const reviewPage = (res: Response, s: Status, values: object, errorList: Array<{ text: string; href: string }> = []) =>
    res.render("journeys/check-progress/secondary-review", { pageTitle: "Ask for a secondary review", s, values, backLink: "/check-progress/application", ...errorView(errorList) });
  router.get("/secondary-review", async (req, res) => {
    const s = await current(req, res);
    if (!s) return;
    if (!mayAskForSecondaryReview(s)) return res.redirect("/check-progress/application");
    reviewPage(res, s, {});
  });
  router.post("/secondary-review", async (req, res) => {
    const s = await current(req, res);
    if (!s) return;
    const reason = String(req.body.reason ?? "").replace(/\r\n/g, "\n").trim();
    if (!reason) return reviewPage(res, s, { reason }, [{ text: "Tell us why you are unhappy with how your application or case review was handled", href: "#reason" }]);
    if (reason.length > 5000) return reviewPage(res, s, { reason }, [{ text: "Reason must be 5,000 characters or fewer", href: "#reason" }]);
    try {
      await run(req, RequestSecondaryReviewDocument, { ...req.session.progress!, reason });
    } catch (err) {
      if (err instanceof OperationError && (err.code === "CONFLICT" || err.code === "BAD_USER_INPUT")) {
        return reviewPage(res, s, { reason }, [{ text: err.message, href: "#reason" }]);
      }
      throw err;
    }
    req.session.flash = "You have asked for a secondary review. We will write to you with the outcome.";
    res.redirect("/check-progress/application");
  });

  router.post("/sign-out", (req, res) => {
    delete req.session.progress;
    res.redirect("/check-progress");
  });
  return router;
}
