import type { DataSource, EntityManager } from "typeorm";
import { Agency, AgencyKind, AgencyPartnership } from "../modules/agencies/agency.entity";
import { Partnership } from "../modules/partnerships/partnership.entity";
import { Role, StaffUser } from "../modules/staff/staff-user.entity";
import { loadDemoHistory } from "./demo-history";
import { loadDemoJourneys } from "./demo-journeys";

/** Kent-like reference data: three district partnerships and the bodies that serve them. */
export const DEMO_PARTNERSHIPS = [
  {
    code: "KENT-MAIDSTONE",
    name: "Maidstone Community Safety Partnership",
    policy: {},
    areas: ["Maidstone", "Headcorn", "Marden", "Staplehurst", "Lenham", "Harrietsham"],
    contactEmail: "communitysafety@maidstone.gov.uk",
    contactPhone: "01622 602000",
    contactAddress: "Community Safety Unit\nMaidstone House\nKing Street\nMaidstone\nME15 6JQ",
  },
  // Ashford runs a community route: five reports by different people about one place in six months.
  {
    code: "KENT-ASHFORD",
    name: "Ashford Community Safety Partnership",
    policy: { communityRouteMinimumReporters: 5 },
    areas: ["Ashford", "Tenterden", "Charing", "Wye", "Hamstreet"],
    contactEmail: "community.safety@ashford.gov.uk",
    contactPhone: "01233 331111",
    contactAddress: "Community Safety Team\nCivic Centre\nTannery Lane\nAshford\nTN23 1PL",
  },
  {
    code: "KENT-TONBRIDGE-MALLING",
    name: "Tonbridge and Malling Community Safety Partnership",
    policy: { singleHateIncidentRoute: true },
    areas: ["Tonbridge", "West Malling", "Snodland", "Aylesford", "Kings Hill", "Borough Green"],
    contactEmail: "community.safety@tmbc.gov.uk",
    contactPhone: "01732 844522",
    contactAddress: "Community Safety Partnership\nGibson Building\nGibson Drive\nKings Hill\nWest Malling\nME19 4LZ",
  },
] as const;

const ALL = DEMO_PARTNERSHIPS.map(p => p.code);

export const DEMO_AGENCIES: Array<{ name: string; kind: AgencyKind; serves: readonly string[] }> = [
  { name: "Kent Police", kind: AgencyKind.POLICE, serves: ALL },
  { name: "Office of the Kent Police and Crime Commissioner", kind: AgencyKind.OTHER, serves: ALL },
  { name: "Maidstone Borough Council", kind: AgencyKind.COUNCIL, serves: ["KENT-MAIDSTONE"] },
  { name: "Ashford Borough Council", kind: AgencyKind.COUNCIL, serves: ["KENT-ASHFORD"] },
  { name: "Tonbridge and Malling Borough Council", kind: AgencyKind.COUNCIL, serves: ["KENT-TONBRIDGE-MALLING"] },
  { name: "Golding Homes", kind: AgencyKind.HOUSING_PROVIDER, serves: ["KENT-MAIDSTONE", "KENT-TONBRIDGE-MALLING"] },
  { name: "Clarion Housing", kind: AgencyKind.HOUSING_PROVIDER, serves: ["KENT-ASHFORD", "KENT-MAIDSTONE"] },
  { name: "NHS Kent and Medway Integrated Care Board", kind: AgencyKind.HEALTH, serves: ALL },
  { name: "Kent Fire and Rescue Service", kind: AgencyKind.FIRE_AND_RESCUE, serves: ALL },
];

