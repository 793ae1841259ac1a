import { closing } from "./closing";
export interface SecondaryReviewOutcomeLetter {
  applicantName: string;
  reference: string;
  partnershipName: string;
  outcome: "UPHELD" | "NOT_UPHELD";
  /** The reviewer's findings, as recorded. */
  findings: string;
  /** Where to go next (SIGNPOSTING), also kept on the secondary review. */
  signposting: string;
}

/**
 * Where an applicant still unhappy after the secondary review can go (DOMAIN.md): the Local
 * Government and Social Care Ombudsman, the Independent Office for Police Conduct (formerly the
 * IPCC) and the Housing Ombudsman.
 */
export const SIGNPOSTING = [
  "You can complain to an independent body:",
  "- about the council: the Local Government and Social Care Ombudsman, www.lgo.org.uk",
  "- about the police: the Independent Office for Police Conduct (formerly the Independent Police Complaints Commission), www.policeconduct.gov.uk",
  "- about a housing association or other social landlord: the Housing Ombudsman, www.housing-ombudsman.org.uk",
  "Each of them will usually expect you to have used the organisation's own complaints procedure first.",
].join("\n");

/** The SECONDARY_REVIEW_OUTCOME letter: the independent reviewer's decision, and where to go next. */
export function secondaryReviewOutcomeLetter(l: SecondaryReviewOutcomeLetter): string {
  const decision =
    l.outcome === "UPHELD"
      ? [
          "The reviewer agreed with your concerns: your request has been upheld.",
          "Your case has been referred back to the partnership. The agencies will look at their records again, and we will write to you about what happens next.",
        ]
      : [
          "The reviewer did not uphold your concerns.",
          "The secondary review is the last step in the anti-social behaviour case review process, so your case review is now closed.",
        ];
  return [
    `Dear ${l.applicantName},`,
    "",
    `The secondary review of your anti-social behaviour case review: reference ${l.reference}`,
    "",
    "You asked for a secondary review of how your application and case review were handled. An independent reviewer has now looked at it.",
    "",
    "The decision",
    ...decision,
    "",
    "What the reviewer found",
    l.findings,
    "",
    "If you are still unhappy",
    l.signposting,
    "",
    ...closing(l.partnershipName),
  ].join("\n");
}
