// The client address as seen by the nearest proxy. Next.js sets X-Forwarded-For to the socket
// address only when the header is absent, and a reverse proxy appends the address it saw, so
// the rightmost entry is the one a client cannot choose when a proxy is in front.
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || headers.get("x-real-ip")?.trim() || "unknown";
}
