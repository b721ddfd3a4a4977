import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { accounts, users } from "@/db/schema";
import { isAppError } from "../errors";
import { clientIp } from "../platform/client-ip";
import { getDb } from "../platform/db";
import { getEnv } from "../platform/env";
import { getLogger } from "../platform/logger";
import { getSecrets } from "../platform/secrets";
import { SignInInput } from "./schemas";
import { authenticateWithPassword, createPersonalOrgFor } from "./service";

/** Auth.js reports a credentials failure by this class; `code` tells the sign-in page why. */
class SignInFailed extends CredentialsSignin {
  constructor(code: "invalid_credentials" | "rate_limited" | "invalid_input", message: string) {
    super(message);
    this.code = code;
  }
}

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; image?: string | null };
  }
}

// The lazy form keeps `next build` from resolving secrets or opening the database.
async function buildConfig(): Promise<NextAuthConfig> {
  const env = getEnv();
  const db = await getDb();
  return {
    secret: getSecrets().AUTH_SECRET,
    trustHost: env.authTrustHost,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    adapter: env.github ? DrizzleAdapter(db, { usersTable: users, accountsTable: accounts }) : undefined,
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = SignInInput.safeParse(raw);
          if (!parsed.success) throw new SignInFailed("invalid_input", "Enter your email and password");
          try {
            return await authenticateWithPassword({
              ctx: { db, actor: { type: "system" }, ip: clientIp(request.headers) },
              input: parsed.data,
            });
          } catch (error) {
            if (isAppError(error) && error.code === "rate_limited") {
              throw new SignInFailed("rate_limited", error.message);
            }
            if (isAppError(error) && error.code === "unauthorized") {
              throw new SignInFailed("invalid_credentials", error.message);
            }
            throw error;
          }
        },
      }),
      ...(env.github
        ? [GitHub({ clientId: env.github.clientId, clientSecret: env.github.clientSecret })]
        : []),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async createUser({ user }) {
        // OAuth sign-ups get the same personal organization as password sign-ups.
        if (user.id && user.email)
          await createPersonalOrgFor(db, { id: user.id, name: user.name, email: user.email });
      },
    },
    logger: {
      error: (error) => {
        // A failed credentials check is an expected outcome, not a server error.
        if (error instanceof CredentialsSignin) return;
        getLogger().error({ err: error }, "auth error");
      },
      warn: (code) => getLogger().warn({ code }, "auth warning"),
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildConfig);
