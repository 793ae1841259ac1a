import { formatLongDate } from "../../../calendar/dates";
import { parseDate } from "../../forms/dates";
import type { Draft } from "./draft";
import { CATEGORIES, CONTACT_PREFERENCES, RELATIONSHIPS, textOf, VICTIM_KINDS } from "./words";

interface Row {
  key: { text: string };
  value: { text?: string; html?: string };
  actions?: { items: Array<{ href: string; text: string; visuallyHiddenText: string }> };
}
export interface Section {
  title: string;
  rows: Row[];
  /** A summary card's own actions (change or remove a whole victim or incident). */
  actions?: Array<{ href: string; text: string; visuallyHiddenText: string }>;
}

const dateText = (p: { day: string; month: string; year: string }) => {
  const iso = parseDate(p).iso;
  return iso ? formatLongDate(iso) : "Not given";
};
const orNotGiven = (s: string | undefined | null) => (s && s.trim() ? s : "Not given");
const escape = (s: string) => s.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const multiline = (s: string | undefined | null) => ({ html: escape(orNotGiven(s)).replace(/\n/g, "<br>") });

/**
 * The answers as GOV.UK summary lists: for check your answers (with change links that come back
 * to it) and for the printable copy (without).
 */
export function summary(d: Draft, partnership: { name: string; agencies: Array<{ id: string; name: string }> }, base: string, withChange: boolean): Section[] {
  const change = (page: string, what: string) =>
    withChange ? { actions: { items: [{ href: `${base}/${page}?change=yes`, text: "Change", visuallyHiddenText: what }] } } : {};
  const row = (key: string, value: Row["value"], page: string): Row => ({ key: { text: key }, value, ...change(page, key.toLowerCase()) });
  const sections: Section[] = [];
  const someoneElse = d.applyingAs === "someone-else";

  sections.push({
    title: "Who is applying",
    rows: [
      row("Area", { text: partnership.name }, ""),
      row("Who is applying", { text: someoneElse ? "Someone applying for the victim" : "The victim" }, "who-is-applying"),
    ].map((r, i) => (i === 0 ? { key: r.key, value: r.value } : r)),
  });
  if (someoneElse && d.representative) {
    const r = d.representative;
    sections.push({
      title: "Your details",
      rows: [
        row("Your name", { text: r.name }, "representative"),
        row("Relationship to the victim", { text: textOf(RELATIONSHIPS, r.relationship) }, "representative"),
        row("Organisation", { text: orNotGiven(r.organisation) }, "representative"),
        row("Your email address", { text: orNotGiven(r.email) }, "representative"),
        row("Your phone number", { text: orNotGiven(r.phone) }, "representative"),
        row("The victim agrees to you applying", { text: d.consent === "yes" ? "Yes" : "No" }, "consent"),
      ],
    });
  }
  if (d.victim) {
    const v = d.victim;
    sections.push({
      title: someoneElse ? "The victim" : "Your details",
      rows: [
        row("The victim is", { text: textOf(VICTIM_KINDS, v.kind) }, "victim"),
        row("Name", { text: v.name }, "victim"),
        row("Address", multiline(v.address), "victim"),
        row("Postcode", { text: orNotGiven(v.postcode) }, "victim"),
        row("Email address", { text: orNotGiven(v.email) }, "victim"),
        row("Phone number", { text: orNotGiven(v.phone) }, "victim"),
        row("How to contact", { text: textOf(CONTACT_PREFERENCES, v.preferredContact) || "No preference" }, "victim"),
        row("Date of birth", { text: parseDate(v.dateOfBirth).iso ? dateText(v.dateOfBirth) : "Not given" }, "victim"),
        row("Anything that makes the victim more vulnerable", multiline(d.vulnerabilities), "vulnerabilities"),
      ],
    });
  }
  sections.push({
    title: "Other victims",
    rows: d.otherVictims.length
      ? d.otherVictims.map((o, k) => row(`Victim ${k + 2}`, { html: `${escape(o.name)}<br>${escape(textOf(VICTIM_KINDS, o.kind))}${o.address ? `<br>${escape(o.address).replace(/\n/g, "<br>")}` : ""}${o.postcode ? `<br>${escape(o.postcode)}` : ""}<br>Agrees to the review: ${o.consent ? "yes" : "no"}` }, `other-victims/${k + 1}`))
      : [row("Other victims", { text: "None" }, "other-victims")],
  });
  const victims = [d.victim?.name ?? "The victim", ...d.otherVictims.map(o => o.name)];
  d.incidents.forEach((i, k) => {
    const page = `incidents/${k + 1}`;
    sections.push({
      title: `Incident ${k + 1}`,
      rows: [
        row("What kind of behaviour", { text: textOf(CATEGORIES, i.category) }, page),
        row("What happened", multiline(i.description), page),
        row("Where", { text: i.location }, page),
        row("When it happened", { text: dateText(i.occurredOn) }, page),
        row("When it was reported", { text: dateText(i.reportedOn) }, page),
        row("Reported to", { text: partnership.agencies.find(a => a.id === i.agencyId)?.name ?? "" }, page),
        row("Their reference", { text: orNotGiven(i.agencyReference) }, page),
        row("Motivated by hate", { text: i.hateMotivated === "yes" ? "Yes" : "No" }, page),
        ...(d.otherVictims.length ? [row("Reported by", { text: victims[Number(i.reportedBy || 0)] ?? "" }, page)] : []),
      ],
      ...(withChange && d.incidents.length > 1 ? { actions: [{ href: `${base}/incidents/${k + 1}/remove?change=yes`, text: "Remove", visuallyHiddenText: `incident ${k + 1}` }] } : {}),
    });
  });
  return sections;
}
