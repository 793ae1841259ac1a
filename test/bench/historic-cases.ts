import { addDays, type IsoDate } from "../../src/calendar/dates";

/**
 * A file of historic cases for `npm run import`, for measuring: N Maidstone cases received from
 * April 2022 onwards, seven in ten not meeting the threshold (with advice), the others reviewed
 * by a panel with two recommendations, letters and a closing.
 *
 *   node dist/test/bench/historic-cases.js 1000 > /tmp/historic-1000.json
 *   time npm run import -- /tmp/historic-1000.json --as csp.officer@maidstone.gov.uk
 */
export function historicCases(n: number, prefix = "BENCH") {
  const agencies = ["Kent Police", "Maidstone Borough Council", "Golding Homes"];
  return Array.from({ length: n }, (_, i) => {
    const receivedOn: IsoDate = addDays("2022-04-04", Math.floor((i * 900) / n));
    const decidedOn = addDays(receivedOn, 14);
    const met = i % 10 >= 7;
    const incidents = [40, 25, 10].slice(0, met ? 3 : 1 + (i % 2)).map((d, k) => ({
      category: ["VANDALISM", "VERBAL_ABUSE", "HARASSMENT_OR_INTIMIDATION"][k],
      occurredOn: addDays(receivedOn, -d),
      reportedOn: addDays(receivedOn, -d + 1),
      reportedTo: agencies[(i + k) % agencies.length],
      location: `${(i % 90) + 1} Tonbridge Road, Maidstone`,
      description: "Repeated noise and damage late at night",
    }));
    const base = {
      sourceReference: `${prefix}-${String(i + 1).padStart(5, "0")}`,
      receivedOn,
      applicant: { name: `Historic Applicant ${i + 1}`, address: `${(i % 90) + 1} Tonbridge Road, Maidstone`, postcode: "ME16 8RP" },
      incidents,
      letters: [{ kind: "ACKNOWLEDGEMENT", issuedOn: addDays(receivedOn, 2) }],
    };
    if (!met) {
      return {
        ...base,
        thresholdDecision: { decidedOn, met: false, reason: "Fewer qualifying complaints than the threshold", actionToBeTaken: "Advice on reporting; mediation offered" },
        letters: [...base.letters, { kind: "THRESHOLD_NOT_MET", issuedOn: decidedOn }],
        closedOn: addDays(decidedOn, 40),
        closeReason: "No secondary review was asked for",
      };
    }
    const heldOn = addDays(decidedOn, 20);
    return {
      ...base,
      thresholdDecision: { decidedOn, met: true, reason: "Three qualifying complaints" },
      panel: { heldOn, findings: "Reports were not linked between the agencies" },
      recommendations: [
        { addressee: "Kent Police", text: "Link repeat reports", dueBy: addDays(heldOn, 60), outcome: "COMPLETED", respondedOn: addDays(heldOn, 5), completedOn: addDays(heldOn, 50) },
        { addressee: "Golding Homes", text: "Fit a door camera", dueBy: addDays(heldOn, 60), outcome: "ACCEPTED", respondedOn: addDays(heldOn, 6) },
      ],
      letters: [...base.letters, { kind: "THRESHOLD_MET", issuedOn: decidedOn }, { kind: "OUTCOME", issuedOn: addDays(heldOn, 20) }],
      closedOn: addDays(heldOn, 80),
      closeReason: "Outcome letter sent; no secondary review was asked for",
    };
  });
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 1000);
  process.stdout.write(JSON.stringify({ partnership: "KENT-MAIDSTONE", cases: historicCases(n) }));
}
