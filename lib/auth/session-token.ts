import { decode } from "next-auth/jwt";
import { isRole } from "../access/permissions";
import type { SessionClaims } from "./session-check";

/** Auth.js's session cookie: with the __Secure- prefix when served over TLS, without it otherwise. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/**
 * The claims of the request's session cookie, read the way Auth.js reads its own
 * (the cookie name is the key-derivation salt; a cookie over 4 KB comes in chunks
 * `name.0`, `name.1`, …), or null when there is none or it does not decrypt or has
 * expired. Unlike auth(), nothing is re-encrypted and set again on every request: the
 * server checks the session against audit_sessions each time anyway (checkSession),
 * so renewing the cookie bought nothing but a JWE encryption per request. The session
 * callback's mapping is kept: an unknown role reads as "employee" (and then fails the
 * role check unless the person is one).
 */
export async function sessionClaimsFromCookies(get: (name: string) => string | undefined, secret: string): Promise<SessionClaims | null> {
  for (const name of SESSION_COOKIES) {
    let value = get(name);
    if (!value) {
      const chunks: string[] = [];
      for (let i = 0; i < 10; i++) {
        const chunk = get(`${name}.${i}`);
        if (chunk === undefined) break;
        chunks.push(chunk);
      }
      value = chunks.join("");
    }
    if (!value) continue;
    const token = await decode({ token: value, secret, salt: name }).catch(() => null);
    if (!token) return null;
    const userId = typeof token.uid === "string" ? token.uid : "";
    const sessionId = typeof token.sid === "string" ? token.sid : "";
    if (!userId || !sessionId) return null;
    return { userId, sessionId, role: isRole(token.role) ? token.role : "employee", passwordStamp: typeof token.pws === "string" ? token.pws : undefined };
  }
  return null;
}
