/**
 * The threshold engine: which reported incidents are qualifying complaints (the Act s.104) and
 * which routes to a review they open. It only advises: the CSP officer records the
 * decision, with reasons where it differs (DOMAIN.md, "The engine's assessment and the human
 * decision are separate").
 */
import {
  compareDates, daysBetween, formatLongDate, monthsAndDaysBetween, periodEnd, withinMonths,
  type IsoDate,
} from '../../calendar/dates';

export type IncidentCategory =
  | 'VANDALISM' | 'HARASSMENT_OR_INTIMIDATION' | 'THREATENING_BEHAVIOUR' | 'VERBAL_ABUSE'
  | 'ALCOHOL_IN_PUBLIC_SPACE' | 'OTHER';
export type IncidentConfirmation = 'PENDING' | 'CONFIRMED' | 'NOT_FOUND';
export type ThresholdRoute = 'STATUTORY' | 'COMMUNITY' | 'HATE_INCIDENT';

export interface EngineIncident {
  id: string;
  category: IncidentCategory;
  occurredOn: IsoDate;
  reportedOn: IsoDate;
  reportedToAgencyId: string;
  reportedToAgencyName: string;
  /** Which victim reported it (a stable key or name). */
  reportedBy: string;
  location: string;
  hateMotivated: boolean;
  confirmation: IncidentConfirmation;
  /** Set by a CSP officer to link (same key) or unlink (unique key) by hand; overrides the automatic key. */
  linkKey?: string | null;
}

export interface EnginePolicy {
  minimumQualifyingComplaints: number;
  communityRouteMinimumReporters: number | null;
  singleHateIncidentRoute: boolean;
}

export interface AssessedIncident {
  id: string;
  qualifies: boolean;
  qualificationReason: string;
  duplicateOfId: string | null;
  unconfirmed: boolean;
}

export interface ThresholdAssessmentResult {
  /** Same order as the input. */
  incidents: AssessedIncident[];
  qualifyingIncidentCount: number;
  requiredQualifyingComplaints: number;
  routesSatisfied: ThresholdRoute[];
  wouldMeetThreshold: boolean;
  summary: string;
}

/** s.104(4): a partnership may ask for fewer qualifying complaints than three, never more. */
export const STATUTORY_QUALIFYING_COMPLAINTS = 3;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Whether one incident, on its own, is a qualifying complaint, and why, in words. */
function judge(i: EngineIncident, applicationDate: IsoDate): { qualifies: boolean; reason: string } {
  if (i.confirmation === 'NOT_FOUND') {
    return { qualifies: false, reason: `${i.reportedToAgencyName} found no record of this incident` };
  }
  const problems: string[] = [];
  const gap = daysBetween(i.occurredOn, i.reportedOn);
  const reported = gap === 0 ? 'reported on the day it happened' : `reported ${plural(gap, 'day')} after it happened`;
  if (gap < 0) {
    problems.push(`reported on ${formatLongDate(i.reportedOn)}, before the date it is said to have happened `
      + `(${formatLongDate(i.occurredOn)}): not a valid complaint`);
  } else if (!withinMonths(i.occurredOn, 1, i.reportedOn)) {
    problems.push(`${reported}: a qualifying complaint must be made within one month `
      + `(by ${formatLongDate(periodEnd(i.occurredOn, 1))})`);
  }
  if (compareDates(applicationDate, i.reportedOn) < 0) {
    problems.push(`reported on ${formatLongDate(i.reportedOn)}, after the application `
      + `(${formatLongDate(applicationDate)}): only complaints made before the application count`);
  } else if (!withinMonths(i.reportedOn, 6, applicationDate)) {
    const late = monthsAndDaysBetween(i.reportedOn, applicationDate);
    const after = plural(late.months, 'month') + (late.days ? ` and ${plural(late.days, 'day')}` : '');
    problems.push(`the application was made ${after} after this complaint (reported ${formatLongDate(i.reportedOn)}): `
      + `it must be made within six months (by ${formatLongDate(periodEnd(i.reportedOn, 6))})`);
  }
  const reason = problems.length ? problems.join('; ') : `${reported} and the application was made within six months of the complaint`;
  const pending = i.confirmation === 'PENDING' ? `; not yet confirmed by ${i.reportedToAgencyName}` : '';
  return { qualifies: problems.length === 0, reason: reason + pending };
}

/**
 * Groups the reports that are one incident (DOMAIN.md, "One incident, several agencies"): same
 * reporter, category, location and day, to different agencies; or the same linkKey set by hand.
 * Two such reports to the same agency are two incidents, so a group holds one report per agency.
 * NOT_FOUND reports are left out: they never count, so they cannot stand for an incident.
 */
function groupReports(incidents: EngineIncident[]): number[][] {
  const order = incidents.map((_, index) => index)
    .sort((a, b) => compareDates(incidents[a].reportedOn, incidents[b].reportedOn) || a - b);
  const byKey = new Map<string, number[][]>();
  const groups: number[][] = [];
  for (const index of order) {
    const i = incidents[index];
    if (i.confirmation === 'NOT_FOUND') continue;
    const link = i.linkKey?.trim();
    const key = link
      ? `link:${link}`
      : `auto:${JSON.stringify([normalise(i.reportedBy), i.category, normalise(i.location), i.occurredOn])}`;
    const candidates = byKey.get(key) ?? [];
    byKey.set(key, candidates);
    let group = link
      ? candidates[0]
      : candidates.find((g) => g.every((m) => incidents[m].reportedToAgencyId !== i.reportedToAgencyId));
    if (!group) {
      group = [];
      candidates.push(group);
      groups.push(group);
    }
    group.push(index);
  }
  return groups;
}

