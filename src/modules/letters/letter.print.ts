import { formatLongDate } from "../../calendar/dates";
import { Classification } from "../contributions/contribution.entity";
import type { Partnership } from "../partnerships/partnership.entity";
import type { Letter } from "./letter.entity";

/** Letters carry the applicant's personal data: every one is marked OFFICIAL-SENSITIVE. */
export const LETTER_CLASSIFICATION = Classification.OFFICIAL_SENSITIVE;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, ch => ESCAPES[ch]!);
/** A CSS string literal that nothing can break out of (not a quote, a backslash nor `</style>`). */
const cssString = (s: string) => `"${s.replace(/[^A-Za-z0-9 .,:-]/g, ch => `\\${ch.codePointAt(0)!.toString(16)} `)}"`;

/** "OFFICIAL_SENSITIVE" -> "OFFICIAL-SENSITIVE", the way the marking is printed. */
export const markingOf = (classification: string) => classification.replace(/_/g, "-");

export interface PrintableLetter {
  letter: Pick<Letter, "kind" | "issuedOn" | "body">;
  reference: string;
  /** The sender: its name heads the letter, its contact details stand beside it. */
  partnership: Pick<Partnership, "name" | "contactEmail" | "contactPhone" | "contactAddress">;
  classification: string;
  /** The addressee's name and postal address, when known. */
  addressee: { name: string; address: string | null; postcode: string | null } | null;
}

const lines = (...parts: Array<string | null | undefined>) =>
  parts
    .flatMap(part => (part ?? "").split(/\n/))
    .map(line => line.trim())
    .filter(Boolean)
    .map(escapeHtml);

/**
 * A letter as a printable HTML page. Printed, the marking heads and foots every page from the page
 * margins (CSS paged media margin boxes, which Chromium draws since version 131), so it can never
 * overlap the letter nor push it onto another page; the bottom margin also numbers the pages. On
 * screen, where there are no pages, the marking stands above and below the letter instead. The
 * body is plain text: escaped, never interpreted as HTML.
 */
export function renderLetterHtml(p: PrintableLetter): string {
  const markingText = markingOf(p.classification);
  const marking = escapeHtml(markingText);
  // A paragraph of several lines (a heading and its text, a numbered list) keeps each line whole
  // on a page, and its first line with the next.
  const paragraphs = p.letter.body
    .split(/\n\s*\n/)
    .map(par => par.split("\n").map(escapeHtml))
    .map(ls => `<p>${ls.length === 1 ? ls[0] : ls.map(l => `<span class="line">${l}</span>`).join("")}</p>`)
    .join("\n      ");
  const address = p.addressee ? lines(p.addressee.name, ...(p.addressee.address ?? "").split(/,\s*/), p.addressee.postcode).join("<br>") : "";
  const { contactAddress, contactPhone, contactEmail } = p.partnership;
  const contact = [
    ...lines(contactAddress),
    ...(contactPhone ? [`Telephone ${escapeHtml(contactPhone)}`] : []),
    ...(contactEmail ? [`Email ${escapeHtml(contactEmail)}`] : []),
  ].join("<br>");
  const margin = `font-family: Arial, Helvetica, sans-serif; color: #0b0c0c;`;
  return `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <title>${marking}: ${escapeHtml(p.reference)} ${escapeHtml(p.letter.kind.toLowerCase().replace(/_/g, " "))} letter</title>
    <style>
      @page {
        size: A4;
        margin: 22mm 20mm 22mm;
        @top-center { content: ${cssString(markingText)}; ${margin} font-size: 11pt; font-weight: bold; letter-spacing: 0.06em; }
        @bottom-center { content: ${cssString(markingText)}; ${margin} font-size: 11pt; font-weight: bold; letter-spacing: 0.06em; }
        @bottom-left { content: ${cssString(`Our reference: ${p.reference}`)}; ${margin} font-size: 8pt; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages); ${margin} font-size: 8pt; }
      }
      html { background: #f3f2f1; }
      body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c;
             background: #fff; max-width: 170mm; margin: 8mm auto; padding: 12mm 20mm; }
      .marking { font-weight: bold; letter-spacing: 0.06em; text-align: center; }
      .marking.top { margin-bottom: 8mm; }
      .marking.bottom { margin-top: 10mm; }
      .letterhead, .recipient { display: flex; justify-content: space-between; align-items: flex-start; gap: 8mm; }
      .letterhead { border-bottom: 2px solid #0b0c0c; padding-bottom: 3mm; margin-bottom: 6mm; }
      .letterhead strong { font-size: 14pt; line-height: 1.25; }
      .contact { font-style: normal; font-size: 9pt; line-height: 1.35; text-align: right; white-space: nowrap; }
      .recipient { margin-bottom: 7mm; }
      address.addressee { font-style: normal; }
      .meta { text-align: right; white-space: nowrap; }
      .letter p { margin: 0 0 0.75em; orphans: 3; widows: 3; }
      .letter .line { display: block; break-inside: avoid; }
      .letter .line:first-child { break-after: avoid; }
      /* "Yours sincerely" and the signature never start a page on their own. */
      .letter p:last-child { break-before: avoid; }
      @media print {
        html, body { background: none; }
        body { margin: 0; padding: 0; max-width: none; }
        /* The page margins carry the marking on every page (the @page rule above). */
        .marking { display: none; }
      }
    </style>
  </head>
  <body>
    <div class="marking top" role="note" aria-label="Security classification">${marking}</div>
    <header class="letterhead">
      <div><strong>${escapeHtml(p.partnership.name)}</strong><br>Anti-social behaviour case review</div>
      ${contact ? `<address class="contact" aria-label="Contact us">${contact}</address>` : ""}
    </header>
    <div class="recipient">
      <address class="addressee">${address}</address>
      <div class="meta">Our reference: ${escapeHtml(p.reference)}<br>Date: ${escapeHtml(formatLongDate(p.letter.issuedOn))}</div>
    </div>
    <main class="letter">
      ${paragraphs}
    </main>
    <div class="marking bottom" role="note" aria-label="Security classification">${marking}</div>
  </body>
</html>
`;
}
