import type { CaseReviewStatus, LetterKind, RecommendationStatus } from "../../graphql/generated";
import { CATEGORIES, CONTACT_PREFERENCES, RELATIONSHIPS, textOf } from "../../journeys/apply/words";

/** The API's enumerations in the words staff read on the case page. */
export const CASE_STATUS: Record<CaseReviewStatus, { text: string; classes: string }> = {
  SUBMITTED: { text: "Received", classes: "govuk-tag--blue" },
  AWAITING_AGENCY_CHECKS: { text: "Agencies checking", classes: "govuk-tag--blue" },
  THRESHOLD_NOT_MET: { text: "Threshold not met", classes: "govuk-tag--orange" },
  THRESHOLD_MET: { text: "Threshold met", classes: "govuk-tag--green" },
  PANEL_SCHEDULED: { text: "Panel scheduled", classes: "govuk-tag--green" },
  PANEL_HELD: { text: "Panel held", classes: "govuk-tag--turquoise" },
  OUTCOME_SENT: { text: "Outcome sent", classes: "govuk-tag--purple" },
  SECONDARY_REVIEW_REQUESTED: { text: "Secondary review", classes: "govuk-tag--yellow" },
  CLOSED: { text: "Closed", classes: "govuk-tag--grey" },
};

export const CONFIRMATION: Record<string, { text: string; classes: string }> = {
  PENDING: { text: "Waiting for the agency", classes: "govuk-tag--yellow" },
  CONFIRMED: { text: "Confirmed", classes: "govuk-tag--green" },
  NOT_FOUND: { text: "No record found", classes: "govuk-tag--red" },
};

export const REQUEST_STATUS: Record<string, { text: string; classes: string }> = {
  OPEN: { text: "Open", classes: "govuk-tag--blue" },
  ANSWERED: { text: "Answered", classes: "govuk-tag--green" },
  OVERDUE: { text: "Overdue", classes: "govuk-tag--red" },
};

export const RECOMMENDATION_STATUS: Record<RecommendationStatus, { text: string; classes: string }> = {
  ISSUED: { text: "Not acknowledged", classes: "govuk-tag--yellow" },
  ACKNOWLEDGED: { text: "Acknowledged", classes: "govuk-tag--blue" },
  ACCEPTED: { text: "Accepted", classes: "govuk-tag--turquoise" },
  DECLINED: { text: "Declined", classes: "govuk-tag--orange" },
  COMPLETED: { text: "Completed", classes: "govuk-tag--green" },
  CHALLENGED: { text: "Challenged", classes: "govuk-tag--red" },
};

export const LETTER_KIND: Record<LetterKind, string> = {
  ACKNOWLEDGEMENT: "Acknowledgement",
  THRESHOLD_MET: "Threshold met",
  THRESHOLD_NOT_MET: "Threshold not met",
  EXTENSION: "Extension",
  OUTCOME: "Outcome",
  SECONDARY_REVIEW_OUTCOME: "Secondary review outcome",
};

export const ROUTES: Record<string, string> = {
  STATUTORY: "Statutory: enough qualifying complaints",
  COMMUNITY: "Community route",
  HATE_INCIDENT: "A hate incident",
  DISCRETIONARY: "Discretionary",
};

export const CLASSIFICATION: Record<string, { text: string; classes: string }> = {
  OFFICIAL: { text: "OFFICIAL", classes: "moj-badge moj-badge--blue" },
  OFFICIAL_SENSITIVE: { text: "OFFICIAL-SENSITIVE", classes: "moj-badge moj-badge--red" },
};

export const categoryText = (value: string) => textOf(CATEGORIES, value);
export const relationshipText = (value: string | null | undefined) => textOf(RELATIONSHIPS, value);
export const contactText = (value: string | null | undefined) => textOf(CONTACT_PREFERENCES, value);
export { CATEGORIES };
