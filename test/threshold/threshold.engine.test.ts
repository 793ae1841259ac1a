import { assessThreshold, type EngineIncident, type EnginePolicy } from '../../src/modules/threshold/threshold.engine';

const STATUTORY: EnginePolicy = { minimumQualifyingComplaints: 3, communityRouteMinimumReporters: null, singleHateIncidentRoute: false };

let seq = 0;
function incident(over: Partial<EngineIncident> = {}): EngineIncident {
  seq++;
  return {
    id: `i${seq}`,
    category: 'VERBAL_ABUSE',
    occurredOn: '2026-03-01',
    reportedOn: '2026-03-02',
    reportedToAgencyId: 'police',
    reportedToAgencyName: 'Kent Police',
    reportedBy: 'victim-1',
    location: 'Church Street',
    hateMotivated: false,
    confirmation: 'CONFIRMED',
    ...over,
  };
}

/** Three separate confirmed incidents that qualify for an application on 1 May 2026. */
function threeQualifying(): EngineIncident[] {
  return ['2026-03-01', '2026-03-08', '2026-03-15'].map((d) => incident({ occurredOn: d, reportedOn: addOne(d) }));
}
const addOne = (d: string) => `${d.slice(0, 8)}${String(Number(d.slice(8)) + 1).padStart(2, '0')}`;

function one(i: EngineIncident, applicationDate: string) {
  return assessThreshold([i], STATUTORY, applicationDate).incidents[0];
}

describe('a qualifying complaint: made within one month of the behaviour', () => {
  it.each([
    ['2026-01-31', '2026-02-28', true],  // day 28: the month ends on 28 February
    ['2026-01-31', '2026-03-01', false],
    ['2028-01-31', '2028-02-29', true],  // leap year
    ['2028-01-31', '2028-03-01', false],
    ['2026-01-15', '2026-02-14', true],  // day 30
    ['2026-01-15', '2026-02-15', false], // day 31
    ['2026-03-31', '2026-04-30', true],  // day 30
    ['2026-03-31', '2026-05-01', false], // day 31
    ['2026-07-01', '2026-07-31', true],  // day 30
    ['2026-07-01', '2026-08-01', false], // day 31
    ['2026-12-31', '2027-01-30', true],  // day 30
    ['2026-12-31', '2027-01-31', false], // day 31
    ['2026-08-01', '2026-09-01', false], // day 31
    ['2026-01-30', '2026-02-28', true],
    ['2026-01-30', '2026-03-01', false],
    ['2026-03-01', '2026-03-01', true],  // on the day itself
  ])('behaviour on %s, reported %s: %s', (occurredOn, reportedOn, qualifies) => {
    expect(one(incident({ occurredOn, reportedOn }), reportedOn).qualifies).toBe(qualifies); // applied the same day
  });

  it('explains a late report with the number of days and the last good day', () => {
    const a = one(incident({ occurredOn: '2026-01-15', reportedOn: '2026-02-25' }), '2026-03-01');
    expect(a.qualifies).toBe(false);
    expect(a.qualificationReason).toBe(
      'reported 41 days after it happened: a qualifying complaint must be made within one month (by 14 February 2026)');
  });

  it('explains a good one', () => {
    const a = one(incident({ occurredOn: '2026-03-01', reportedOn: '2026-03-04' }), '2026-04-01');
    expect(a).toEqual({
      id: expect.any(String), qualifies: true, duplicateOfId: null, unconfirmed: false,
      qualificationReason: 'reported 3 days after it happened and the application was made within six months of the complaint',
    });
    expect(one(incident({ occurredOn: '2026-03-01', reportedOn: '2026-03-01' }), '2026-04-01').qualificationReason)
      .toBe('reported on the day it happened and the application was made within six months of the complaint');
  });

  it('does not accept a report made before the behaviour it reports', () => {
    const a = one(incident({ occurredOn: '2026-03-10', reportedOn: '2026-03-09' }), '2026-04-01');
    expect(a.qualifies).toBe(false);
    expect(a.qualificationReason).toBe(
      'reported on 9 March 2026, before the date it is said to have happened (10 March 2026): not a valid complaint');
  });
});

