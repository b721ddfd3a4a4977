// The client address of a request, as every per-IP limit, audit row and log line sees it; how it
// is resolved (socket, trusted proxies) is in platform/client-address.ts.

/**
 * The client address of a request that came through `npm start`'s listener (the single
 * X-Forwarded-For entry it wrote). Under `next dev` Next.js sets the header only when it is
 * absent, so there the rightmost entry is the best there is.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  return forwarded?.split(",").at(-1)?.trim() || "unknown";
}
