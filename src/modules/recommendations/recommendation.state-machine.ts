/**
 * How a panel's recommendation moves once issued (DOMAIN.md, "Recommendations"): the addressee
 * must "have regard to" it, so it is acknowledged, then accepted or declined with reasons, then
 * completed; one declined, or overdue and not done, may be challenged by the CSP officer or the
 * chair, after which the addressee may still accept, complete, or decline again with reasons.
 */

export type RecommendationStatus = 'ISSUED' | 'ACKNOWLEDGED' | 'ACCEPTED' | 'DECLINED' | 'COMPLETED' | 'CHALLENGED';

export type RecommendationAction = 'ACKNOWLEDGE' | 'ACCEPT' | 'DECLINE' | 'COMPLETE' | 'CHALLENGE';

export const RECOMMENDATION_STATUSES: RecommendationStatus[] = ['ISSUED', 'ACKNOWLEDGED', 'ACCEPTED', 'DECLINED', 'COMPLETED', 'CHALLENGED'];
export const RECOMMENDATION_ACTIONS: RecommendationAction[] = ['ACKNOWLEDGE', 'ACCEPT', 'DECLINE', 'COMPLETE', 'CHALLENGE'];

/** What is known about the recommendation beyond its status: whether its due date has passed. */
export interface RecommendationFacts {
  overdue: boolean;
}

/** The statuses each action may start from, and where it leads. */
const MOVES: Record<RecommendationAction, Partial<Record<RecommendationStatus, RecommendationStatus>>> = {
  ACKNOWLEDGE: { ISSUED: 'ACKNOWLEDGED' },
  // After a challenge the addressee answers again: accepts, or declines again with its reasons.
  ACCEPT: { ACKNOWLEDGED: 'ACCEPTED', CHALLENGED: 'ACCEPTED' },
  DECLINE: { ACKNOWLEDGED: 'DECLINED', CHALLENGED: 'DECLINED' },
  COMPLETE: { ACCEPTED: 'COMPLETED', CHALLENGED: 'COMPLETED' },
  // A declined one may always be challenged; any other not yet done only once it is overdue.
  CHALLENGE: { DECLINED: 'CHALLENGED', ISSUED: 'CHALLENGED', ACKNOWLEDGED: 'CHALLENGED', ACCEPTED: 'CHALLENGED' },
};

/**
 * The statuses in which the addressee has something to do: acknowledge (ISSUED), accept or decline
 * (ACKNOWLEDGED), complete (ACCEPTED), or answer a challenge (CHALLENGED). A DECLINED one waits for
 * the CSP officer or the chair; a COMPLETED one is done. Read from the moves above.
 */
export const AWAITING_ADDRESSEE: RecommendationStatus[] = RECOMMENDATION_STATUSES.filter(s =>
  (['ACKNOWLEDGE', 'ACCEPT', 'DECLINE', 'COMPLETE'] as const).some(a => MOVES[a][s] !== undefined),
);

const WHY_NOT: Record<RecommendationAction, (s: RecommendationStatus) => string> = {
  ACKNOWLEDGE: s => (s === 'CHALLENGED' ? 'it has been challenged: respond to it instead' : 'it has already been acknowledged'),
  ACCEPT: s => (s === 'ISSUED' ? 'acknowledge it first' : `it is already ${words(s)}`),
  DECLINE: s => (s === 'ISSUED' ? 'acknowledge it first' : `it is already ${words(s)}`),
  COMPLETE: s => (s === 'ISSUED' || s === 'ACKNOWLEDGED' ? 'accept it first' : `it is ${words(s)}`),
  CHALLENGE: s =>
    s === 'COMPLETED' ? 'it has been completed'
      : s === 'CHALLENGED' ? 'it has already been challenged'
      : 'only a declined recommendation, or one overdue and not completed, can be challenged',
};

const ACTION_WORDS: Record<RecommendationAction, string> = {
  ACKNOWLEDGE: 'acknowledge', ACCEPT: 'accept', DECLINE: 'decline', COMPLETE: 'complete', CHALLENGE: 'challenge',
};

function words(s: RecommendationStatus): string {
  return s.toLowerCase();
}

export class RecommendationTransitionError extends Error {
  constructor(public status: RecommendationStatus, public action: RecommendationAction) {
    super(`cannot ${ACTION_WORDS[action]} the recommendation: ${WHY_NOT[action](status)}`);
    this.name = 'RecommendationTransitionError';
  }
}

export function canApply(status: RecommendationStatus, action: RecommendationAction, facts: RecommendationFacts): boolean {
  if (MOVES[action][status] === undefined) return false;
  if (action === 'CHALLENGE' && status !== 'DECLINED') return facts.overdue;
  return true;
}

/** The status after the action; throws RecommendationTransitionError when it is not allowed. */
export function nextRecommendationStatus(
  status: RecommendationStatus,
  action: RecommendationAction,
  facts: RecommendationFacts,
): RecommendationStatus {
  if (!canApply(status, action, facts)) throw new RecommendationTransitionError(status, action);
  return MOVES[action][status]!;
}

/** Overdue: its due date has passed (strictly before today, UK) and it is not completed. */
export function isRecommendationOverdue(r: { status: RecommendationStatus; dueBy: string }, today: string): boolean {
  return r.status !== 'COMPLETED' && r.dueBy < today;
}
