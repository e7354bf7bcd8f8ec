import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionClaimsFromCookies } from "./session-token";

const SECRET = "a-test-secret-of-at-least-thirty-two-characters";
const CLAIMS = { uid: "0190a000-0000-7000-8000-000000000001", role: "auditor", sid: "session-1", pws: "stamp" };
const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];

describe("sessionClaimsFromCookies", () => {
  it("reads the claims of Auth.js's cookie, with or without the __Secure- prefix", async () => {
    for (const name of ["authjs.session-token", "__Secure-authjs.session-token"]) {
      const token = await encode({ token: CLAIMS, secret: SECRET, salt: name });
      expect(await sessionClaimsFromCookies(jar({ [name]: token }), SECRET)).toEqual({ userId: CLAIMS.uid, sessionId: "session-1", role: "auditor", passwordStamp: "stamp" });
    }
  });

  it("joins a cookie that came in chunks", async () => {
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: "authjs.session-token" });
    const cut = Math.floor(token.length / 2);
    expect((await sessionClaimsFromCookies(jar({ "authjs.session-token.0": token.slice(0, cut), "authjs.session-token.1": token.slice(cut) }), SECRET))?.userId).toBe(CLAIMS.uid);
  });

  it("refuses a cookie under the other cookie's name, with another secret, altered, or expired", async () => {
    const token = await encode({ token: CLAIMS, secret: SECRET, salt: "authjs.session-token" });
    expect(await sessionClaimsFromCookies(jar({ "__Secure-authjs.session-token": token }), SECRET)).toBeNull();
    expect(await sessionClaimsFromCookies(jar({ "authjs.session-token": token }), `${SECRET}-other`)).toBeNull();
    const altered = `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    expect(await sessionClaimsFromCookies(jar({ "authjs.session-token": altered }), SECRET)).toBeNull();
    const expired = await encode({ token: CLAIMS, secret: SECRET, salt: "authjs.session-token", maxAge: -60 });
    expect(await sessionClaimsFromCookies(jar({ "authjs.session-token": expired }), SECRET)).toBeNull();
  });

  it("needs a user and a session in the token, and reads an unknown role as employee", async () => {
    const name = "authjs.session-token";
    expect(await sessionClaimsFromCookies(jar({ [name]: await encode({ token: { ...CLAIMS, sid: undefined }, secret: SECRET, salt: name }) }), SECRET)).toBeNull();
    expect((await sessionClaimsFromCookies(jar({ [name]: await encode({ token: { ...CLAIMS, role: "root" }, secret: SECRET, salt: name }) }), SECRET))?.role).toBe("employee");
    expect(await sessionClaimsFromCookies(jar({}), SECRET)).toBeNull();
  });
});