describe('a qualifying complaint: the application made within six months of it', () => {
  it.each([
    ['2026-08-31', '2027-02-28', true],
    ['2026-08-31', '2027-03-01', false],
    ['2027-08-31', '2028-02-29', true], // leap year
    ['2026-03-10', '2026-09-09', true],
    ['2026-03-10', '2026-09-10', false],
    ['2026-03-10', '2026-03-10', true], // applied the same day
  ])('complaint on %s, application %s: %s', (reportedOn, applicationDate, qualifies) => {
    expect(one(incident({ occurredOn: reportedOn, reportedOn }), applicationDate).qualifies).toBe(qualifies);
  });

  it('explains a late application in months', () => {
    const a = one(incident({ occurredOn: '2026-01-01', reportedOn: '2026-01-03' }), '2026-08-03');
    expect(a.qualificationReason).toBe('the application was made 7 months after this complaint (reported 3 January 2026): '
      + 'it must be made within six months (by 2 July 2026)');
    expect(one(incident({ occurredOn: '2026-01-01', reportedOn: '2026-01-03' }), '2026-07-05').qualificationReason)
      .toBe('the application was made 6 months and 2 days after this complaint (reported 3 January 2026): '
        + 'it must be made within six months (by 2 July 2026)');
  });

  it('gives both reasons when the report and the application are both late', () => {
    const a = one(incident({ occurredOn: '2026-01-01', reportedOn: '2026-03-01' }), '2026-10-01');
    expect(a.qualificationReason).toBe('reported 59 days after it happened: a qualifying complaint must be made within one month '
      + '(by 31 January 2026); the application was made 7 months after this complaint (reported 1 March 2026): '
      + 'it must be made within six months (by 31 August 2026)');
  });

  it('does not count a complaint made after the application', () => {
    const a = one(incident({ occurredOn: '2026-05-01', reportedOn: '2026-05-02' }), '2026-05-01');
    expect(a.qualifies).toBe(false);
    expect(a.qualificationReason).toBe(
      'reported on 2 May 2026, after the application (1 May 2026): only complaints made before the application count');
  });
});

describe('confirmation by the agency', () => {
  it('never counts an incident the agency has no record of', () => {
    const incidents = [...threeQualifying()];
    incidents[1] = { ...incidents[1], confirmation: 'NOT_FOUND', reportedToAgencyName: 'Maidstone Borough Council' };
    const r = assessThreshold(incidents, STATUTORY, '2026-05-01');
    expect(r.incidents[1]).toMatchObject({ qualifies: false, unconfirmed: false, duplicateOfId: null,
      qualificationReason: 'Maidstone Borough Council found no record of this incident' });
    expect(r.qualifyingIncidentCount).toBe(2);
    expect(r.wouldMeetThreshold).toBe(false);
  });

  it('counts a pending incident but flags it', () => {
    const incidents = threeQualifying();
    incidents[2] = { ...incidents[2], confirmation: 'PENDING' };
    const r = assessThreshold(incidents, STATUTORY, '2026-05-01');
    expect(r.incidents[2].qualifies).toBe(true);
    expect(r.incidents[2].unconfirmed).toBe(true);
    expect(r.incidents[2].qualificationReason).toMatch(/; not yet confirmed by Kent Police$/);
    expect(r.incidents[0].unconfirmed).toBe(false);
    expect(r.qualifyingIncidentCount).toBe(3);
    expect(r.wouldMeetThreshold).toBe(true);
    expect(r.summary).toBe('Would meet the threshold: 3 qualifying complaints (3 required; 1 not yet confirmed).');
  });
});

