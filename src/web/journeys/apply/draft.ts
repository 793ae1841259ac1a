import crypto from "node:crypto";
import type { CaseReviewApplicationInput, IncidentCategory, Relationship, ApplicantKind, ContactPreference } from "../../graphql/generated";
import { parseDate, type DateParts } from "../../forms/dates";

/** The answers of one application in progress, kept in the session (server side) page by page. */
export interface Draft {
  /** Made when the application starts: sending it twice returns the same case. */
  idempotencyKey: string;
  applyingAs?: "myself" | "someone-else";
  representative?: RepresentativeAnswers;
  /** The victim's consent to someone applying for them. */
  consent?: "yes" | "no";
  victim?: VictimAnswers;
  /** Undefined until the page is answered; empty when the applicant chose to say nothing. */
  vulnerabilities?: string;
  otherVictims: OtherVictimAnswers[];
  otherVictimsAnswered?: boolean;
  incidents: IncidentAnswers[];
  incidentsAnswered?: boolean;
  /** The answer to the declaration; `checked` once its code has opened the case (the confirmation page). */
  submitted?: { reference: string; accessCode: string; receivedOn: string; thresholdDecisionDue: string | null; checked?: boolean };
}

export interface RepresentativeAnswers {
  name: string;
  relationship: Relationship | "";
  organisation: string;
  email: string;
  phone: string;
}

export interface VictimAnswers {
  kind: ApplicantKind;
  name: string;
  address: string;
  postcode: string;
  email: string;
  phone: string;
  preferredContact: ContactPreference | "";
  dateOfBirth: DateParts;
}

export interface OtherVictimAnswers {
  kind: ApplicantKind;
  name: string;
  address: string;
  postcode: string;
  email: string;
  phone: string;
  consent: boolean;
}

export interface IncidentAnswers {
  category: IncidentCategory | "";
  description: string;
  occurredOn: DateParts;
  reportedOn: DateParts;
  agencyId: string;
  agencyReference: string;
  location: string;
  hateMotivated: "yes" | "no" | "";
  reportedBy: string;
}

export const newDraft = (): Draft => ({ idempotencyKey: crypto.randomUUID(), otherVictims: [], incidents: [] });

const orNull = (s: string | undefined) => (s && s.trim() ? s : null);

/** The application as the API takes it. Pages have checked each answer with the API's own rules. */
export function toApplicationInput(d: Draft, partnershipCode: string): CaseReviewApplicationInput {
  const v = d.victim!;
  const forSomeoneElse = d.applyingAs === "someone-else";
  const r = d.representative;
  return {
    partnershipCode,
    idempotencyKey: d.idempotencyKey,
    applicant: {
      kind: v.kind,
      name: v.name,
      address: orNull(v.address),
      postcode: orNull(v.postcode),
      email: orNull(v.email),
      phone: orNull(v.phone),
      preferredContact: v.preferredContact || null,
      dateOfBirth: parseDate(v.dateOfBirth).iso,
      vulnerabilities: orNull(d.vulnerabilities),
      // A victim applying agrees by applying; for someone else, the victim's own consent as recorded.
      consentGiven: forSomeoneElse ? d.consent === "yes" : true,
    },
    representative:
      forSomeoneElse && r
        ? {
            name: r.name,
            relationship: (r.relationship || "FRIEND") as Relationship,
            organisation: orNull(r.organisation),
            email: orNull(r.email),
            phone: orNull(r.phone),
            consentObtained: d.consent === "yes",
          }
        : null,
    additionalVictims: d.otherVictims.map(o => ({
      kind: o.kind,
      name: o.name,
      address: orNull(o.address),
      postcode: orNull(o.postcode),
      email: orNull(o.email),
      phone: orNull(o.phone),
      consentGiven: o.consent,
    })),
    incidents: d.incidents.map(i => ({
      category: (i.category || "OTHER") as IncidentCategory,
      description: i.description,
      location: i.location,
      occurredOn: parseDate(i.occurredOn).iso ?? "",
      reportedOn: parseDate(i.reportedOn).iso ?? "",
      reportedToAgencyId: i.agencyId,
      agencyReference: orNull(i.agencyReference),
      hateMotivated: i.hateMotivated === "yes",
      reportedBy: Number(i.reportedBy || 0),
    })),
  };
}
