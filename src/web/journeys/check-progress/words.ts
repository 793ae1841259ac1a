import type { CaseReviewStatus, LetterKind } from "../../graphql/generated";

/** The status as a short tag; the sentence beside it is the API's statusDescription. */
export const STATUS_TAGS: Record<CaseReviewStatus, { text: string; classes: string }> = {
  SUBMITTED: { text: "Received", classes: "govuk-tag--blue" },
  AWAITING_AGENCY_CHECKS: { text: "Agencies checking", classes: "govuk-tag--blue" },
  THRESHOLD_NOT_MET: { text: "Threshold not met", classes: "govuk-tag--orange" },
  THRESHOLD_MET: { text: "Review to be held", classes: "govuk-tag--green" },
  PANEL_SCHEDULED: { text: "Panel arranged", classes: "govuk-tag--green" },
  PANEL_HELD: { text: "Panel held", classes: "govuk-tag--green" },
  OUTCOME_SENT: { text: "Outcome sent", classes: "govuk-tag--purple" },
  SECONDARY_REVIEW_REQUESTED: { text: "Secondary review", classes: "govuk-tag--yellow" },
  CLOSED: { text: "Closed", classes: "govuk-tag--grey" },
};

export const LETTER_TITLES: Record<LetterKind, string> = {
  ACKNOWLEDGEMENT: "We have received your application",
  THRESHOLD_MET: "Your application meets the threshold for a case review",
  THRESHOLD_NOT_MET: "Your application does not meet the threshold for a case review",
  EXTENSION: "We need more time to send the outcome",
  OUTCOME: "The outcome of your case review",
  SECONDARY_REVIEW_OUTCOME: "The outcome of your secondary review",
};
