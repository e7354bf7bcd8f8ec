import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import type { Role } from "../access/permissions";
import { publicSession } from "./public-session";
import { signInSchema } from "./schemas";
import type { RequestContext } from "@/lib/service-context";
import { AuthenticationError, authenticate, endSession } from "./service";
import { contextFromHeaders, requestPathFromHeaders } from "./request-context";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role } & DefaultSession["user"];
  }
  interface User {
    role?: Role;
    sessionId?: string;
    passwordStamp?: string;
  }
}

async function signOutContext(): Promise<RequestContext> {
  try {
    const h = await headers();
    return { ...contextFromHeaders(h), method: "POST", path: requestPathFromHeaders(h) ?? "/api/auth/signout" };
  } catch {
    // Outside a request (a script or test calling the handler directly).
    return { method: "POST", path: "/api/auth/signout" };
  }
}

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  secret: env.AUTH_SECRET,
  trustHost: true,
  // The cookie lasts the absolute limit from sign-in. The limits themselves are enforced
  // on the server against audit_sessions (checkSession), not by the cookie's expiry;
  // the server reads the cookie without renewing it (session-token.ts).
  session: { strategy: "jwt", maxAge: env.SESSION_ABSOLUTE_MINUTES * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) throw new SignInRefused("invalid");
        try {
          const user = await authenticate({
            email: parsed.data.email,
            password: parsed.data.password,
            context: { ...contextFromHeaders(request.headers), method: "POST", path: "/sign-in" },
          });
          return { id: user.id, name: user.name, email: user.email, role: user.role, sessionId: user.sessionId, passwordStamp: user.passwordStamp };
        } catch (error) {
          if (error instanceof AuthenticationError) {
            const until = error.unlockAt ? `:${error.unlockAt.getTime()}` : "";
            throw new SignInRefused(`${error.reason}${until}`);
          }
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sid = user.sessionId;
        token.pws = user.passwordStamp;
      }
      return token;
    },
    session: publicSession,
  },
  events: {
    // Every sign-out path ends here, Auth.js's own POST /api/auth/signout included:
    // the audit session is closed, so a copy of the cookie is refused from now on.
    async signOut(message) {
      const sessionId = "token" in message ? message.token?.sid : undefined;
      if (typeof sessionId !== "string" || !sessionId) return;
      try {
        await endSession({ sessionId, context: await signOutContext() });
      } catch (error) {
        // The cookie is cleared either way; a failed close is logged, not hidden.
        console.error("[auth] could not close the audit session on sign-out", error);
      }
    },
  },
});