describe('one incident reported to several agencies', () => {
  const police = { reportedToAgencyId: 'police', reportedToAgencyName: 'Kent Police' };
  const council = { reportedToAgencyId: 'council', reportedToAgencyName: 'Maidstone Borough Council' };
  const housing = { reportedToAgencyId: 'housing', reportedToAgencyName: 'Golding Homes' };

  it('counts once across two agencies, through the earliest report', () => {
    const r = assessThreshold([
      incident({ id: 'c', ...council, reportedOn: '2026-03-03', location: '  church   STREET ' }),
      incident({ id: 'p', ...police, reportedOn: '2026-03-02' }),
      incident({ id: 'x', occurredOn: '2026-03-05', reportedOn: '2026-03-05' }),
    ], STATUTORY, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(2);
    expect(r.incidents.map((i) => i.id)).toEqual(['c', 'p', 'x']); // input order kept
    expect(r.incidents[0]).toMatchObject({ qualifies: false, duplicateOfId: 'p',
      qualificationReason: 'same incident as one reported to Kent Police: counted once' });
    expect(r.incidents[1]).toMatchObject({ qualifies: true, duplicateOfId: null });
  });

  it('prefers a qualifying report to an earlier one that does not qualify', () => {
    // Behaviour on 1 January: the police report is too old for an application on 15 July, the council's is not.
    const r = assessThreshold([
      incident({ id: 'old', ...police, occurredOn: '2026-01-01', reportedOn: '2026-01-01' }),
      incident({ id: 'later', ...council, occurredOn: '2026-01-01', reportedOn: '2026-01-31' }),
      incident({ id: 'notfound', ...housing, occurredOn: '2026-01-01', reportedOn: '2026-01-31', confirmation: 'NOT_FOUND' }),
    ], STATUTORY, '2026-07-15');
    expect(r.qualifyingIncidentCount).toBe(1);
    expect(r.incidents[0]).toMatchObject({ qualifies: false, duplicateOfId: 'later',
      qualificationReason: 'same incident as one reported to Maidstone Borough Council: counted once' });
    expect(r.incidents[1]).toMatchObject({ qualifies: true, duplicateOfId: null });
    expect(r.incidents[2]).toMatchObject({ qualifies: false, duplicateOfId: null,
      qualificationReason: 'Golding Homes found no record of this incident' });
  });

  it('links a group where no report qualifies, keeping each reason', () => {
    const r = assessThreshold([
      incident({ id: 'a', ...police, occurredOn: '2026-01-01', reportedOn: '2026-02-15' }),
      incident({ id: 'b', ...council, occurredOn: '2026-01-01', reportedOn: '2026-02-16' }),
    ], STATUTORY, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(0);
    expect(r.incidents[1].duplicateOfId).toBe('a');
    expect(r.incidents[1].qualificationReason).toMatch(/^reported 46 days after it happened: .*; same incident as one reported to Kent Police$/);
  });

  it('keeps two reports to the same agency as two incidents', () => {
    const r = assessThreshold([incident({ id: 'a' }), incident({ id: 'b', reportedOn: '2026-03-03' })], STATUTORY, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(2);
    expect(r.incidents.every((i) => i.duplicateOfId === null && i.qualifies)).toBe(true);
  });

  it('pairs one report per agency when the same agency had two', () => {
    const r = assessThreshold([
      incident({ id: 'p1', ...police }), incident({ id: 'p2', ...police, reportedOn: '2026-03-03' }),
      incident({ id: 'c1', ...council, reportedOn: '2026-03-04' }),
    ], STATUTORY, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(2);
    expect(r.incidents.map((i) => i.duplicateOfId)).toEqual([null, null, 'p1']);
  });

  it.each([
    ['reporter', { reportedBy: 'victim-2' }],
    ['category', { category: 'VANDALISM' as const }],
    ['location', { location: 'Church Lane' }],
    ['day', { occurredOn: '2026-03-02' }],
  ])('does not merge reports with a different %s', (_, difference) => {
    const r = assessThreshold([incident({ ...police }), incident({ ...council, ...difference })], STATUTORY, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(2);
  });

  it('lets a CSP officer link reports by hand, even to the same agency', () => {
    const r = assessThreshold([
      incident({ id: 'a', linkKey: 'same' }),
      incident({ id: 'b', linkKey: 'same', occurredOn: '2026-03-03', reportedOn: '2026-03-04', category: 'VANDALISM' }),
      incident({ id: 'c', occurredOn: '2026-03-10', reportedOn: '2026-03-10' }),
    ], STATUTORY, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(2);
    expect(r.incidents[1]).toMatchObject({ qualifies: false, duplicateOfId: 'a',
      qualificationReason: 'same incident as one reported to Kent Police: counted once' });
  });

  it('lets a CSP officer unlink reports the rules would merge', () => {
    const pair = [incident({ id: 'a', ...police }), incident({ id: 'b', ...council })];
    expect(assessThreshold(pair, STATUTORY, '2026-05-01').qualifyingIncidentCount).toBe(1);
    const unlinked = [{ ...pair[0], linkKey: 'a' }, { ...pair[1], linkKey: 'b' }];
    const r = assessThreshold(unlinked, STATUTORY, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(2);
    expect(r.incidents.map((i) => i.duplicateOfId)).toEqual([null, null]);
  });
});

describe('the number of qualifying complaints required', () => {
  const two = () => threeQualifying().slice(0, 2);

  it('accepts a lower local number', () => {
    const r = assessThreshold(two(), { ...STATUTORY, minimumQualifyingComplaints: 2 }, '2026-05-01');
    expect(r).toMatchObject({ qualifyingIncidentCount: 2, requiredQualifyingComplaints: 2, routesSatisfied: ['STATUTORY'], wouldMeetThreshold: true });
  });

  it('needs three by default', () => {
    const r = assessThreshold(two(), STATUTORY, '2026-05-01');
    expect(r).toMatchObject({ qualifyingIncidentCount: 2, requiredQualifyingComplaints: 3, routesSatisfied: [], wouldMeetThreshold: false });
    expect(r.summary).toBe('Would not meet the threshold: 2 of the 3 qualifying complaints required.');
  });

  it('never asks for more than three (s.104(4))', () => {
    const r = assessThreshold(threeQualifying(), { ...STATUTORY, minimumQualifyingComplaints: 4 }, '2026-05-01');
    expect(r).toMatchObject({ requiredQualifyingComplaints: 3, routesSatisfied: ['STATUTORY'], wouldMeetThreshold: true });
  });

  it('accepts a single complaint where the partnership asks for one', () => {
    const r = assessThreshold(two().slice(0, 1), { ...STATUTORY, minimumQualifyingComplaints: 1 }, '2026-05-01');
    expect(r.summary).toBe('Would meet the threshold: 1 qualifying complaint (1 required).');
  });

  it('refuses a policy that asks for fewer than one', () => {
    expect(() => assessThreshold(two(), { ...STATUTORY, minimumQualifyingComplaints: 0 }, '2026-05-01')).toThrow(Error);
    expect(() => assessThreshold(two(), { ...STATUTORY, minimumQualifyingComplaints: 1.5 }, '2026-05-01')).toThrow(Error);
    expect(() => assessThreshold(two(), { ...STATUTORY, communityRouteMinimumReporters: 0 }, '2026-05-01')).toThrow(Error);
  });
});

describe('the community route', () => {
  const ASHFORD: EnginePolicy = { ...STATUTORY, communityRouteMinimumReporters: 5 };
  // Reported late (more than a month after the behaviour), so none is a qualifying complaint.
  const reporters = (n: number, over: Partial<EngineIncident> = {}) => Array.from({ length: n }, (_, k) =>
    incident({ reportedBy: `neighbour-${k}`, occurredOn: '2026-01-01', reportedOn: '2026-03-01', ...over }));

  it('is met by five different people about one location in six months', () => {
    const r = assessThreshold(reporters(5), ASHFORD, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(0);
    expect(r.routesSatisfied).toEqual(['COMMUNITY']);
    expect(r.summary).toBe('Would meet the threshold: 0 of the 3 qualifying complaints required; '
      + 'community route: 5 different reporters about Church Street.');
  });

  it('is not met by four, nor by one person reporting five times', () => {
    const four = assessThreshold(reporters(4), ASHFORD, '2026-05-01');
    expect(four.routesSatisfied).toEqual([]);
    expect(four.summary).toBe('Would not meet the threshold: 0 of the 3 qualifying complaints required; '
      + 'community route: 4 different reporters about Church Street, 5 needed.');
    const same = reporters(5).map((i, k) => ({ ...i, reportedBy: k % 2 ? 'victim-1' : ' VICTIM-1' }));
    expect(assessThreshold(same, ASHFORD, '2026-05-01').routesSatisfied).toEqual([]);
  });

  it('compares locations ignoring case and spacing', () => {
    const r = assessThreshold(reporters(5).map((i, k) => ({ ...i, location: k % 2 ? 'CHURCH  street' : ' Church Street' })), ASHFORD, '2026-05-01');
    expect(r.routesSatisfied).toEqual(['COMMUNITY']);
  });

  it('does not count reports at other locations, outside six months, or not found', () => {
    const incidents = [
      ...reporters(4),
      incident({ reportedBy: 'other', location: 'Mill Lane', reportedOn: '2026-03-01' }),
      incident({ reportedBy: 'old', occurredOn: '2025-10-01', reportedOn: '2025-10-31' }), // 6 months end 30 April 2026
      incident({ reportedBy: 'nf', confirmation: 'NOT_FOUND' }),
      incident({ reportedBy: 'after', occurredOn: '2026-05-02', reportedOn: '2026-05-02' }),
    ];
    expect(assessThreshold(incidents, ASHFORD, '2026-05-01').routesSatisfied).toEqual([]);
    const inTime = [...incidents, incident({ reportedBy: 'in-time', occurredOn: '2025-11-02', reportedOn: '2025-11-02' })];
    expect(assessThreshold(inTime, ASHFORD, '2026-05-01').routesSatisfied).toEqual(['COMMUNITY']);
  });

  it('is off unless configured', () => {
    const r = assessThreshold(reporters(6), STATUTORY, '2026-05-01');
    expect(r.routesSatisfied).toEqual([]);
    expect(r.summary).not.toMatch(/community/);
  });

  it('is reported beside the statutory route when both are met', () => {
    const incidents = [...threeQualifying(), ...reporters(5)];
    expect(assessThreshold(incidents, ASHFORD, '2026-05-01').routesSatisfied).toEqual(['STATUTORY', 'COMMUNITY']);
  });
});

describe('the single hate incident route', () => {
  const HATE: EnginePolicy = { ...STATUTORY, singleHateIncidentRoute: true };

  it('is met by one qualifying hate incident', () => {
    const r = assessThreshold([incident({ hateMotivated: true })], HATE, '2026-05-01');
    expect(r.routesSatisfied).toEqual(['HATE_INCIDENT']);
    expect(r.wouldMeetThreshold).toBe(true);
    expect(r.summary).toBe('Would meet the threshold: 1 of the 3 qualifying complaints required; hate incident route: a qualifying hate incident.');
  });

  it('is off unless configured', () => {
    const r = assessThreshold([incident({ hateMotivated: true })], STATUTORY, '2026-05-01');
    expect(r.routesSatisfied).toEqual([]);
    expect(r.wouldMeetThreshold).toBe(false);
  });

  it('needs the hate incident to be a qualifying complaint', () => {
    const late = incident({ hateMotivated: true, occurredOn: '2026-01-01', reportedOn: '2026-03-01' });
    const notFound = incident({ hateMotivated: true, confirmation: 'NOT_FOUND' });
    const r = assessThreshold([late, notFound, incident()], HATE, '2026-05-01');
    expect(r.routesSatisfied).toEqual([]);
    expect(r.summary).toBe('Would not meet the threshold: 1 of the 3 qualifying complaints required; hate incident route: no qualifying hate incident.');
  });

  it('counts the hate motive recorded by any agency for the same incident', () => {
    const r = assessThreshold([
      incident({ reportedToAgencyId: 'police' }),
      incident({ reportedToAgencyId: 'council', reportedOn: '2026-03-20', hateMotivated: true }),
    ], HATE, '2026-05-01');
    expect(r.qualifyingIncidentCount).toBe(1);
    expect(r.routesSatisfied).toEqual(['HATE_INCIDENT']);
  });
});
