import type { Express, Request, Response } from "express";
import { GraphQLError } from "graphql";
import type { DataSource } from "typeorm";
import type { Logger } from "pino";
import type { Caller } from "../auth/caller";
import { mayReadStatistics, statisticsScope } from "../auth/permissions";
import { printCaller, statusOf, wantsPage } from "../auth/request-caller";
import { todayUk } from "../calendar/dates";
import { listInWords } from "../modules/incidents/incident.words";
import { FIRST_FINANCIAL_YEAR, financialYearArg, threeYears, yearStatistics, type YearStatistics } from "../modules/statistics/statistics.service";
import { renderStatisticsCsv } from "../modules/statistics/report.csv";
import { renderAnnualReport } from "../modules/statistics/report.html";
import type { FinancialYear } from "../modules/statistics/financial-year";

export interface ReportsDeps {
  ds: DataSource;
  log: Logger;
  verifyToken: (token: string) => Promise<string>;
  /** Without an Authorization header: the member of staff signed in to the console in this browser, if any. */
  sessionCaller?: (req: Request, res: Response) => Promise<Caller | null>;
}

class HttpProblem extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

interface ReportRequest {
  caller: Caller;
  fy: FinancialYear;
  scope: ReturnType<typeof statisticsScope>;
}

/**
 * The same sign-in and access rule as Query.caseReviewStatistics: 401 without a (valid) token,
 * 403 for a role or partnership not allowed (mayReadStatistics), then 400 for a bad year.
 */
async function readRequest(req: Request, res: Response, deps: ReportsDeps): Promise<ReportRequest> {
  const caller = await printCaller(req, res, deps);
  if (!caller) throw new HttpProblem(401, "Sign in first: send Authorization: Bearer <token>");
  const { partnershipId, financialYear } = req.query;
  if (partnershipId !== undefined && typeof partnershipId !== "string") throw new HttpProblem(400, "partnershipId: give it once");
  const asked = partnershipId === "" ? null : (partnershipId ?? null);
  if (!mayReadStatistics(caller, asked)) throw new HttpProblem(403, "You are not allowed to read these figures");
  try {
    return { caller, fy: financialYearArg(financialYear), scope: statisticsScope(caller, asked) };
  } catch (err) {
    if (err instanceof GraphQLError) throw new HttpProblem(400, err.message);
    throw err;
  }
}

/** Runs a report handler with the shared headers and error answers (plain text, like GET /letters/:id). */
const report =
  (deps: ReportsDeps, what: string, handle: (r: ReportRequest, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    res.set({ "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" });
    try {
      await handle(await readRequest(req, res, deps), res);
    } catch (err) {
      const status = err instanceof HttpProblem ? err.status : statusOf(err);
      if (status) {
        if (status === 401 && wantsPage(req)) return res.redirect("/console/sign-in");
        if (status === 401) res.set("WWW-Authenticate", "Bearer");
        res.status(status).type("text/plain").send((err as Error).message);
        return;
      }
      deps.log.error({ err }, `could not produce the ${what}`);
      res.status(500).type("text/plain").send("Internal server error");
    }
  };

/** e.g. asb-case-review-statistics-2023-24-kent-maidstone.csv, or ...-all.csv across every partnership. */
const fileName = (s: YearStatistics, ext: string) =>
  `asb-case-review-statistics-${s.financialYear.replace("/", "-")}-${s.partnership?.code.toLowerCase() ?? "all"}.${ext}`;

/**
 * The yearly figures as downloads, for the callers who may read caseReviewStatistics:
 * GET /reports/statistics.csv?financialYear=2023/24[&partnershipId=...] and
 * GET /reports/annual?financialYear=2023/24[&partnershipId=...] (the printable annual report).
 */
export function installReports(app: Express, deps: ReportsDeps): void {
  app.get(
    "/reports/statistics.csv",
    report(deps, "statistics CSV", async (r, res) => {
      const s = await yearStatistics(deps.ds, r.fy, r.scope);
      res.status(200).type("text/csv; charset=utf-8").attachment(fileName(s, "csv")).send(renderStatisticsCsv(s));
    }),
  );

  app.get(
    "/reports/annual",
    report(deps, "annual report", async (r, res) => {
      const years = (await threeYears(deps.ds, r.fy, r.scope)).filter(y => y.year.startYear >= FIRST_FINANCIAL_YEAR);
      const s = years[years.length - 1]!;
      const scope = s.partnership
        ? s.partnership.name
        : `Across the partnerships that ${r.caller.agencyName} serves: ${listInWords(s.partnerships.map(p => p.name)) || "none"}`;
      // Self-contained: no script and nothing fetched, so it prints and works offline.
      res.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      res.status(200).type("html").send(renderAnnualReport({ years, scope, generatedOn: todayUk() }));
    }),
  );
}
