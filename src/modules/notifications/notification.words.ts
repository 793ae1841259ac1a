import { NotificationKind as K } from "./notification.entity";

/**
 * What each email says, in one place per kind. Ordinary email is not a secure channel (DOMAIN.md):
 * no wording carries a case detail (no name, address, reference, incident or contribution). It says
 * that something waits and links to where the person signs in.
 */
interface Words {
  subject: string;
  /** Paragraphs, plain text. */
  lines: string[];
  /** Where the link goes: the applicant's progress page, or the console. */
  link: "progress" | "console-case" | "console";
}

const PROGRESS = "Check your progress online with the reference and access code we gave you.";
const SIGN_IN = "Sign in to the console to see it.";

export const WORDS: Record<K, Words> = {
  [K.APPLICATION_RECEIVED]: {
    subject: "We have received your application for an ASB case review",
    lines: ["We have received your application for an anti-social behaviour case review and sent you a letter about what happens next.", PROGRESS],
    link: "progress",
  },
  [K.THRESHOLD_DECIDED]: {
    subject: "There is a decision on your ASB case review",
    lines: ["We have decided whether your application meets the threshold for a case review, and written to you about it.", PROGRESS],
    link: "progress",
  },
  [K.PANEL_SCHEDULED]: {
    subject: "A panel meeting has been arranged for your ASB case review",
    lines: ["A meeting of the agencies has been arranged to review your case. You can see when, and how you can take part.", PROGRESS],
    link: "progress",
  },
  [K.OUTCOME_SENT]: {
    subject: "The outcome of your ASB case review",
    lines: ["We have written to you with the outcome of your case review.", PROGRESS],
    link: "progress",
  },
  [K.CASE_CLOSED]: {
    subject: "Your ASB case review is closed",
    lines: ["Your case review is now closed, and we have written to you to say why.", PROGRESS],
    link: "progress",
  },
  [K.INCIDENTS_TO_CONFIRM]: {
    subject: "An ASB case review asks your agency to check its records",
    lines: ["An application for an ASB case review names incidents reported to your agency. Please confirm them from your records.", SIGN_IN],
    link: "console-case",
  },
  [K.INFORMATION_REQUESTED]: {
    subject: "An ASB case review asks your agency for information",
    lines: ["A request for information is waiting for your agency.", SIGN_IN],
    link: "console-case",
  },
  [K.RECOMMENDATION_ISSUED]: {
    subject: "An ASB case review panel has made a recommendation to your agency",
    lines: ["A recommendation is waiting for your agency to acknowledge it.", SIGN_IN],
    link: "console-case",
  },
  [K.DUE_SOON]: {
    subject: "Reminder: something for your agency is due within two working days",
    lines: ["Something waiting for your agency on an ASB case review falls due within two working days.", SIGN_IN],
    link: "console-case",
  },
  [K.OVERDUE]: {
    subject: "Overdue: something for your agency on an ASB case review",
    lines: ["Something waiting for your agency on an ASB case review is overdue.", SIGN_IN],
    link: "console-case",
  },
  [K.NEW_APPLICATION]: {
    subject: "A new application for an ASB case review",
    lines: ["A new application for an ASB case review has arrived for your partnership.", SIGN_IN],
    link: "console-case",
  },
  [K.PARTNER_LATE]: {
    subject: "A partner agency is late on an ASB case review",
    lines: ["A partner agency has not answered something on an ASB case review by its due date.", SIGN_IN],
    link: "console-case",
  },
  [K.DAILY_DIGEST]: {
    subject: "Your daily summary from the ASB case review service",
    lines: ["Things are waiting for you on the ASB case review service.", SIGN_IN],
    link: "console",
  },
};

export interface Mail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The email of a kind: plain text and simple HTML. `caseReviewId` only builds the console link (an
 * opaque id, meaningless without signing in); `count` is the digest's number of items.
 */
export function composeMail(kind: K, publicUrl: string, opts: { caseReviewId?: string | null; count?: number } = {}): Mail {
  const w = WORDS[kind];
  const link =
    w.link === "progress" ? `${publicUrl}/progress` : w.link === "console-case" && opts.caseReviewId ? `${publicUrl}/console/cases/${opts.caseReviewId}` : `${publicUrl}/console`;
  const lines = kind === K.DAILY_DIGEST && opts.count ? [`${opts.count} ${opts.count === 1 ? "thing is" : "things are"} waiting for you on the ASB case review service.`, SIGN_IN] : w.lines;
  const footer = "This email was sent automatically. Please do not reply to it.";
  const text = [...lines, link, "", footer].join("\n\n");
  const html = [
    "<!doctype html><html lang=\"en\"><body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5\">",
    ...lines.map(l => `<p>${escapeHtml(l)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    `<p style="color: #505a5f">${escapeHtml(footer)}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject: w.subject, text, html };
}
