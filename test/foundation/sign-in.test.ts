import { SignJWT } from "jose";
import { VerifiedTokens } from "../../src/auth/token";
import { startHarness, TEST_SECRET, U, type Harness } from "../helpers/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const ME = `{ me { name email roles agency { name kind partnerships { code } } } }`;

describe("sign-in", () => {
  it("a valid token names the user; agency, roles and partnerships come from the database", async () => {
    const data = await h.ok(U.police, ME);
    expect(data.me).toEqual({
      name: "PC Sam Clarke",
      email: U.police,
      roles: ["AGENCY_OFFICER"],
      agency: {
        name: "Kent Police",
        kind: "POLICE",
        partnerships: expect.arrayContaining([{ code: "KENT-MAIDSTONE" }, { code: "KENT-ASHFORD" }, { code: "KENT-TONBRIDGE-MALLING" }]),
      },
    });
  });

  it("claims in the token about roles or agency are ignored", async () => {
    const forged = await new SignJWT({ roles: ["CSP_OFFICER"], agency: "Maidstone Borough Council" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(U.police)
      .setIssuer(h.config.tokenIssuer)
      .setAudience(h.config.tokenAudience)
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(TEST_SECRET));
    const res = await h.post({ query: ME }, { authorization: `Bearer ${forged}` });
    expect(res.json.data.me.roles).toEqual(["AGENCY_OFFICER"]);
    expect(res.json.data.me.agency.name).toBe("Kent Police");
  });

  it("an expired token is refused with UNAUTHENTICATED", async () => {
    const expired = await h.token(U.police, Math.floor(Date.now() / 1000) - 60);
    const res = await h.post({ query: ME }, { authorization: `Bearer ${expired}` });
    expect(res.status).toBe(401);
    expect(res.json.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(res.json.errors[0].message).toMatch(/expired/);
  });

  it("a token verified before is still refused once it expires, altered by one character, or for a deactivated user", async () => {
    const now = Math.floor(Date.now() / 1000);
    const short = await h.token(U.police, now + 2);
    expect((await h.post({ query: ME }, { authorization: `Bearer ${short}` })).status).toBe(200);
    expect((await h.post({ query: ME }, { authorization: `Bearer ${short}` })).status).toBe(200); // from the verified tokens
    await new Promise(r => setTimeout(r, (now + 2) * 1000 - Date.now() + 50));
    const late = await h.post({ query: ME }, { authorization: `Bearer ${short}` });
    expect([late.status, late.json.errors[0].message]).toEqual([401, expect.stringMatching(/expired/)]);

    const token = await h.token(U.housingClarion);
    expect((await h.post({ query: ME }, { authorization: `Bearer ${token}` })).status).toBe(200);
    const last = token.slice(-1);
    const altered = token.slice(0, -2) + (token.at(-2) === "A" ? "B" : "A") + last;
    expect((await h.post({ query: ME }, { authorization: `Bearer ${altered}` })).status).toBe(401);
    // The signature's verdict is kept, not the user: a deactivation applies to the next request.
    await h.ds.query(`UPDATE staff_user SET active = false, deactivated_at = now() WHERE email = $1`, [U.housingClarion]);
    try {
      const res = await h.post({ query: ME }, { authorization: `Bearer ${token}` });
      expect([res.status, res.json.errors[0].message]).toEqual([401, expect.stringMatching(/deactivated/)]);
    } finally {
      await h.ds.query(`UPDATE staff_user SET active = true, deactivated_at = null WHERE email = $1`, [U.housingClarion]);
    }
  });

  it("verified tokens are kept until they expire and for five minutes at most, never before they are valid, and at most 10,000", () => {
    let clock = 1_000_000_000_000;
    const kept = new VerifiedTokens(() => clock);
    const s = (ms: number) => Math.floor(ms / 1000);
    kept.add("a", "a@x", s(clock) + 3600, undefined);
    kept.add("b", "b@x", s(clock) + 60, undefined);
    kept.add("c", "c@x", undefined, s(clock) + 10); // not valid yet
    expect([kept.get("a"), kept.get("b"), kept.get("c")]).toEqual(["a@x", "b@x", null]);
    clock += 60_000;
    expect([kept.get("a"), kept.get("b")]).toEqual(["a@x", null]); // b expired
    clock += VerifiedTokens.KEEP_MS - 60_000;
    expect(kept.get("a")).toBeNull(); // verified again after five minutes
    for (let i = 0; i <= VerifiedTokens.MAX; i++) kept.add(`t${i}`, "x", undefined, undefined);
    expect([kept.get("t0"), kept.get("t1"), kept.get(`t${VerifiedTokens.MAX}`)]).toEqual([null, "x", "x"]);
  });

  it("a token signed with another secret is refused", async () => {
    const wrong = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(U.police)
      .setIssuer(h.config.tokenIssuer)
      .setAudience(h.config.tokenAudience)
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-another-secret"));
    const res = await h.post({ query: ME }, { authorization: `Bearer ${wrong}` });
    expect(res.status).toBe(401);
    expect(res.json.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("a token for an unknown user is refused", async () => {
    const res = await h.post({ query: ME }, { authorization: `Bearer ${await h.token("nobody@example.org")}` });
    expect(res.status).toBe(401);
    expect(res.json.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(res.json.errors[0].message).toMatch(/unknown/);
  });

  it("a malformed Authorization header is refused", async () => {
    const res = await h.post({ query: ME }, { authorization: "Basic dXNlcjpwYXNz" });
    expect(res.status).toBe(401);
  });

  it("without a token only public operations are allowed", async () => {
    for (const q of [ME, "{ partnerships { code } }", "{ agencies { name } }"]) {
      const res = await h.gql(null, q);
      expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(res.data).toBeNull();
    }
  });

  it("reference data is readable by any signed-in user", async () => {
    const data = await h.ok(U.analyst, "{ partnerships { code name policy { minimumQualifyingComplaints outcomeLetterWorkingDays communityRouteMinimumReporters } agencies { name } } agencies { name kind } }");
    expect(data.partnerships.map((p: any) => p.code)).toEqual(["KENT-ASHFORD", "KENT-MAIDSTONE", "KENT-TONBRIDGE-MALLING"]);
    const ashford = data.partnerships.find((p: any) => p.code === "KENT-ASHFORD");
    expect(ashford.policy).toEqual({ minimumQualifyingComplaints: 3, outcomeLetterWorkingDays: 25, communityRouteMinimumReporters: 5 });
    expect(ashford.agencies.map((a: any) => a.name)).toContain("Kent Police");
    expect(ashford.agencies.map((a: any) => a.name)).not.toContain("Maidstone Borough Council");
    expect(data.agencies).toHaveLength(9);
  });
});
