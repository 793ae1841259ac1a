/**
 * A set-based, deterministic generator of realistic data for the benchmark and the SQL-count tests.
 *
 * Every table is filled by one `INSERT ... SELECT generate_series(...)` (no row-by-row round trips), so
 * the full volume (20,000 cases, 120,000 incidents...) loads in seconds. Ids are md5-derived UUIDs of
 * a tag and a row number, and every "random" choice is a multiplicative hash of the row number: the
 * same options always give the same data.
 *
 * It runs on a migrated database, beside whatever is there already (the tests' Kent reference data):
 * its partnerships, agencies and users have codes, names and emails of their own (`<tag>`).
 */
import { hashAccessCode } from "../../src/modules/case-reviews/applicant-access";

export interface Volume {
  partnerships: number;
  agencies: number;
  staff: number;
  cases: number;
  incidents: number;
  contributions: number;
  recommendations: number;
}

/** The issue's volume. */
export const FULL_VOLUME: Volume = {
  partnerships: 12,
  agencies: 60,
  staff: 1000,
  cases: 20000,
  incidents: 120000,
  contributions: 40000,
  recommendations: 30000,
};

/** A small volume in the same proportions, for tests. */
export function smallVolume(cases: number, partnerships = 2): Volume {
  return {
    partnerships,
    agencies: partnerships + 6,
    staff: Math.max(40, partnerships * 2 + 30),
    cases,
    incidents: cases * 6,
    contributions: cases * 2,
    recommendations: Math.round(cases * 1.5),
  };
}

/** Anything that runs SQL on ONE session (a pg Client, a TypeORM QueryRunner): temp tables are used. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface GenerateOptions extends Partial<Volume> {
  /** Distinguishes the generated rows (emails, codes, ids) from anything else in the database. */
  tag?: string;
  /** Progress messages. */
  log?: (message: string) => void;
}

export interface Generated {
  tag: string;
  volume: Volume;
  ms: number;
  counts: Record<string, number>;
  /** Email of the CSP officer / panel chair of partnership n (1-based). */
  cspEmail(n: number): string;
  chairEmail(n: number): string;
  reviewerEmail: string;
  analystEmail: string;
}

/** The access code of every generated case (its hash is stored), for applicationStatus. */
export const BENCH_ACCESS_CODE = "BENCH-ACCESS-CODE-0000";

const rowsOf = (r: unknown): any[] => (Array.isArray(r) ? r : ((r as { rows?: any[] } | undefined)?.rows ?? []));

// Case statuses in order, with the share of cases (per cent) in each.
const STATUSES: Array<[string, number]> = [
  ["SUBMITTED", 8],
  ["AWAITING_AGENCY_CHECKS", 12],
  ["THRESHOLD_NOT_MET", 15],
  ["THRESHOLD_MET", 7],
  ["PANEL_SCHEDULED", 8],
  ["PANEL_HELD", 10],
  ["OUTCOME_SENT", 20],
  ["SECONDARY_REVIEW_REQUESTED", 5],
  ["CLOSED", 15],
];

