import { closing } from "./closing";
import { formatLongDate, type IsoDate } from "../../../calendar/dates";

export interface ExtensionLetter {
  applicantName: string;
  reference: string;
  partnershipName: string;
  /** The date we said the outcome letter would come by. */
  currentDue: IsoDate;
  /** When to expect it now. */
  newOutcomeDate: IsoDate;
}

/** The EXTENSION letter (DOMAIN.md): sent before the outcome letter is due, saying when to expect it. */
export function extensionLetter(l: ExtensionLetter): string {
  return [
    `Dear ${l.applicantName},`,
    "",
    `Your anti-social behaviour case review: reference ${l.reference}`,
    "",
    `We said we would write to you by ${formatLongDate(l.currentDue)} with what the case review panel found and what it recommended. ` +
      "We are sorry, but we need more time to do this properly.",
    "",
    `You can now expect our letter by ${formatLongDate(l.newOutcomeDate)}.`,
    "",
    `If you have any questions, please contact us quoting ${l.reference}. You can check progress online with your reference and access code.`,
    "",
    ...closing(l.partnershipName),
  ].join("\n");
}
