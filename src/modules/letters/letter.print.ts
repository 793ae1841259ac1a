import { formatLongDate } from "../../calendar/dates";
import { Classification } from "../contributions/contribution.entity";
import type { Letter } from "./letter.entity";

/** Letters carry the applicant's personal data: every one is marked OFFICIAL-SENSITIVE. */
export const LETTER_CLASSIFICATION = Classification.OFFICIAL_SENSITIVE;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, ch => ESCAPES[ch]!);

/** "OFFICIAL_SENSITIVE" -> "OFFICIAL-SENSITIVE", the way the marking is printed. */
export const markingOf = (classification: string) => classification.replace(/_/g, "-");

export interface PrintableLetter {
  letter: Pick<Letter, "kind" | "issuedOn" | "body">;
  reference: string;
  partnershipName: string;
  classification: string;
  /** The addressee's name and postal address, when known. */
  addressee: { name: string; address: string | null; postcode: string | null } | null;
}

/**
 * A letter as a printable HTML page: the classification at the top and bottom of every printed page
 * (fixed elements repeat on each page), the partnership's heading, the address and date, and the
 * body's paragraphs. The body is plain text: escaped, never interpreted as HTML.
 */
export function renderLetterHtml(p: PrintableLetter): string {
  const marking = escapeHtml(markingOf(p.classification));
  const paragraphs = p.letter.body
    .split(/\n\s*\n/)
    .map(par => `<p>${par.split("\n").map(escapeHtml).join("<br>")}</p>`)
    .join("\n      ");
  const address = p.addressee
    ? [p.addressee.name, ...(p.addressee.address ?? "").split(/,\s*|\n/), p.addressee.postcode ?? ""]
        .map(line => line.trim())
        .filter(Boolean)
        .map(escapeHtml)
        .join("<br>")
    : "";
  return `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>${marking}: ${escapeHtml(p.reference)} ${escapeHtml(p.letter.kind.toLowerCase().replace(/_/g, " "))} letter</title>
    <style>
      @page { size: A4; margin: 22mm 20mm; }
      html { background: #f3f2f1; }
      body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.45; color: #0b0c0c;
             background: #fff; max-width: 170mm; margin: 0 auto; padding: 18mm 20mm; }
      .marking { font-weight: bold; letter-spacing: 0.06em; text-align: center; }
      .marking.top { margin-bottom: 8mm; }
      .marking.bottom { margin-top: 10mm; }
      .letterhead { border-bottom: 2px solid #0b0c0c; padding-bottom: 3mm; margin-bottom: 8mm; }
      .letterhead strong { font-size: 14pt; }
      address { font-style: normal; margin-bottom: 6mm; }
      .meta { margin-bottom: 8mm; }
      .letter p { margin: 0 0 0.9em; }
      @media print {
        html, body { background: none; }
        body { padding: 0; max-width: none; }
        .marking { position: fixed; left: 0; right: 0; margin: 0; }
        .marking.top { top: -14mm; }
        .marking.bottom { bottom: -14mm; }
      }
    </style>
  </head>
  <body>
    <div class="marking top" role="note" aria-label="Security classification">${marking}</div>
    <header class="letterhead"><strong>${escapeHtml(p.partnershipName)}</strong><br>Anti-social behaviour case review</header>
    ${address ? `<address>${address}</address>` : ""}
    <div class="meta">Our reference: ${escapeHtml(p.reference)}<br>Date: ${escapeHtml(formatLongDate(p.letter.issuedOn))}</div>
    <main class="letter">
      ${paragraphs}
    </main>
    <div class="marking bottom" role="note" aria-label="Security classification">${marking}</div>
  </body>
</html>
`;
}
