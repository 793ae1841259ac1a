import DataLoader from "dataloader";
import type { Agency } from "../agencies/agency.entity";
import type { CaseReview } from "../case-reviews/case-review.entity";
import type { Incident } from "../incidents/incident.entity";
import type { Partnership } from "../partnerships/partnership.entity";
import { assessThreshold, type AssessedIncident, type EngineIncident, type EnginePolicy, type ThresholdAssessmentResult } from "./threshold.engine";

/** The engine's answer for one case, with each incident's verdict by id. */
export interface CaseAssessment {
  caseReviewId: string;
  result: ThresholdAssessmentResult;
  byIncidentId: Map<string, AssessedIncident>;
}

export const enginePolicy = (p: Partnership): EnginePolicy => ({
  minimumQualifyingComplaints: p.policy.minimumQualifyingComplaints,
  communityRouteMinimumReporters: p.policy.communityRouteMinimumReporters,
  singleHateIncidentRoute: p.policy.singleHateIncidentRoute,
});

/** The engine's view of an incident: the victim who reported it is the applicant row's id. */
export const engineIncident = (i: Incident, agencyName: string): EngineIncident => ({
  id: i.id,
  category: i.category,
  occurredOn: i.occurredOn,
  reportedOn: i.reportedOn,
  reportedToAgencyId: i.reportedToAgencyId,
  reportedToAgencyName: agencyName,
  reportedBy: i.reportedByApplicantId,
  location: i.location,
  hateMotivated: i.hateMotivated,
  confirmation: i.confirmation,
  linkKey: i.linkKey,
});

/** Runs the engine over a case: its incidents, its partnership's policy, the date the application was made. */
export function assessCase(c: CaseReview, partnership: Partnership, incidents: Incident[], agencyName: (id: string) => string): CaseAssessment {
  const result = assessThreshold(
    incidents.map(i => engineIncident(i, agencyName(i.reportedToAgencyId))),
    enginePolicy(partnership),
    c.receivedOn,
  );
  return { caseReviewId: c.id, result, byIncidentId: new Map(result.incidents.map(a => [a.id, a])) };
}

interface Deps {
  caseReview: DataLoader<string, CaseReview | null>;
  incidentsByCase: DataLoader<string, Incident[]>;
  partnership: DataLoader<string, Partnership | null>;
  agency: DataLoader<string, Agency | null>;
}

/**
 * The engine once per case per request, however many incidents ask for `qualifies`: the cases,
 * incidents, partnerships and agencies come through the request's other loaders, in batches.
 */
export function createThresholdAssessmentLoader(l: Deps) {
  return new DataLoader<string, CaseAssessment | null>(ids =>
    Promise.all(
      ids.map(async id => {
        const c = await l.caseReview.load(id);
        if (!c) return null;
        const [incidents, partnership] = await Promise.all([l.incidentsByCase.load(id), l.partnership.load(c.partnershipId)]);
        const agencies = await l.agency.loadMany([...new Set(incidents.map(i => i.reportedToAgencyId))]);
        const names = new Map(agencies.flatMap(a => (a && !(a instanceof Error) ? [[a.id, a.name] as const] : [])));
        return assessCase(c, partnership!, incidents, agencyId => names.get(agencyId) ?? "the agency");
      }),
    ),
  );
}
