/**
 * Our case list (CASE_LIST) and the peer's (PEER_CASE_LIST) brought to one shape, field by field, so
 * the benchmark can check that both servers answer the same thing before it measures them: the same
 * cases in the same order, the same fields, the same incidents in the same order with the agency each
 * was reported to, the same involved agencies in the same order, and the same hasNextPage.
 */
import { todayUk } from "../../src/calendar/dates";

export interface ListedCase {
  id: string;
  reference: string;
  status: string;
  submittedAt: string;
  thresholdDecisionDue: string | null;
  outcomeLetterDue: string | null;
  overdue: boolean;
  incidents: Array<{ category: string; occurredOn: string; reportedOn: string; reportedTo: string }>;
  involvedAgencies: string[];
}

export interface ListedPage {
  cases: ListedCase[];
  hasNextPage: boolean;
}

/** Instants compared as instants: PostGraphile writes microseconds and an offset, we write ISO with ms. */
const instant = (s: string) => new Date(s).toISOString();

export function fromOurs(body: any): ListedPage {
  const conn = body?.data?.caseReviews;
  if (!conn) throw new Error(`our case list answered no data: ${JSON.stringify(body).slice(0, 300)}`);
  return {
    hasNextPage: conn.pageInfo.hasNextPage,
    cases: conn.edges.map(({ node: n }: any) => ({
      id: n.id,
      reference: n.reference,
      status: n.status,
      submittedAt: instant(n.submittedAt),
      thresholdDecisionDue: n.deadlines.thresholdDecisionDue,
      outcomeLetterDue: n.deadlines.outcomeLetterDue,
      overdue: n.deadlines.overdue,
      incidents: n.incidents.map((i: any) => ({ category: i.category, occurredOn: i.occurredOn, reportedOn: i.reportedOn, reportedTo: i.reportedTo.name })),
      involvedAgencies: n.involvedAgencies.map((a: any) => a.name),
    })),
  };
}

export function fromPeer(body: any, today = todayUk()): ListedPage {
  const conn = body?.data?.allCaseReviews;
  if (!conn) throw new Error(`the peer's case list answered no data: ${JSON.stringify(body).slice(0, 300)}`);
  return {
    hasNextPage: conn.pageInfo.hasNextPage,
    cases: conn.nodes.map((n: any) => ({
      id: n.rowId,
      reference: n.reference,
      status: n.status,
      submittedAt: instant(n.submittedAt),
      thresholdDecisionDue: n.thresholdDecisionDue,
      outcomeLetterDue: n.outcomeLetterDue,
      // CaseDeadlines.overdue: the next deadline is before today (UK)
      overdue: n.nextDue !== null && n.nextDue < today,
      incidents: n.incidentsByCaseReviewId.nodes.map((i: any) => ({
        category: i.category,
        occurredOn: i.occurredOn,
        reportedOn: i.reportedOn,
        reportedTo: i.agencyByReportedToAgencyId.name,
      })),
      involvedAgencies: n.caseAgenciesByCaseReviewId.nodes.map((c: any) => c.agencyByAgencyId.name),
    })),
  };
}

/** The first difference between two pages ("cases[3].incidents[1].reportedTo: A / B"), or null. */
export function firstDifference(a: unknown, b: unknown, at = ""): string | null {
  if (a === b) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at || "(top)"}: ${a.length} items / ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as any)[k], (b as any)[k], at ? `${at}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  return `${at || "(top)"}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`;
}
