import { decode, encode } from "next-auth/jwt";
import { getSecrets } from "../platform/secrets";
import { ACTIVE_ORG_COOKIE, SESSION_COOKIES } from "./cookies";

// REST routes and tRPC read the Auth.js session straight from its cookie: the JWT is decrypted
// with the same secret and salt Auth.js uses, with no dependency on Next's request scope, so the
// same code runs in route handlers, server components and tests.

export { SESSION_COOKIES };

export function parseCookies(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      jar.set(name, decodeURIComponent(raw));
    } catch {
      jar.set(name, raw);
    }
  }
  return jar;
}

/** Auth.js splits large cookies into `name.0`, `name.1`, ...; join them back. */
function readChunked(jar: Map<string, string>, name: string): string | null {
  const whole = jar.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; jar.has(`${name}.${i}`); i++) chunks.push(jar.get(`${name}.${i}`) ?? "");
  return chunks.length ? chunks.join("") : null;
}

/** The org a signed-in user asked to act in: `X-Brikk-Org` (API clients) or the dashboard's cookie. */
export function preferredOrgOf(headers: Headers): string | null {
  return headers.get("x-brikk-org") ?? parseCookies(headers.get("cookie")).get(ACTIVE_ORG_COOKIE) ?? null;
}

export type SessionUser = { userId: string; email: string | null };

export async function readSessionFromHeaders(headers: Headers): Promise<SessionUser | null> {
  const jar = parseCookies(headers.get("cookie"));
  for (const name of SESSION_COOKIES) {
    const token = readChunked(jar, name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: getSecrets().AUTH_SECRET, salt: name });
      if (payload?.sub)
        return { userId: payload.sub, email: typeof payload.email === "string" ? payload.email : null };
    } catch {
      // A tampered, expired or foreign token is simply no session.
    }
  }
  return null;
}

/** Mints a session cookie exactly as Auth.js would (tests, CLI tools). */
export async function mintSessionCookie(user: { id: string; email: string }, maxAgeSeconds = 3600) {
  const name = SESSION_COOKIES[1];
  const token = await encode({
    token: { sub: user.id, email: user.email },
    secret: getSecrets().AUTH_SECRET,
    salt: name,
    maxAge: maxAgeSeconds,
  });
  return `${name}=${token}`;
}
