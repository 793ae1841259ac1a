import { closing } from "./closing";
import { formatLongDate, type IsoDate } from "../../../calendar/dates";

export interface ThresholdMetLetter {
  applicantName: string;
  reference: string;
  partnershipName: string;
  /** Why the threshold is met, in a sentence: e.g. "you made 3 qualifying complaints". */
  why: string;
  panelDue: IsoDate;
  outcomeLetterWorkingDays: number;
}

/** The THRESHOLD_MET letter: your application meets the threshold; a panel will review the case. */
export function thresholdMetLetter(l: ThresholdMetLetter): string {
  return [
    `Dear ${l.applicantName},`,
    "",
    `Your anti-social behaviour case review: reference ${l.reference}`,
    "",
    `We have looked at your application with the agencies you reported to, and it meets the threshold for a case review: ${l.why}.`,
    "",
    "What happens next",
    "- Each agency will share what it knows about your case and the action it has taken.",
    `- A panel of the agencies will meet to review how your complaints were dealt with. We aim to hold it by ${formatLongDate(l.panelDue)}.`,
    "- The panel may make recommendations to the agencies about what they should do next.",
    `- We will write to you with what the panel found and any recommendations within ${l.outcomeLetterWorkingDays} working days of the meeting. ` +
      "If it will take longer, we will let you know.",
    "",
    `Please quote ${l.reference} whenever you contact us. You can check progress online with your reference and access code.`,
    "",
    ...closing(l.partnershipName, "Please keep reporting anti-social behaviour while the review goes on"),
  ].join("\n");
}
