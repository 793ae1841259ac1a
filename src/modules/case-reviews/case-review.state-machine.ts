/**
 * Which steps of the ASB case review may be taken in each status, and where they lead.
 * A case is open in every status but CLOSED; a closed case allows nothing.
 */

export type CaseReviewStatus =
  | 'SUBMITTED' | 'AWAITING_AGENCY_CHECKS' | 'THRESHOLD_NOT_MET' | 'THRESHOLD_MET' | 'PANEL_SCHEDULED'
  | 'PANEL_HELD' | 'OUTCOME_SENT' | 'SECONDARY_REVIEW_REQUESTED' | 'CLOSED';

export type CaseAction =
  | 'ADD_INCIDENT' | 'CONFIRM_INCIDENT' | 'REQUEST_INFORMATION' | 'ANSWER_INFORMATION_REQUEST'
  | 'DECIDE_THRESHOLD' | 'SUBMIT_CONTRIBUTION' | 'ADD_INVOLVED_AGENCY' | 'SCHEDULE_PANEL'
  | 'RECORD_PANEL_OUTCOME' | 'RESPOND_TO_RECOMMENDATION' | 'ISSUE_OUTCOME_LETTER'
  | 'ISSUE_EXTENSION_LETTER' | 'REQUEST_SECONDARY_REVIEW' | 'RECORD_SECONDARY_REVIEW_OUTCOME' | 'CLOSE';

export interface TransitionOptions {
  /** Needed by DECIDE_THRESHOLD. */
  thresholdMet?: boolean;
  /** Needed by RECORD_SECONDARY_REVIEW_OUTCOME. */
  secondaryOutcome?: 'UPHELD' | 'NOT_UPHELD';
}

/** In the order a case moves through them. */
const STATUS_WORDS: Record<CaseReviewStatus, string> = {
  SUBMITTED: 'submitted',
  AWAITING_AGENCY_CHECKS: 'awaiting agency checks',
  THRESHOLD_NOT_MET: 'found not to meet the threshold',
  THRESHOLD_MET: 'found to meet the threshold',
  PANEL_SCHEDULED: 'waiting for its panel',
  PANEL_HELD: 'reviewed by its panel',
  OUTCOME_SENT: 'finished with the outcome letter sent',
  SECONDARY_REVIEW_REQUESTED: 'under secondary review',
  CLOSED: 'closed',
};

const ACTION_WORDS: Record<CaseAction, string> = {
  ADD_INCIDENT: 'add an incident',
  CONFIRM_INCIDENT: 'confirm an incident',
  REQUEST_INFORMATION: 'request information',
  ANSWER_INFORMATION_REQUEST: 'answer an information request',
  DECIDE_THRESHOLD: 'decide the threshold',
  SUBMIT_CONTRIBUTION: 'submit a contribution',
  ADD_INVOLVED_AGENCY: 'add an involved agency',
  SCHEDULE_PANEL: 'schedule a panel',
  RECORD_PANEL_OUTCOME: 'record the panel outcome',
  RESPOND_TO_RECOMMENDATION: 'respond to a recommendation',
  ISSUE_OUTCOME_LETTER: 'issue the outcome letter',
  ISSUE_EXTENSION_LETTER: 'issue an extension letter',
  REQUEST_SECONDARY_REVIEW: 'request a secondary review',
  RECORD_SECONDARY_REVIEW_OUTCOME: 'record the secondary review outcome',
  CLOSE: 'close the case',
};

export const CASE_REVIEW_STATUSES = Object.keys(STATUS_WORDS) as CaseReviewStatus[];
export const CASE_ACTIONS = Object.keys(ACTION_WORDS) as CaseAction[];

const OPEN = CASE_REVIEW_STATUSES.filter((s) => s !== 'CLOSED');

