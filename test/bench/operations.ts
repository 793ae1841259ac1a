/**
 * The canonical operations of issue 7, shared by the SQL-count tests (test/performance) and the
 * benchmark (test/bench/run.ts), so both measure exactly the same requests.
 */

/** The case list: a CSP officer's newest cases, with what a list screen shows. */
export const CASE_LIST = `query CaseList($first: Int!) {
  caseReviews(first: $first) {
    edges {
      node {
        id reference status submittedAt
        deadlines { thresholdDecisionDue outcomeLetterDue overdue }
        incidents { category occurredOn reportedOn reportedTo { name } }
        involvedAgencies { name }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The panel pack: one case with everything a panel chair may see. */
export const PANEL_PACK = `query PanelPack($id: ID!) {
  caseReview(id: $id) {
    id reference status submittedAt receivedOn
    partnership { code name }
    applicant { name email phone address postcode dateOfBirth vulnerabilities preferredContact }
    additionalVictims { name }
    representative { name relationship organisation email phone consentObtained consentRecordedAt }
    incidents {
      id category occurredOn reportedOn reportedTo { name } location hateMotivated agencyReference description
      confirmation qualifies qualificationReason
    }
    thresholdDecision { met route qualifyingIncidentCount decidedAt decidedBy { name } reason actionToBeTaken }
    involvedAgencies { name kind }
    informationRequests { agency { name } requestedAt dueBy status question answer answeredAt answeredBy { name } }
    contributions { agency { name } classification caseSummary actionsTaken submittedBy { name } submittedAt }
    panel { scheduledFor dueBy heldAt findings chair { name } members { name } }
    recommendations { assignedAgency { name } text dueBy status acknowledgedAt response }
    letters { kind dueBy issuedAt body }
    secondaryReview { requestedAt reason outcome }
    deadlines { acknowledgementDue thresholdDecisionDue panelDue outcomeLetterDue nextDue overdue }
    timeline { at actor kind summary }
  }
}`;

/** The agency inbox: recommendations waiting for the caller's agency, soonest due first. */
export const INBOX = `query Inbox($first: Int!) {
  myRecommendations(status: [ISSUED], first: $first) {
    edges {
      node {
        id text dueBy status overdue
        caseReview { reference status }
        assignedAgency { name }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The write: an agency officer acknowledges a recommendation assigned to their agency. */
export const ACKNOWLEDGE = `mutation Acknowledge($id: ID!) {
  acknowledgeRecommendation(id: $id) { id status acknowledgedAt }
}`;

/**
 * The peer (test/bench/peer-server.ts): CASE_LIST in PostGraphile's schema: the newest cases of
 * one partnership, with the same fields, incidents in the same order (occurred on, then created at)
 * with the agency each was reported to, and the involved agencies in the same order (added at, then
 * agency id). `nextDue` stands for `overdue`, which PostGraphile cannot compute without a function.
 */
export const PEER_CASE_LIST = `query PeerCaseList($partnershipId: UUID!, $first: Int!) {
  allCaseReviews(condition: { partnershipId: $partnershipId }, orderBy: [SUBMITTED_AT_DESC, ROW_ID_DESC], first: $first) {
    nodes {
      rowId reference status submittedAt
      thresholdDecisionDue outcomeLetterDue nextDue
      incidentsByCaseReviewId(orderBy: [OCCURRED_ON_ASC, CREATED_AT_ASC]) {
        nodes { category occurredOn reportedOn agencyByReportedToAgencyId { name } }
      }
      caseAgenciesByCaseReviewId(orderBy: [ADDED_AT_ASC, AGENCY_ID_ASC]) {
        nodes { agencyByAgencyId { name } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;