function validate(policy: EnginePolicy): void {
  const min = policy.minimumQualifyingComplaints;
  if (!Number.isInteger(min) || min < 1) {
    throw new Error(`minimumQualifyingComplaints must be a whole number of at least 1, not ${min}`);
  }
  const reporters = policy.communityRouteMinimumReporters;
  if (reporters !== null && (!Number.isInteger(reporters) || reporters < 1)) {
    throw new Error(`communityRouteMinimumReporters must be null (route off) or a whole number of at least 1, not ${reporters}`);
  }
}

/** The location with the most different reporters complaining in the six months before the application. */
function busiestLocation(incidents: EngineIncident[], applicationDate: IsoDate): { label: string; reporters: number } | null {
  const byLocation = new Map<string, { label: string; reporters: Set<string> }>();
  for (const i of incidents) {
    if (i.confirmation === 'NOT_FOUND' || !withinMonths(i.reportedOn, 6, applicationDate)) continue;
    const key = normalise(i.location);
    const entry = byLocation.get(key) ?? { label: i.location.trim().replace(/\s+/g, ' '), reporters: new Set<string>() };
    entry.reporters.add(normalise(i.reportedBy));
    byLocation.set(key, entry);
  }
  let best: { label: string; reporters: number } | null = null;
  for (const { label, reporters } of byLocation.values()) {
    if (!best || reporters.size > best.reporters) best = { label, reporters: reporters.size };
  }
  return best;
}

export function assessThreshold(
  incidents: EngineIncident[], policy: EnginePolicy, applicationDate: IsoDate,
): ThresholdAssessmentResult {
  validate(policy);
  const required = Math.min(policy.minimumQualifyingComplaints, STATUTORY_QUALIFYING_COMPLAINTS);
  const judged = incidents.map((i) => judge(i, applicationDate));
  const assessed: AssessedIncident[] = incidents.map((i, index) => ({
    id: i.id,
    qualifies: judged[index].qualifies,
    qualificationReason: judged[index].reason,
    duplicateOfId: null,
    unconfirmed: i.confirmation === 'PENDING',
  }));

  // Each group is one incident: it counts once, through its first qualifying report.
  let qualifying = 0;
  let unconfirmedCounted = 0;
  let hateIncident = false;
  for (const group of groupReports(incidents)) {
    const representative = group.find((m) => judged[m].qualifies) ?? group[0];
    const counted = judged[representative].qualifies;
    if (counted) {
      qualifying++;
      if (incidents[representative].confirmation === 'PENDING') unconfirmedCounted++;
      // Any report of the incident may be the one that records the hate motive.
      if (group.some((m) => incidents[m].hateMotivated)) hateIncident = true;
    }
    const agency = incidents[representative].reportedToAgencyName;
    for (const m of group) {
      if (m === representative) continue;
      assessed[m].duplicateOfId = incidents[representative].id;
      assessed[m].qualifies = false;
      assessed[m].qualificationReason = counted
        ? `same incident as one reported to ${agency}: counted once`
        : `${judged[m].reason}; same incident as one reported to ${agency}`;
    }
  }

  const routes: ThresholdRoute[] = [];
  const statutoryMet = qualifying >= required;
  if (statutoryMet) routes.push('STATUTORY');
  const pending = unconfirmedCounted ? `${unconfirmedCounted} not yet confirmed` : '';
  const parts = [statutoryMet
    ? `${plural(qualifying, 'qualifying complaint')} (${required} required${pending ? `; ${pending}` : ''})`
    : `${qualifying} of the ${plural(required, 'qualifying complaint')} required${pending ? ` (${pending})` : ''}`];

  const minimumReporters = policy.communityRouteMinimumReporters;
  if (minimumReporters !== null) {
    const best = busiestLocation(incidents, applicationDate);
    if (best && best.reporters >= minimumReporters) {
      routes.push('COMMUNITY');
      parts.push(`community route: ${plural(best.reporters, 'different reporter')} about ${best.label}`);
    } else if (best) {
      parts.push(`community route: ${plural(best.reporters, 'different reporter')} about ${best.label}, ${minimumReporters} needed`);
    } else {
      parts.push('community route: no complaints in the six months before the application');
    }
  }

  if (policy.singleHateIncidentRoute) {
    if (hateIncident) routes.push('HATE_INCIDENT');
    parts.push(hateIncident ? 'hate incident route: a qualifying hate incident' : 'hate incident route: no qualifying hate incident');
  }

  const wouldMeetThreshold = routes.length > 0;
  return {
    incidents: assessed,
    qualifyingIncidentCount: qualifying,
    requiredQualifyingComplaints: required,
    routesSatisfied: routes,
    wouldMeetThreshold,
    summary: `${wouldMeetThreshold ? 'Would meet' : 'Would not meet'} the threshold: ${parts.join('; ')}.`,
  };
}