export async function generate(db: Queryable, options: GenerateOptions = {}): Promise<Generated> {
  const t0 = Date.now();
  const tag = (options.tag ?? "bench").toLowerCase().replace(/[^a-z0-9]/g, "");
  const v: Volume = { ...FULL_VOLUME, ...stripUndefined(options) };
  const log = options.log ?? (() => {});
  const P = v.partnerships;
  if (P < 1 || v.agencies < P + 4 || v.staff < 2 * P + 2 + 1 || v.cases < 1) {
    throw new Error(`volume too small: need agencies >= partnerships + 4 and staff >= 2 * partnerships + 3 (${JSON.stringify(v)})`);
  }
  const q = async (sql: string, params?: unknown[]) => rowsOf(await db.query(sql, params));
  const step = async (what: string, sql: string, params?: unknown[]) => {
    const t = Date.now();
    await q(sql, params);
    log(`  ${what} (${Date.now() - t} ms)`);
  };

  // id(kind, n): a deterministic uuid; mix(n, salt, m): a deterministic pseudo-random 0..m-1
  const id = (kind: string, n: string) => `md5('${tag}:${kind}:' || (${n}))::uuid`;
  const mix = (n: string, salt: number, m: number) => `((((${n})::bigint * 2654435761 + ${salt * 40503}) % 1000003) % ${m})::int`;

  const statusCase = (() => {
    let acc = 0;
    const parts = STATUSES.map(([s, pct], rank) => {
      acc += pct;
      return `WHEN ${mix("c", 1, 100)} < ${acc} THEN ${rank}`;
    });
    return `CASE ${parts.join(" ")} END`;
  })();
  const statusName = `(ARRAY[${STATUSES.map(([s]) => `'${s}'`).join(",")}])[rank + 1]::case_review_status`;

  await q(`BEGIN`);
  try {
    await load();
    await q(`COMMIT`);
  } catch (err) {
    await q(`ROLLBACK`).catch(() => {});
    throw err;
  }
  await step("analyze", `ANALYZE`);

  const counts: Record<string, number> = {};
  const tables = ["case_review", "applicant", "representative", "incident", "case_agency", "information_request", "threshold_decision",
    "agency_contribution", "panel_meeting", "recommendation", "letter", "secondary_review", "case_event", "staff_user", "agency"];
  const [row] = await q(`SELECT ${tables.map(t => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(", ")}`);
  Object.assign(counts, row);
  const two = (n: number) => String(n).padStart(2, "0");
  return {
    tag,
    volume: v,
    ms: Date.now() - t0,
    counts,
    cspEmail: n => `csp.p${two(n)}@${tag}.example`,
    chairEmail: n => `chair.p${two(n)}@${tag}.example`,
    reviewerEmail: `reviewer@${tag}.example`,
    analystEmail: `analyst@${tag}.example`,
  };

  async function load() {
    await q(`SET LOCAL synchronous_commit = off`);
    const [{ base }] = await q(`SELECT nextval('case_reference_seq') AS base`);
    const refBase = Number(base);

    // ---- Reference data --------------------------------------------------------------------------
    await step(
      "partnerships",
      `INSERT INTO partnership (id, code, name, policy_minimum_qualifying_complaints, policy_community_route_minimum_reporters, policy_single_hate_incident_route)
       SELECT ${id("p", "p")}, upper('${tag}') || '-P' || lpad(p::text, 2, '0'), initcap('${tag}') || ' Community Safety Partnership ' || p,
              CASE WHEN p % 4 = 0 THEN 2 ELSE 3 END, CASE WHEN p % 5 = 0 THEN 5 END, p % 3 = 0
         FROM generate_series(1, ${P}) p`,
    );
    // Agency layout: 1 police, 2 health, 3 the PCC's office (serve all); councils 4..P+3 (one each); the rest housing providers (2 or 3 each).
    await step(
      "agencies",
      `INSERT INTO agency (id, name, kind)
       SELECT ${id("a", "a")},
              CASE WHEN a = 1 THEN initcap('${tag}') || ' Constabulary'
                   WHEN a = 2 THEN initcap('${tag}') || ' Integrated Care Board'
                   WHEN a = 3 THEN 'Office of the ' || initcap('${tag}') || ' Police and Crime Commissioner'
                   WHEN a <= ${P + 3} THEN initcap('${tag}') || ' District Council ' || (a - 3)
                   ELSE initcap('${tag}') || ' Housing Association ' || (a - ${P + 3}) END,
              (CASE WHEN a = 1 THEN 'POLICE' WHEN a = 2 THEN 'HEALTH' WHEN a = 3 THEN 'OTHER' WHEN a <= ${P + 3} THEN 'COUNCIL' ELSE 'HOUSING_PROVIDER' END)::agency_kind
         FROM generate_series(1, ${v.agencies}) a`,
    );
    await step(
      "agency partnerships",
      `INSERT INTO agency_partnership (agency_id, partnership_id)
       SELECT DISTINCT ${id("a", "a")}, ${id("p", "p")} FROM (
         SELECT a, p FROM generate_series(1, 3) a, generate_series(1, ${P}) p
         UNION ALL SELECT a, a - 3 FROM generate_series(4, ${P + 3}) a
         UNION ALL SELECT a, 1 + (a - ${P + 4} + k) % ${P} FROM generate_series(${P + 4}, ${v.agencies}) a, generate_series(0, 2) k
          WHERE k < 2 OR a % 2 = 0
       ) s`,
    );
    // Staff: a CSP officer and a chair per partnership (at its council), a reviewer and an analyst, then agency officers:
    // 20% police, 5% health, 30% councils, 45% housing providers.
    const officerAgency = `CASE WHEN ${mix("u", 2, 20)} < 4 THEN 1 WHEN ${mix("u", 2, 20)} = 4 THEN 2
                                WHEN ${mix("u", 2, 20)} < 11 THEN 4 + ${mix("u", 3, P)}
                                ELSE ${P + 4} + ${mix("u", 4, Math.max(1, v.agencies - P - 3))} END`;
    await step(
      "staff",
      `INSERT INTO staff_user (id, name, email, agency_id, roles)
       SELECT ${id("u", "u")}, name, email, ${id("a", "agency")}, roles::role[] FROM (
         SELECT u, 'CSP Officer ' || u AS name, 'csp.p' || lpad(u::text, 2, '0') || '@${tag}.example' AS email, 3 + u AS agency, '{CSP_OFFICER}' AS roles
           FROM generate_series(1, ${P}) u
         UNION ALL
         SELECT u, 'Panel Chair ' || (u - ${P}), 'chair.p' || lpad((u - ${P})::text, 2, '0') || '@${tag}.example', 3 + u - ${P}, '{PANEL_CHAIR}'
           FROM generate_series(${P + 1}, ${2 * P}) u
         UNION ALL SELECT ${2 * P + 1}, 'Independent Reviewer', 'reviewer@${tag}.example', 3, '{INDEPENDENT_REVIEWER}'
         UNION ALL SELECT ${2 * P + 2}, 'Analyst', 'analyst@${tag}.example', 3, '{ANALYST}'
         UNION ALL
         SELECT u, 'Officer ' || u, 'officer' || lpad(u::text, 4, '0') || '@${tag}.example', ${officerAgency}, '{AGENCY_OFFICER}'
           FROM generate_series(${2 * P + 3}, ${v.staff}) u
       ) s`,
    );
    await step(
      "lookups",
      `CREATE TEMP TABLE g_serving ON COMMIT DROP AS
         SELECT p.n AS p, a.kind, a.id AS agency_id,
                row_number() OVER (PARTITION BY p.n, a.kind ORDER BY a.id) AS rn,
                count(*) OVER (PARTITION BY p.n, a.kind) AS cnt
           FROM generate_series(1, ${P}) p(n)
           JOIN agency_partnership ap ON ap.partnership_id = ${id("p", "p.n")}
           JOIN agency a ON a.id = ap.agency_id;
       CREATE TEMP TABLE g_officer ON COMMIT DROP AS
         SELECT agency_id, id, row_number() OVER (PARTITION BY agency_id ORDER BY id) AS rn, count(*) OVER (PARTITION BY agency_id) AS cnt
           FROM staff_user WHERE email LIKE '%@${tag}.example' AND 'AGENCY_OFFICER' = ANY(roles);
       CREATE INDEX ON g_serving (p, kind, rn);
       CREATE INDEX ON g_officer (agency_id, rn)`,
    );

    // ---- Cases -------------------------------------------------------------------------------------
    // Case 1 is the newest; cases are spread over two years before today.
    await step(
      "case plan",
      `CREATE TEMP TABLE g_case ON COMMIT DROP AS
         SELECT c, ${id("c", "c")} AS id, 1 + (c - 1) % ${P} AS p, ${id("p", "1 + (c - 1) % " + P)} AS pid, rank,
                date_trunc('day', now()) - make_interval(mins => ((c - 1)::bigint * 1051200 / ${v.cases})::int) + interval '9 hours' AS submitted_at
           FROM (SELECT c, ${statusCase} AS rank FROM generate_series(1, ${v.cases}) c) s;
       ALTER TABLE g_case ADD PRIMARY KEY (c);
       CREATE INDEX ON g_case (id)`,
    );
    await step(
      "case reviews",
      `INSERT INTO case_review (id, reference, partnership_id, status, submitted_at, received_on, access_code_hash, submitted_by_id,
                                acknowledgement_due, threshold_decision_due, panel_due, outcome_letter_due, secondary_review_request_due, next_due, closed_at, close_reason)
       SELECT id, 'ASB-' || to_char(submitted_at, 'YYYY') || '-' || lpad((${refBase} + c)::text, 6, '0'), pid, ${statusName}, submitted_at, d,
              $1, CASE WHEN c % 3 = 0 THEN ${id("u", "p")} END,
              d + 7, d + 21, CASE WHEN rank >= 3 THEN d + 49 END, CASE WHEN rank >= 5 THEN d + 84 END, CASE WHEN rank >= 6 THEN d + 112 END,
              CASE rank WHEN 0 THEN d + 21 WHEN 1 THEN d + 21 WHEN 3 THEN d + 49 WHEN 4 THEN d + 49 WHEN 5 THEN d + 84 END, -- as nextDueFor()
              CASE WHEN rank = 8 THEN submitted_at + interval '120 days' END, CASE WHEN rank = 8 THEN 'Recommendations completed' END
         FROM (SELECT *, submitted_at::date AS d FROM g_case) g`,
      [hashAccessCode(BENCH_ACCESS_CODE)],
    );
    await q(`SELECT setval('case_reference_seq', $1)`, [refBase + v.cases + 1]);
    await step(
      "applicants",
      `INSERT INTO applicant (id, case_review_id, position, kind, name, email, phone, address, postcode, date_of_birth, vulnerabilities, preferred_contact)
       SELECT ${id("ap", "c")}, id, 0, (CASE WHEN c % 25 = 0 THEN 'BUSINESS' ELSE 'INDIVIDUAL' END)::applicant_kind,
              (ARRAY['Alex','Sam','Jordan','Priya','Tomasz','Grace','Mohammed','Ellen'])[1 + c % 8] || ' ' ||
              (ARRAY['Smith','Jones','Patel','Nowak','Okafor','Brown','Khan','Taylor'])[1 + (c / 8) % 8],
              'applicant' || c || '@mail.example', '07700 ' || lpad((c % 1000000)::text, 6, '0'),
              (c % 200 + 1) || ' Station Road, ' || initcap('${tag}') || ' ' || p, 'ME' || (1 + c % 20) || ' ' || (1 + c % 9) || 'AB',
              (date '1950-01-01' + (c * 37 % 20000)), CASE WHEN c % 4 = 0 THEN 'Lives alone; anxiety made worse by the behaviour' END,
              (ARRAY['EMAIL','PHONE','POST'])[1 + c % 3]::contact_preference
         FROM g_case`,
    );
    await step(
      "representatives",
      `INSERT INTO representative (id, case_review_id, name, relationship, organisation, email, phone, consent_obtained, consent_recorded_at)
       SELECT ${id("rep", "c")}, id, 'Representative ' || c, (ARRAY['FAMILY_MEMBER','CARER','COUNCILLOR','PROFESSIONAL'])[1 + c % 4]::relationship,
              CASE WHEN c % 4 = 3 THEN 'Citizens Advice' END, 'rep' || c || '@mail.example', '01622 ' || lpad((c % 1000000)::text, 6, '0'),
              true, submitted_at
         FROM g_case WHERE c % 10 = 0`,
    );

    // ---- Incidents and involvement -----------------------------------------------------------------
    // Reported to: police 50%, the council 20%, a housing provider of the partnership 20%, health 10%.
    await step(
      "incidents",
      `INSERT INTO incident (id, case_review_id, category, occurred_on, reported_on, reported_to_agency_id, reported_by_applicant_id,
                             location, hate_motivated, agency_reference, description, confirmation, confirmed_at, created_at)
       SELECT ${id("i", "i")}, g.id,
              (ARRAY['VANDALISM','HARASSMENT_OR_INTIMIDATION','THREATENING_BEHAVIOUR','VERBAL_ABUSE','ALCOHOL_IN_PUBLIC_SPACE','OTHER'])[1 + ${mix("i", 5, 6)}]::incident_category,
              g.submitted_at::date - (10 + ${mix("i", 6, 170)}), g.submitted_at::date - (10 + ${mix("i", 6, 170)}) + ${mix("i", 7, 3)},
              s.agency_id, ${id("ap", "g.c")},
              (1 + ${mix("i", 8, 60)}) || ' Station Road, outside the shops', ${mix("i", 9, 50)} = 0,
              CASE WHEN s.kind = 'POLICE' THEN 'CR/' || lpad(i::text, 7, '0') ELSE 'LOG-' || i END,
              'Group gathering outside the property late at night, shouting and kicking the door; the caller felt intimidated (' || i || ')',
              (CASE WHEN g.rank = 0 THEN 'PENDING' WHEN ${mix("i", 10, 20)} = 0 THEN 'NOT_FOUND' WHEN ${mix("i", 10, 20)} < 4 AND g.rank = 1 THEN 'PENDING' ELSE 'CONFIRMED' END)::incident_confirmation,
              CASE WHEN g.rank > 0 THEN g.submitted_at + interval '3 days' END, g.submitted_at + make_interval(secs => i % 60)
         FROM (SELECT i, 1 + (i - 1) % ${v.cases} AS c,
                      CASE WHEN ${mix("i", 11, 10)} < 5 THEN 'POLICE' WHEN ${mix("i", 11, 10)} < 7 THEN 'COUNCIL'
                           WHEN ${mix("i", 11, 10)} < 9 THEN 'HOUSING_PROVIDER' ELSE 'HEALTH' END AS want
                 FROM generate_series(1, ${v.incidents}) i) n
         JOIN g_case g ON g.c = n.c
         JOIN LATERAL (
           SELECT kind, agency_id FROM g_serving s
            WHERE s.p = g.p AND s.kind = COALESCE((SELECT n.want::agency_kind WHERE EXISTS (SELECT 1 FROM g_serving x WHERE x.p = g.p AND x.kind = n.want::agency_kind)), 'POLICE')
              AND s.rn = 1 + ${mix("i", 12, 1000)} % s.cnt
         ) s ON true`,
    );
    await step(
      "case agencies (incidents)",
      `INSERT INTO case_agency (case_review_id, agency_id, first_reason, added_at)
       SELECT i.case_review_id, i.reported_to_agency_id, 'INCIDENT_REPORTED', min(g.submitted_at)
         FROM incident i JOIN g_case g ON g.id = i.case_review_id GROUP BY 1, 2`,
    );

    // ---- Checks, threshold, information requests ------------------------------------------------------
    await step(
      "information requests",
      `INSERT INTO information_request (id, case_review_id, agency_id, question, requested_at, requested_by_id, due_by, answer, answered_by_id, answered_at)
       SELECT ${id("ir", "g.c || ':' || k")}, g.id, a.agency_id,
              'Please send what your records hold about the reported incidents and any action taken.',
              g.submitted_at + interval '2 days', ${id("u", "g.p")}, (g.submitted_at + interval '16 days')::date,
              CASE WHEN g.rank >= 2 THEN 'Records checked: incidents confirmed, warning letters sent.' END,
              CASE WHEN g.rank >= 2 THEN o.id END, CASE WHEN g.rank >= 2 THEN g.submitted_at + interval '9 days' END
         FROM g_case g CROSS JOIN generate_series(1, 2) k
         JOIN LATERAL (SELECT agency_id FROM g_serving s WHERE s.p = g.p AND s.kind = (CASE k WHEN 1 THEN 'POLICE' ELSE 'COUNCIL' END)::agency_kind AND s.rn = 1) a ON true
         LEFT JOIN g_officer o ON o.agency_id = a.agency_id AND o.rn = 1 + g.c % o.cnt
        WHERE g.rank >= 1`,
    );
    await step(
      "case agencies (requests)",
      `INSERT INTO case_agency (case_review_id, agency_id, first_reason, added_at)
       SELECT DISTINCT case_review_id, agency_id, 'INFORMATION_REQUESTED'::involvement_reason, now() FROM information_request ir
        WHERE ir.case_review_id IN (SELECT id FROM g_case)
       ON CONFLICT DO NOTHING`,
    );
    await step(
      "threshold decisions",
      `INSERT INTO threshold_decision (case_review_id, met, route, qualifying_incident_count, engine_would_meet, decided_at, decided_on, decided_by_id, reason, action_to_be_taken)
       SELECT id, rank >= 3, CASE WHEN rank >= 3 THEN 'STATUTORY'::threshold_route END, CASE WHEN rank >= 3 THEN 3 ELSE 1 END, rank >= 3,
              submitted_at + interval '14 days', (submitted_at + interval '14 days')::date, ${id("u", "p")},
              CASE WHEN rank >= 3 THEN 'Three qualifying complaints in six months' ELSE 'One qualifying complaint in six months' END,
              CASE WHEN rank < 3 THEN 'Joint visit by police and housing; mediation offered' END
         FROM g_case WHERE rank >= 2`,
    );

    // ---- Contributions (from involved agencies of cases past the threshold) ---------------------------
    await step(
      "involvement lookup",
      `CREATE TEMP TABLE g_inv ON COMMIT DROP AS
         SELECT ca.case_review_id, ca.agency_id, row_number() OVER (PARTITION BY ca.case_review_id ORDER BY ca.agency_id) AS rn,
                count(*) OVER (PARTITION BY ca.case_review_id) AS cnt
           FROM case_agency ca JOIN g_case g ON g.id = ca.case_review_id;
       CREATE INDEX ON g_inv (case_review_id, rn);
       CREATE TEMP TABLE g_met ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY c) AS n, * FROM g_case WHERE rank >= 3;
       CREATE TEMP TABLE g_held ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY c) AS n, * FROM g_case WHERE rank >= 5;
       CREATE INDEX ON g_met (n); CREATE INDEX ON g_held (n)`,
    );
    const [{ met, held }] = await q(`SELECT (SELECT count(*) FROM g_met)::int AS met, (SELECT count(*) FROM g_held)::int AS held`);
    if (met > 0) {
      await step(
        "contributions",
        `INSERT INTO agency_contribution (id, case_review_id, agency_id, case_summary, actions_taken, classification, submitted_by_id, submitted_at)
         SELECT ${id("co", "k")}, g.id, inv.agency_id,
                'Known to us since last year: ' || (3 + k % 9) || ' reports, two visits, one warning letter to the household at number ' || (k % 90),
                'Warning letters, a joint visit and an acceptable behaviour contract offered (' || k || ')',
                (CASE WHEN k % 5 = 0 THEN 'OFFICIAL_SENSITIVE' ELSE 'OFFICIAL' END)::classification,
                COALESCE(o.id, ${id("u", "g.p")}), g.submitted_at + interval '20 days' + make_interval(mins => k % 600)
           FROM generate_series(1, ${v.contributions}) k
           JOIN g_met g ON g.n = 1 + (k - 1) % ${met}
           JOIN g_inv inv ON inv.case_review_id = g.id AND inv.rn = 1 + ((k - 1) / ${met}) % inv.cnt
           LEFT JOIN g_officer o ON o.agency_id = inv.agency_id AND o.rn = 1 + k % o.cnt`,
      );
      await step(
        "panels",
        `INSERT INTO panel_meeting (id, case_review_id, scheduled_for, chair_id, member_ids, due_by, held_at, held_on, findings, scheduled_by_id)
         SELECT ${id("pm", "g.c")}, g.id, g.submitted_at + interval '40 days', ${id("u", P + " + g.p")},
                ARRAY(SELECT o.id FROM g_inv inv JOIN g_officer o ON o.agency_id = inv.agency_id AND o.rn = 1 + g.c % o.cnt
                       WHERE inv.case_review_id = g.id ORDER BY inv.rn LIMIT 3),
                (g.submitted_at + interval '49 days')::date,
                CASE WHEN g.rank >= 5 THEN g.submitted_at + interval '40 days' END, CASE WHEN g.rank >= 5 THEN (g.submitted_at + interval '40 days')::date END,
                CASE WHEN g.rank >= 5 THEN 'The agencies acted on each report but did not share information; no joint plan was agreed.' END,
                ${id("u", "g.p")}
           FROM g_met g WHERE g.rank >= 4`,
      );
    }
    if (held > 0) {
      // Recommendations: to involved agencies of cases whose panel was held; some still ISSUED (none in closed cases).
      await step(
        "recommendations",
        `INSERT INTO recommendation (id, case_review_id, panel_id, assigned_agency_id, text, due_by, status, acknowledged_by_id, acknowledged_at,
                                     accepted, response, responded_by_id, responded_at, completed_by_id, completed_at, created_at)
         SELECT ${id("r", "k")}, g.id, ${id("pm", "g.c")}, inv.agency_id,
                'Agree a joint action plan with named leads and review it every four weeks (' || k || ')',
                (g.submitted_at + interval '100 days')::date, st::recommendation_status,
                CASE WHEN st <> 'ISSUED' THEN o.id END, CASE WHEN st <> 'ISSUED' THEN g.submitted_at + interval '45 days' END,
                CASE WHEN st IN ('ACCEPTED','COMPLETED') THEN true WHEN st = 'DECLINED' THEN false END,
                CASE WHEN st IN ('ACCEPTED','COMPLETED','DECLINED') THEN 'Agreed at the partnership meeting' END,
                CASE WHEN st IN ('ACCEPTED','COMPLETED','DECLINED') THEN o.id END,
                CASE WHEN st IN ('ACCEPTED','COMPLETED','DECLINED') THEN g.submitted_at + interval '50 days' END,
                CASE WHEN st = 'COMPLETED' THEN o.id END, CASE WHEN st = 'COMPLETED' THEN g.submitted_at + interval '90 days' END,
                g.submitted_at + interval '40 days' + make_interval(secs => k % 3600)
           FROM (SELECT k, g.*, CASE WHEN g.rank = 5 OR (g.rank < 8 AND ${mix("k", 13, 10)} < 3) THEN 'ISSUED' WHEN ${mix("k", 13, 10)} < 3 THEN 'COMPLETED' WHEN ${mix("k", 13, 10)} < 5 THEN 'ACKNOWLEDGED'
                                     WHEN ${mix("k", 13, 10)} < 7 THEN 'ACCEPTED' WHEN ${mix("k", 13, 10)} < 9 THEN 'COMPLETED' ELSE 'DECLINED' END AS st
                   FROM generate_series(1, ${v.recommendations}) k JOIN g_held g ON g.n = 1 + (k - 1) % ${held}) g
           JOIN g_inv inv ON inv.case_review_id = g.id AND inv.rn = 1 + ((g.k - 1) / ${held} + g.c) % inv.cnt
           LEFT JOIN g_officer o ON o.agency_id = inv.agency_id AND o.rn = 1 + g.k % o.cnt`,
      );
    }
    await step(
      "case agencies (contributions, recommendations)",
      `INSERT INTO case_agency (case_review_id, agency_id, first_reason, added_at)
       SELECT case_review_id, agency_id, 'CONTRIBUTED'::involvement_reason, now() FROM agency_contribution WHERE case_review_id IN (SELECT id FROM g_case)
       UNION
       SELECT case_review_id, assigned_agency_id, 'RECOMMENDATION_ASSIGNED'::involvement_reason, now() FROM recommendation
        WHERE case_review_id IN (SELECT id FROM g_case) AND assigned_agency_id IS NOT NULL
       ON CONFLICT DO NOTHING`,
    );

    // ---- Letters, secondary reviews, timeline --------------------------------------------------------
    await step(
      "letters",
      `INSERT INTO letter (id, case_review_id, kind, due_by, issued_at, issued_on, issued_by_id, body)
       SELECT ${id("l", "g.c || ':' || l.kind")}, g.id, l.kind::letter_kind, (g.submitted_at + l.after)::date - 1, g.submitted_at + l.after,
              (g.submitted_at + l.after)::date, ${id("u", "g.p")},
              'Dear applicant, ' || l.text || ' Your reference is shown above. Yours sincerely, the Community Safety Partnership.'
         FROM g_case g JOIN (VALUES
           ('ACKNOWLEDGEMENT', interval '3 days', 1, 'we have received your application for an ASB case review.'),
           ('THRESHOLD_NOT_MET', interval '15 days', 2, 'the threshold for a case review was not met; this is what we will do instead.'),
           ('THRESHOLD_MET', interval '15 days', 3, 'the threshold for a case review was met; a panel will review your case.'),
           ('OUTCOME', interval '60 days', 6, 'the panel has reviewed your case and made recommendations to the agencies.')
         ) l(kind, after, min_rank, text) ON g.rank >= l.min_rank AND (l.kind <> 'THRESHOLD_NOT_MET' OR g.rank = 2) AND (l.kind <> 'OUTCOME' OR g.rank <> 8 OR g.c % 2 = 0)`,
    );
    await step(
      "secondary reviews",
      `INSERT INTO secondary_review (id, case_review_id, requested_at, requested_on, requested_by_applicant, reason, reviewer_id)
       SELECT ${id("sr", "c")}, id, submitted_at + interval '70 days', (submitted_at + interval '70 days')::date, true,
              'The applicant believes the panel did not consider all of the incidents.', ${id("u", String(2 * P + 1))}
         FROM g_case WHERE rank = 7`,
    );
    await step(
      "timeline",
      `INSERT INTO case_event (case_review_id, at, actor_id, actor, kind, summary)
       SELECT g.id, g.submitted_at + e.after, CASE WHEN e.n > 0 THEN ${id("u", "g.p")} END,
              CASE WHEN e.n > 0 THEN 'CSP Officer ' || g.p ELSE 'the applicant' END, e.kind, e.summary
         FROM g_case g JOIN (VALUES
           (0, interval '0', 'SUBMITTED', 'Application received'),
           (1, interval '2 days', 'INFORMATION_REQUESTED', 'Information requested from the police and the council'),
           (2, interval '14 days', 'THRESHOLD_DECIDED', 'Threshold decision recorded'),
           (4, interval '20 days', 'PANEL_SCHEDULED', 'Panel scheduled'),
           (5, interval '40 days', 'PANEL_HELD', 'Panel held; recommendations issued'),
           (6, interval '60 days', 'OUTCOME_SENT', 'Outcome letter sent'),
           (7, interval '70 days', 'SECONDARY_REVIEW_REQUESTED', 'Secondary review requested by the applicant'),
           (8, interval '120 days', 'CLOSED', 'Case closed')
         ) e(n, after, kind, summary) ON g.rank >= e.n AND (e.n < 3 OR g.rank >= 3) AND (e.n <> 7 OR g.rank = 7)`,
    );
  }
}

function stripUndefined(o: object): Partial<Volume> {
  const out: Record<string, number> = {};
  const from = o as Record<string, unknown>;
  for (const k of Object.keys(FULL_VOLUME)) if (typeof from[k] === "number") out[k] = from[k] as number;
  return out as Partial<Volume>;
}
