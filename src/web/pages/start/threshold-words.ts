/** The threshold and the partnership's local routes, in plain words for the start page. */
export function thresholdInWords(policy: {
  minimumQualifyingComplaints: number;
  communityRouteMinimumReporters: number | null;
  singleHateIncidentRoute: boolean;
}): string[] {
  const n = policy.minimumQualifyingComplaints;
  const times = n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
  const words = [
    `you have complained about the anti-social behaviour ${times} or more in the last 6 months, each time within one month of it happening`,
  ];
  if (policy.communityRouteMinimumReporters) {
    words.push(`${policy.communityRouteMinimumReporters} or more different people have reported the same problem in the same place in the last 6 months`);
  }
  if (policy.singleHateIncidentRoute) {
    words.push("you have reported one incident that you believe was motivated by hate (for example because of race, religion, sexual orientation, disability or gender identity)");
  }
  return words;
}
