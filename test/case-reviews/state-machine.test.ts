import {
  allowedActions, canPerform, CASE_ACTIONS, CASE_REVIEW_STATUSES, nextStatus, TransitionError,
  type CaseAction, type CaseReviewStatus, type TransitionOptions,
} from '../../src/modules/case-reviews/case-review.state-machine';

const S = {
  SUB: 'SUBMITTED', AWA: 'AWAITING_AGENCY_CHECKS', NOT: 'THRESHOLD_NOT_MET', MET: 'THRESHOLD_MET',
  SCH: 'PANEL_SCHEDULED', HELD: 'PANEL_HELD', SENT: 'OUTCOME_SENT', SEC: 'SECONDARY_REVIEW_REQUESTED', CLOSED: 'CLOSED',
} as const satisfies Record<string, CaseReviewStatus>;

const OPEN: CaseReviewStatus[] = [S.SUB, S.AWA, S.NOT, S.MET, S.SCH, S.HELD, S.SENT, S.SEC];

/**
 * The expected table, written out independently of the implementation: for each action, the
 * statuses that allow it and the status each leads to (a function where options decide).
 */
type Result = CaseReviewStatus | 'same' | ((opts: TransitionOptions) => CaseReviewStatus);
const EXPECTED: Record<CaseAction, Partial<Record<CaseReviewStatus, Result>>> = {
  ADD_INCIDENT: { [S.SUB]: S.AWA, [S.AWA]: 'same' },
  CONFIRM_INCIDENT: { [S.SUB]: S.AWA, [S.AWA]: 'same' },
  REQUEST_INFORMATION: { [S.SUB]: S.AWA, [S.AWA]: 'same', [S.NOT]: 'same', [S.MET]: 'same', [S.SCH]: 'same', [S.HELD]: 'same', [S.SEC]: 'same' },
  ANSWER_INFORMATION_REQUEST: Object.fromEntries(OPEN.map((s) => [s, 'same'])),
  DECIDE_THRESHOLD: {
    [S.SUB]: (o) => (o.thresholdMet ? S.MET : S.NOT),
    [S.AWA]: (o) => (o.thresholdMet ? S.MET : S.NOT),
  },
  SUBMIT_CONTRIBUTION: { [S.AWA]: 'same', [S.MET]: 'same', [S.SCH]: 'same', [S.SEC]: 'same' },
  ADD_INVOLVED_AGENCY: { [S.SUB]: 'same', [S.AWA]: 'same', [S.MET]: 'same', [S.SCH]: 'same', [S.SEC]: 'same' },
  SCHEDULE_PANEL: { [S.MET]: S.SCH, [S.SCH]: S.SCH },
  RECORD_PANEL_OUTCOME: { [S.SCH]: S.HELD },
  RESPOND_TO_RECOMMENDATION: { [S.HELD]: 'same', [S.SENT]: 'same', [S.SEC]: 'same' },
  ISSUE_OUTCOME_LETTER: { [S.HELD]: S.SENT },
  ISSUE_EXTENSION_LETTER: { [S.SCH]: 'same', [S.HELD]: 'same' },
  REQUEST_SECONDARY_REVIEW: { [S.SENT]: S.SEC, [S.NOT]: S.SEC },
  RECORD_SECONDARY_REVIEW_OUTCOME: { [S.SEC]: (o) => (o.secondaryOutcome === 'UPHELD' ? S.AWA : S.CLOSED) },
  CLOSE: Object.fromEntries(OPEN.map((s) => [s, S.CLOSED])),
};

const OPTION_SETS: TransitionOptions[] = [
  { thresholdMet: true, secondaryOutcome: 'UPHELD' },
  { thresholdMet: false, secondaryOutcome: 'NOT_UPHELD' },
];

const pairs = CASE_REVIEW_STATUSES.flatMap((status) => CASE_ACTIONS.map((action) => [status, action] as const));
const allowed = pairs.filter(([status, action]) => EXPECTED[action][status] !== undefined);
const refused = pairs.filter(([status, action]) => EXPECTED[action][status] === undefined);

