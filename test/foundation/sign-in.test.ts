import { SignJWT } from "jose";
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
