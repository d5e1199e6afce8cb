import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { config } from "@/lib/config";
import { authenticateUser } from "@/lib/users/authenticate";
import { requestClientAddress } from "@/lib/http/client-address";
import { sameOriginPath } from "./return-path";
import { guardSignIn } from "./sign-in-throttle";
import type { Role } from "./roles";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; roles: Role[] };
  }
}

/** The message the sign-in form shows for a throttled attempt (next-auth passes it as `error`). */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

/**
 * Sessions are JWTs in an HTTP-only cookie carrying the user id and roles for display; every
 * server check re-reads the user (lib/auth/session.ts), so disabling a user takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: config().SECRET_KEY,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const email = String(credentials?.email ?? "");
          const address = requestClientAddress(request?.headers as Record<string, unknown> | undefined, config().clientAddress);
          const outcome = await guardSignIn(email, address, async () => authenticateUser(await getDb(), credentials));
          if (outcome.throttled) throw new Error(TOO_MANY_ATTEMPTS);
          const actor = outcome.value;
          return actor ? { id: actor.id, email: actor.email, name: actor.name, roles: actor.roles } : null;
        },
      }),
    ],
    callbacks: {
      redirect: ({ url, baseUrl }) => sameOriginRedirect(url, baseUrl),
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.roles = (user as { roles?: Role[] }).roles ?? [];
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: token.sub ?? "",
          email: token.email ?? "",
          name: token.name ?? "",
          roles: (token.roles as Role[] | undefined) ?? [],
        };
        return session;
      },
    },
  };
}

/** next-auth's `callbackUrl` (after sign-in and sign-out): a path on the portal's own origin, else its root. */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  let path: string | null = null;
  if (url.startsWith("/")) {
    path = sameOriginPath(url);
  } else {
    try {
      const absolute = new URL(url);
      if (absolute.origin === origin && !/[\u0000-\u0020\u007f\\]/.test(url)) path = sameOriginPath(`${absolute.pathname}${absolute.search}${absolute.hash}`);
    } catch {
      path = null;
    }
  }
  return `${origin}${path ?? "/"}`;
}