describe('the case review state machine', () => {
  it('knows every status and action', () => {
    expect(CASE_REVIEW_STATUSES).toEqual([...OPEN, S.CLOSED]);
    expect([...CASE_ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(pairs).toHaveLength(9 * 15);
    expect(allowed.length + refused.length).toBe(135);
  });

  it.each(allowed)('allows %s -> %s, to the expected status', (status, action) => {
    expect(canPerform(status, action)).toBe(true);
    expect(allowedActions(status)).toContain(action);
    for (const opts of OPTION_SETS) {
      const result = EXPECTED[action][status]!;
      const expected = result === 'same' ? status : typeof result === 'function' ? result(opts) : result;
      expect(nextStatus(status, action, opts)).toBe(expected);
    }
  });

  it.each(refused)('refuses %s -> %s', (status, action) => {
    expect(canPerform(status, action)).toBe(false);
    expect(allowedActions(status)).not.toContain(action);
    expect(() => nextStatus(status, action, OPTION_SETS[0])).toThrow(TransitionError);
  });

  it('allows nothing on a closed case', () => {
    expect(allowedActions('CLOSED')).toEqual([]);
  });

  it('lists allowed actions in a stable order', () => {
    expect(allowedActions('PANEL_HELD')).toEqual([
      'REQUEST_INFORMATION', 'ANSWER_INFORMATION_REQUEST', 'RESPOND_TO_RECOMMENDATION',
      'ISSUE_OUTCOME_LETTER', 'ISSUE_EXTENSION_LETTER', 'CLOSE',
    ]);
  });

  it('says in words what cannot be done and why', () => {
    let error: unknown;
    try {
      nextStatus('AWAITING_AGENCY_CHECKS', 'SCHEDULE_PANEL');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TransitionError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'TransitionError', status: 'AWAITING_AGENCY_CHECKS', action: 'SCHEDULE_PANEL',
      message: 'cannot schedule a panel while the case is awaiting agency checks',
    });
    expect(() => nextStatus('CLOSED', 'ADD_INCIDENT')).toThrow('cannot add an incident while the case is closed');
  });

  it('needs the decision to decide the threshold, and the outcome to record a secondary review', () => {
    expect(() => nextStatus('AWAITING_AGENCY_CHECKS', 'DECIDE_THRESHOLD')).toThrow(/thresholdMet/);
    expect(() => nextStatus('SECONDARY_REVIEW_REQUESTED', 'RECORD_SECONDARY_REVIEW_OUTCOME')).toThrow(/secondaryOutcome/);
  });

  it('walks a case from application to a secondary review that is not upheld', () => {
    const steps: [CaseAction, TransitionOptions?][] = [
      ['ADD_INCIDENT'], ['CONFIRM_INCIDENT'], ['DECIDE_THRESHOLD', { thresholdMet: true }], ['SCHEDULE_PANEL'],
      ['ISSUE_EXTENSION_LETTER'], ['RECORD_PANEL_OUTCOME'], ['ISSUE_OUTCOME_LETTER'], ['REQUEST_SECONDARY_REVIEW'],
      ['RECORD_SECONDARY_REVIEW_OUTCOME', { secondaryOutcome: 'NOT_UPHELD' }],
    ];
    const seen = steps.reduce<CaseReviewStatus[]>((acc, [action, opts]) => [...acc, nextStatus(acc[acc.length - 1], action, opts)], ['SUBMITTED']);
    expect(seen).toEqual([S.SUB, S.AWA, S.AWA, S.MET, S.SCH, S.SCH, S.HELD, S.SENT, S.SEC, S.CLOSED]);
  });

  it('refers an upheld secondary review of a refusal back for agency checks', () => {
    const refusedCase = nextStatus('SUBMITTED', 'DECIDE_THRESHOLD', { thresholdMet: false });
    const requested = nextStatus(refusedCase, 'REQUEST_SECONDARY_REVIEW');
    expect(nextStatus(requested, 'RECORD_SECONDARY_REVIEW_OUTCOME', { secondaryOutcome: 'UPHELD' })).toBe('AWAITING_AGENCY_CHECKS');
  });
});
