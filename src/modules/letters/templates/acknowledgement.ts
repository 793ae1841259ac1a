import { formatLongDate, type IsoDate } from "../../../calendar/dates";
import { listInWords } from "../../incidents/incident.words";

export interface AcknowledgementLetter {
  applicantName: string;
  reference: string;
  partnershipName: string;
  receivedOn: IsoDate;
  incidentCount: number;
  agencyNames: string[];
  thresholdDecisionDue: IsoDate;
  /** The partnership's threshold: qualifying complaints needed (3 at most, by law). */
  requiredQualifyingComplaints: number;
  /** Set when someone applied on the victim's behalf. */
  representativeName?: string | null;
}

/** The ACKNOWLEDGEMENT letter: we have your application, this is what happens next, and when. */
export function acknowledgementLetter(l: AcknowledgementLetter): string {
  const incidents = l.incidentCount === 1 ? "the incident" : `the ${l.incidentCount} incidents`;
  const onBehalf = l.representativeName ? ` ${l.representativeName} made the application on your behalf, with your consent.` : "";
  return [
    `Dear ${l.applicantName},`,
    "",
    `Your anti-social behaviour case review: reference ${l.reference}`,
    "",
    `Thank you for applying for an anti-social behaviour case review. We received your application on ${formatLongDate(l.receivedOn)}.${onBehalf} ` +
      "We are sorry you have had to put up with anti-social behaviour.",
    "",
    "What happens next",
    `- We have asked ${listInWords(l.agencyNames)} to check their records of ${incidents} you told us about.`,
    `- We will tell you by ${formatLongDate(l.thresholdDecisionDue)} whether your application meets the threshold for a case review. ` +
      `The threshold is ${l.requiredQualifyingComplaints === 1 ? "one complaint" : `${l.requiredQualifyingComplaints} complaints`} about anti-social behaviour ` +
      "made in the six months before you applied, each within one month of the behaviour.",
    "- If it does, the agencies will look at how they dealt with your complaints at a panel meeting, and we will write to you with what the panel found and any recommendations.",
    "- If it does not, we will tell you why and what action will be taken.",
    "",
    `Please quote ${l.reference} whenever you contact us. You can check the progress of your application online with this reference ` +
      "and the access code you were given when you applied. Keep the access code safe: we cannot show it to you again.",
    "",
    "If you are in danger, call 999. You can keep reporting anti-social behaviour to the police on 101 or online, and to your council or landlord.",
    "",
    "Yours sincerely,",
    l.partnershipName,
  ].join("\n");
}
