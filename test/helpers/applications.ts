import { addDays, todayUk } from "../../src/calendar/dates";
import type { Harness } from "./harness";

/** A date `n` days before today (UK): keeps the stories valid whenever the tests run. */
export const daysAgo = (n: number) => addDays(todayUk(), -n);

export const SUBMIT = `mutation Submit($input: CaseReviewApplicationInput!) {
  submitCaseReviewApplication(input: $input) { reference accessCode status submittedAt receivedOn caseReviewId }
}`;

export const STATUS = `query Status($reference: String!, $accessCode: String!) {
  applicationStatus(reference: $reference, accessCode: $accessCode) {
    reference status statusDescription receivedOn thresholdDecisionDue
    thresholdDecision { met decidedOn } outcomeLetterDue secondaryReviewRequestDue
    letters { kind issuedOn body }
  }
}`;

export const agencyId = (h: Harness, name: string) => {
  const agency = h.ref.agencies.get(name);
  if (!agency) throw new Error(`no agency named ${name}`);
  return agency.id;
};

/**
 * A good Maidstone application: three incidents in the last weeks, reported within days to Kent
 * Police, Maidstone Borough Council and Golding Homes. `over` replaces top-level fields.
 */
export function maidstoneApplication(h: Harness, over: Record<string, unknown> = {}) {
  return {
    applicant: {
      kind: "INDIVIDUAL",
      name: "Margaret Hollis",
      email: "m.hollis@example.org",
      phone: "01622 555 0192",
      address: "14 Tonbridge Road, Maidstone",
      postcode: "ME16 8RP",
      dateOfBirth: "1951-04-09",
      vulnerabilities: "Lives alone; recovering from a hip operation",
      preferredContact: "EMAIL",
      consentGiven: true,
    },
    partnershipCode: "KENT-MAIDSTONE",
    incidents: [
      {
        category: "HARASSMENT_OR_INTIMIDATION",
        occurredOn: daysAgo(40),
        reportedOn: daysAgo(38),
        reportedToAgencyId: agencyId(h, "Kent Police"),
        agencyReference: "KP-46/1120",
        location: "Outside 14 Tonbridge Road",
        description: "A group of youths shouted abuse and kicked the front door late at night.",
        hateMotivated: false,
      },
      {
        category: "VANDALISM",
        occurredOn: daysAgo(25),
        reportedOn: daysAgo(24),
        reportedToAgencyId: agencyId(h, "Maidstone Borough Council"),
        location: "Communal garden, Tonbridge Road",
        description: "Fence panels broken and plants pulled up.",
        hateMotivated: false,
      },
      {
        category: "VERBAL_ABUSE",
        occurredOn: daysAgo(10),
        reportedOn: daysAgo(9),
        reportedToAgencyId: agencyId(h, "Golding Homes"),
        location: "Stairwell, 14 Tonbridge Road",
        description: "Neighbour's visitors swore at me and blocked the stairs.",
        hateMotivated: false,
      },
    ],
    ...over,
  };
}

/** Submits an application as the public; returns its reference, code and the case's id (read from the database). */
export async function submitCase(h: Harness, input: Record<string, unknown> = maidstoneApplication(h)) {
  const data = await h.ok(null, SUBMIT, { input });
  const { reference, accessCode } = data.submitCaseReviewApplication;
  const [row] = await h.ds.query(`SELECT id FROM case_review WHERE reference = $1`, [reference]);
  return { reference: reference as string, accessCode: accessCode as string, caseReviewId: row.id as string };
}

/** Rows in the tables an application writes to: "nothing stored" means none of these moved. */
export async function rowCounts(h: Harness): Promise<Record<string, number>> {
  const tables = ["case_review", "applicant", "representative", "incident", "information_request", "case_agency", "letter", "case_event", "audit_entry", "threshold_decision"];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await h.ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n);
  return out;
}
