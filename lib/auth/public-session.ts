import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { isRole } from "../access/permissions";

/**
 * The session as Auth.js hands it to page scripts (GET /api/auth/session): who is signed
 * in, and nothing the server treats as a credential. The session id and the password
 * stamp stay inside the encrypted cookie; the server reads them from it
 * (sessionClaimsFromCookies), never from here. The role is only a hint: every server
 * check reloads the user.
 */
export function publicSession({ session, token }: { session: Session; token: JWT }): Session {
  return {
    expires: session.expires,
    user: { id: String(token.uid ?? ""), role: isRole(token.role) ? token.role : "employee", name: session.user?.name, email: session.user?.email },
  };
}

