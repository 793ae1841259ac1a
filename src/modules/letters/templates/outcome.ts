import { closing } from "./closing";
import { formatLongDate, type IsoDate } from "../../../calendar/dates";

export interface OutcomeLetter {
  applicantName: string;
  reference: string;
  partnershipName: string;
  /** The day the panel sat. */
  heldOn: IsoDate;
  /** The panel's findings, as the chair recorded them. */
  findings: string;
  recommendations: Array<{ addressee: string; text: string; dueBy: IsoDate }>;
  /** The last day to ask for a secondary review. */
  secondaryReviewRequestDue: IsoDate;
  secondaryReviewRequestWorkingDays: number;
}

/**
 * The OUTCOME letter (DOMAIN.md): what the panel found and recommended, in words the applicant
 * can read, and the right to ask for a secondary review with its deadline.
 */
export function outcomeLetter(l: OutcomeLetter): string {
  const recommendations = l.recommendations.length
    ? [
        `The panel made ${l.recommendations.length === 1 ? "one recommendation" : `${l.recommendations.length} recommendations`}. ` +
          "Each organisation must consider its recommendation and tell us what it will do. We will follow them up, and challenge any that are not carried out without good reason.",
        ...l.recommendations.map((r, i) => `${i + 1}. To ${r.addressee}: ${r.text} (by ${formatLongDate(r.dueBy)})`),
      ]
    : ["The panel did not make any recommendations."];
  return [
    `Dear ${l.applicantName},`,
    "",
    `Your anti-social behaviour case review: reference ${l.reference}`,
    "",
    `The case review panel met on ${formatLongDate(l.heldOn)}. The agencies you reported to looked together at what happened and at how they dealt with your complaints. ` +
      "This letter tells you what the panel found and what it recommended.",
    "",
    "What the panel found",
    l.findings,
    "",
    "What the panel recommended",
    ...recommendations,
    "",
    "If you are unhappy with how your case review was handled",
    `You can ask for a secondary review. An independent panel will look at how your application and this review were handled. ` +
      `This is the last step in the case review process. You must ask by ${formatLongDate(l.secondaryReviewRequestDue)} ` +
      `(${l.secondaryReviewRequestWorkingDays} working days from the date of this letter). Tell us why you are unhappy: contact us quoting ${l.reference}, ` +
      "or ask online with your reference and access code.",
    "",
    ...closing(l.partnershipName),
  ].join("\n");
}