/** One user for every role of ACCESS.md; `npm run token -- <email>` signs in as any of them. */
export const DEMO_USERS: Array<{ name: string; email: string; agency: string; roles: Role[]; what: string }> = [
  { name: "Priya Shah", email: "csp.officer@maidstone.gov.uk", agency: "Maidstone Borough Council", roles: [Role.CSP_OFFICER], what: "CSP officer, Maidstone" },
  { name: "Tom Okafor", email: "csp.officer@ashford.gov.uk", agency: "Ashford Borough Council", roles: [Role.CSP_OFFICER], what: "CSP officer, Ashford" },
  { name: "Helen Marsh", email: "csp.officer@tmbc.gov.uk", agency: "Tonbridge and Malling Borough Council", roles: [Role.CSP_OFFICER], what: "CSP officer, Tonbridge and Malling" },
  { name: "David Reid", email: "panel.chair@maidstone.gov.uk", agency: "Maidstone Borough Council", roles: [Role.PANEL_CHAIR], what: "panel chair, Maidstone" },
  { name: "PC Sam Clarke", email: "sam.clarke@kent.police.uk", agency: "Kent Police", roles: [Role.AGENCY_OFFICER], what: "police officer" },
  { name: "Aisha Khan", email: "asb.team@maidstone.gov.uk", agency: "Maidstone Borough Council", roles: [Role.AGENCY_OFFICER], what: "council ASB officer, Maidstone" },
  { name: "Mark Ellis", email: "asb.team@ashford.gov.uk", agency: "Ashford Borough Council", roles: [Role.AGENCY_OFFICER], what: "council ASB officer, Ashford" },
  { name: "Jo Turner", email: "neighbourhoods@goldinghomes.org.uk", agency: "Golding Homes", roles: [Role.AGENCY_OFFICER], what: "housing officer, Golding Homes" },
  { name: "Chris Bell", email: "asb@clarionhg.com", agency: "Clarion Housing", roles: [Role.AGENCY_OFFICER], what: "housing officer, Clarion" },
  { name: "Dr Ruth Adeyemi", email: "safeguarding@kentmedway.nhs.uk", agency: "NHS Kent and Medway Integrated Care Board", roles: [Role.AGENCY_OFFICER], what: "health officer, NHS ICB" },
  { name: "Grace Liu", email: "reviewer@kent-pcc.gov.uk", agency: "Office of the Kent Police and Crime Commissioner", roles: [Role.INDEPENDENT_REVIEWER], what: "independent reviewer (secondary reviews)" },
  { name: "Ben Harper", email: "analyst@kent-pcc.gov.uk", agency: "Office of the Kent Police and Crime Commissioner", roles: [Role.ANALYST], what: "PCC analyst (statistics only)" },
];

export async function hasReferenceData(ds: DataSource): Promise<boolean> {
  return (await ds.getRepository(Partnership).count()) > 0;
}

/** Inserts the reference data and users. Returns ids by code, name and email for callers. */
export async function loadReferenceData(tx: EntityManager) {
  const partnerships = new Map<string, Partnership>();
  for (const p of DEMO_PARTNERSHIPS) {
    const row = tx.getRepository(Partnership).create({
      code: p.code,
      name: p.name,
      policy: { ...p.policy } as Partnership["policy"],
      areas: [...p.areas],
      contactEmail: p.contactEmail,
      contactPhone: p.contactPhone,
      contactAddress: p.contactAddress,
    });
    partnerships.set(p.code, await tx.getRepository(Partnership).save(row));
  }
  const agencies = new Map<string, Agency>();
  for (const a of DEMO_AGENCIES) {
    const agency = await tx.getRepository(Agency).save(tx.getRepository(Agency).create({ name: a.name, kind: a.kind }));
    agencies.set(a.name, agency);
    for (const code of a.serves) {
      await tx.getRepository(AgencyPartnership).insert({ agencyId: agency.id, partnershipId: partnerships.get(code)!.id });
    }
  }
  const users = new Map<string, StaffUser>();
  for (const u of DEMO_USERS) {
    const row = tx.getRepository(StaffUser).create({ name: u.name, email: u.email, agencyId: agencies.get(u.agency)!.id, roles: u.roles });
    users.set(u.email, await tx.getRepository(StaffUser).save(row));
  }
  return { partnerships, agencies, users };
}

export type ReferenceData = Awaited<ReturnType<typeof loadReferenceData>>;

/** Loads the demo data into an empty database, in one transaction: reference data, users and case history. */
export async function loadDemoData(ds: DataSource): Promise<boolean> {
  if (await hasReferenceData(ds)) return false;
  await ds.transaction(async tx => {
    const ref = await loadReferenceData(tx);
    // Three and a half financial years of cases, so the yearly figures mean something (not in the tests' reference data).
    await loadDemoHistory(tx, ref);
  });
  // Cases standing at every step today, played through the API by the demo users (after the commit:
  // each step runs in a transaction of its own, as a request would).
  await loadDemoJourneys(ds);
  return true;
}
