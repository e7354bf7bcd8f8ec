import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { isRole, type Role } from "./permissions";
import { signInSchema } from "./schemas";
import { AuthenticationError, authenticate } from "./service";
import { contextFromHeaders } from "./request-context";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role } & DefaultSession["user"];
    sessionId: string;
  }
  interface User {
    role?: Role;
    sessionId?: string;
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
  session: { strategy: "jwt", maxAge: env.SESSION_MAX_AGE_MINUTES * 60 },
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
          return { id: user.id, name: user.name, email: user.email, role: user.role, sessionId: user.sessionId };
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
      }
      return token;
    },
    session({ session, token }) {
      // The role here is only a hint for the client; every server check reloads the
      // user, so a role change or suspension applies on the next request.
      session.user.id = String(token.uid ?? "");
      session.user.role = isRole(token.role) ? token.role : "employee";
      session.sessionId = String(token.sid ?? "");
      return session;
    },
  },
});