/** The statuses in which each action is allowed. */
const ALLOWED_IN: Record<CaseAction, readonly CaseReviewStatus[]> = {
  // Incidents are checked before the threshold decision; once decided, the record stands.
  ADD_INCIDENT: ['SUBMITTED', 'AWAITING_AGENCY_CHECKS'],
  CONFIRM_INCIDENT: ['SUBMITTED', 'AWAITING_AGENCY_CHECKS'],
  // The bodies may ask for information for the review (DOMAIN.md, "Information") until the outcome is sent.
  REQUEST_INFORMATION: ['SUBMITTED', 'AWAITING_AGENCY_CHECKS', 'THRESHOLD_NOT_MET', 'THRESHOLD_MET',
    'PANEL_SCHEDULED', 'PANEL_HELD', 'SECONDARY_REVIEW_REQUESTED'],
  // A request already made may be answered whenever the case is open.
  ANSWER_INFORMATION_REQUEST: OPEN,
  DECIDE_THRESHOLD: ['SUBMITTED', 'AWAITING_AGENCY_CHECKS'],
  SUBMIT_CONTRIBUTION: ['AWAITING_AGENCY_CHECKS', 'THRESHOLD_MET', 'PANEL_SCHEDULED', 'SECONDARY_REVIEW_REQUESTED'],
  ADD_INVOLVED_AGENCY: ['SUBMITTED', 'AWAITING_AGENCY_CHECKS', 'THRESHOLD_MET', 'PANEL_SCHEDULED',
    'SECONDARY_REVIEW_REQUESTED'],
  SCHEDULE_PANEL: ['THRESHOLD_MET', 'PANEL_SCHEDULED'], // from PANEL_SCHEDULED: reschedule
  RECORD_PANEL_OUTCOME: ['PANEL_SCHEDULED'],
  // Recommendations are acknowledged, answered, completed or challenged after the panel.
  RESPOND_TO_RECOMMENDATION: ['PANEL_HELD', 'OUTCOME_SENT', 'SECONDARY_REVIEW_REQUESTED'],
  ISSUE_OUTCOME_LETTER: ['PANEL_HELD'],
  // Notice that the outcome will be late must come before it is sent (DOMAIN.md, "Timescales").
  ISSUE_EXTENSION_LETTER: ['PANEL_SCHEDULED', 'PANEL_HELD'],
  // Unhappy with the handling of the application (not met) or of the review (outcome sent).
  REQUEST_SECONDARY_REVIEW: ['OUTCOME_SENT', 'THRESHOLD_NOT_MET'],
  RECORD_SECONDARY_REVIEW_OUTCOME: ['SECONDARY_REVIEW_REQUESTED'],
  CLOSE: OPEN,
};

export class TransitionError extends Error {
  constructor(public status: CaseReviewStatus, public action: CaseAction) {
    super(`cannot ${ACTION_WORDS[action]} while the case is ${STATUS_WORDS[status]}`);
    this.name = 'TransitionError';
  }
}

export function canPerform(status: CaseReviewStatus, action: CaseAction): boolean {
  return ALLOWED_IN[action]?.includes(status) ?? false;
}

export function allowedActions(status: CaseReviewStatus): CaseAction[] {
  return CASE_ACTIONS.filter((action) => canPerform(status, action));
}

/** The status after the action; throws TransitionError when the action is not allowed. */
export function nextStatus(status: CaseReviewStatus, action: CaseAction, opts: TransitionOptions = {}): CaseReviewStatus {
  if (!canPerform(status, action)) throw new TransitionError(status, action);
  switch (action) {
    // The first step of checking moves a new application on.
    case 'ADD_INCIDENT':
    case 'CONFIRM_INCIDENT':
    case 'REQUEST_INFORMATION':
      return status === 'SUBMITTED' ? 'AWAITING_AGENCY_CHECKS' : status;
    case 'DECIDE_THRESHOLD':
      if (opts.thresholdMet === undefined) throw new Error('deciding the threshold needs thresholdMet');
      return opts.thresholdMet ? 'THRESHOLD_MET' : 'THRESHOLD_NOT_MET';
    case 'SCHEDULE_PANEL':
      return 'PANEL_SCHEDULED';
    case 'RECORD_PANEL_OUTCOME':
      return 'PANEL_HELD';
    case 'ISSUE_OUTCOME_LETTER':
      return 'OUTCOME_SENT';
    case 'REQUEST_SECONDARY_REVIEW':
      return 'SECONDARY_REVIEW_REQUESTED';
    case 'RECORD_SECONDARY_REVIEW_OUTCOME':
      // Upheld: referred back for a fresh look at the agencies' records. Not upheld: the last step.
      if (opts.secondaryOutcome === undefined) throw new Error('recording a secondary review outcome needs secondaryOutcome');
      return opts.secondaryOutcome === 'UPHELD' ? 'AWAITING_AGENCY_CHECKS' : 'CLOSED';
    case 'CLOSE':
      return 'CLOSED';
    default:
      return status;
  }
}
