import type { Db } from "@/db/client";
import { preferredOrgOf, readSessionFromHeaders, type SessionUser } from "../auth/session";
import { getDb } from "../platform/db";
import { resolveRequestId } from "../platform/request-id";

export type TRPCContext = {
  db: Db;
  user: SessionUser | null;
  requestId: string;
  headers: Headers;
  /** The org the user asked for (header or cookie); verified by the org-scoped procedure. */
  preferredOrgId: string | null;
  /** Sets a response cookie when the transport allows it (fetch adapter), no-op in RSC. */
  setCookie(name: string, value: string, maxAgeSeconds: number): void;
};

export async function createTRPCContext(opts: {
  headers: Headers;
  resHeaders?: Headers;
}): Promise<TRPCContext> {
  return {
    db: await getDb(),
    user: await readSessionFromHeaders(opts.headers),
    requestId: resolveRequestId(opts.headers.get("x-request-id")),
    headers: opts.headers,
    preferredOrgId: preferredOrgOf(opts.headers),
    setCookie(name, value, maxAgeSeconds) {
      opts.resHeaders?.append(
        "set-cookie",
        `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax`,
      );
    },
  };
}
