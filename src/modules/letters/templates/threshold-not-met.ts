import { formatLongDate, type IsoDate } from "../../../calendar/dates";

export interface ThresholdNotMetLetter {
  applicantName: string;
  reference: string;
  partnershipName: string;
  /** The decision-maker's reason, as recorded. */
  reason: string;
  /** What will be done about the problem, as recorded. */
  actionToBeTaken: string;
  qualifyingComplaints: number;
  requiredQualifyingComplaints: number;
  secondaryReviewRequestDue: IsoDate;
}

/**
 * The THRESHOLD_NOT_MET letter (DOMAIN.md): why, what action will be taken, that anti-social
 * behaviour can still be reported, and the right to ask for a secondary review.
 */
export function thresholdNotMetLetter(l: ThresholdNotMetLetter): string {
  const counted = l.qualifyingComplaints === 1 ? "1 complaint" : `${l.qualifyingComplaints} complaints`;
  return [
    `Dear ${l.applicantName},`,
    "",
    `Your anti-social behaviour case review: reference ${l.reference}`,
    "",
    "We have looked at your application with the agencies you reported to. We have decided that it does not meet the threshold for a case review.",
    "",
    "Why",
    l.reason,
    `A case review needs ${l.requiredQualifyingComplaints} qualifying complaints: each made within one month of the behaviour, ` +
      `and the application made within six months of the complaint. We counted ${counted} that met these rules.`,
    "",
    "What will be done",
    l.actionToBeTaken,
    "",
    "You can still report anti-social behaviour",
    "Please keep reporting every incident: to the police on 101 or online (in an emergency call 999), and to your council or landlord. " +
      "If the behaviour goes on, you can apply for a case review again.",
    "",
    "If you are unhappy with this decision",
    `If you are unhappy with how we handled your application, you can ask for a secondary review by ${formatLongDate(l.secondaryReviewRequestDue)}. ` +
      `It is carried out by an independent panel and is the last step in this process. Quote ${l.reference} when you ask.`,
    "",
    "Yours sincerely,",
    l.partnershipName,
  ].join("\n");
}
