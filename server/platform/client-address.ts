import { BlockList, isIP } from "node:net";

// Who is calling, by network address: the key of every per-IP limit (anonymous ceiling, sign-in,
// failed authentication), and what audit rows and logs record.
//
// The address is the socket's, unless the socket's peer is a proxy we trust
// (BRIKK_TRUSTED_PROXIES, CIDR list), in which case it is the rightmost X-Forwarded-For entry that
// is not itself a trusted proxy: each proxy appends the address it saw, so entries to the left of
// the first untrusted one are whatever the client chose to send. `npm start`'s listener resolves
// it once per request and writes it as the only X-Forwarded-For entry, overwriting what the
// client sent; route handlers, proxy.ts and server actions read it back with clientIp().

/** "::ffff:10.1.2.3" (IPv4 on a dual-stack socket) is 10.1.2.3. */
function normalise(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  /** `cidrs`: "10.0.0.0/8", "2001:db8::/32", or single addresses. Throws on anything else. */
  constructor(cidrs: readonly string[]) {
    for (const entry of cidrs) {
      const [address = "", bits] = entry.trim().split("/");
      const family = isIP(address);
      if (family === 0) throw new Error(`"${entry}" is not an IP address or CIDR range`);
      const type = family === 4 ? "ipv4" : "ipv6";
      const max = family === 4 ? 32 : 128;
      const prefix = bits === undefined ? max : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
        throw new Error(`"${entry}" has a prefix length outside 0–${max}`);
      }
      this.list.addSubnet(address, prefix, type);
    }
    this.empty = cidrs.length === 0;
  }

  has(address: string): boolean {
    if (this.empty) return false;
    const normalised = normalise(address);
    const family = isIP(normalised);
    return family !== 0 && this.list.check(normalised, family === 4 ? "ipv4" : "ipv6");
  }
}

/** The client's address for a request whose socket peer is `peer`. */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  const socket = peer ? normalise(peer) : "unknown";
  if (!peer || !trusted.has(socket)) return socket;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(normalise)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!trusted.has(hop)) return hop;
  }
  // Every hop is one of ours: the leftmost is as far back as anyone vouches for.
  return hops[0] ?? socket;
}
