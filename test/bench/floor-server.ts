/**
 * The single-SQL floor for the case list (issue 7): a bare node:http handler that answers with ONE
 * hand-written query, json_agg building the same JSON as the GraphQL case list
 * (test/bench/operations.ts CASE_LIST, first: 50) for a CSP officer's partnerships. No GraphQL, no
 * ORM, no access rules beyond the partnership filter: what the database alone costs.
 *
 * The CSP officer is named by the `x-bench-user` header (an email), the page size by `x-bench-first`
 * (50 when absent); their partnerships are looked up
 * once and kept, as the floor does nothing per request but the one query.
 * Tells its parent the port with an IPC message { port }.
 */
import http from "node:http";
import { Pool } from "pg";

export const FLOOR_SQL = `
WITH page AS (
  SELECT c.id, c.reference, c.status, c.submitted_at, c.threshold_decision_due, c.outcome_letter_due, c.next_due
    FROM case_review c
   WHERE c.partnership_id = ANY($1::uuid[])
   ORDER BY c.submitted_at DESC, c.id DESC
   LIMIT $2 + 1
), shown AS (
  SELECT * FROM page ORDER BY submitted_at DESC, id DESC LIMIT $2
), last AS (
  SELECT * FROM shown ORDER BY submitted_at ASC, id ASC LIMIT 1
)
SELECT json_build_object('data', json_build_object('caseReviews', json_build_object(
  'edges', COALESCE((
    SELECT json_agg(json_build_object('node', json_build_object(
             'id', s.id,
             'reference', s.reference,
             'status', s.status,
             'submittedAt', to_char(s.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'deadlines', json_build_object(
               'thresholdDecisionDue', s.threshold_decision_due,
               'outcomeLetterDue', s.outcome_letter_due,
               'overdue', COALESCE(s.next_due < (now() AT TIME ZONE 'Europe/London')::date, false)),
             'incidents', COALESCE((
               SELECT json_agg(json_build_object('category', i.category, 'occurredOn', i.occurred_on, 'reportedOn', i.reported_on,
                                                 'reportedTo', json_build_object('name', a.name))
                               ORDER BY i.occurred_on, i.created_at)
                 FROM incident i JOIN agency a ON a.id = i.reported_to_agency_id
                WHERE i.case_review_id = s.id), '[]'::json),
             'involvedAgencies', COALESCE((
               SELECT json_agg(json_build_object('name', a.name) ORDER BY ca.added_at, ca.agency_id)
                 FROM case_agency ca JOIN agency a ON a.id = ca.agency_id
                WHERE ca.case_review_id = s.id), '[]'::json)))
           ORDER BY s.submitted_at DESC, s.id DESC)
      FROM shown s), '[]'::json),
  'pageInfo', json_build_object(
    'hasNextPage', (SELECT count(*) FROM page) > $2,
    'endCursor', (SELECT rtrim(translate(encode(convert_to(
                    to_char(l.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '|' || l.id, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')
                    FROM last l))
)))::text AS body`;

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: "asb-bench-floor" });
  const partnerships = new Map<string, string[]>();
  const partnershipsOf = async (email: string) => {
    let ids = partnerships.get(email);
    if (!ids) {
      const { rows } = await pool.query(
        `SELECT COALESCE(array_agg(ap.partnership_id), '{}') AS ids FROM staff_user u JOIN agency_partnership ap ON ap.agency_id = u.agency_id
          WHERE lower(u.email) = lower($1)`,
        [email],
      );
      ids = (rows[0]?.ids ?? []) as string[];
      partnerships.set(email, ids);
    }
    return ids;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", c => chunks.push(c));
    req.on("end", async () => {
      try {
        const ids = await partnershipsOf(String(req.headers["x-bench-user"] ?? ""));
        const first = Number(req.headers["x-bench-first"] ?? 50);
        const { rows } = await pool.query(FLOOR_SQL, [ids, first]);
        const body = rows[0].body as string;
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-sql-statements": "1" });
        res.end(body);
      } catch (err) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ errors: [{ message: String(err) }] }));
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  if (process.send) process.send({ port });
  else console.log(`port ${port}`);
  process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
}

if (require.main === module) {
  main().catch(err => {
    console.error("floor server could not start:", err);
    process.exit(1);
  });
}
