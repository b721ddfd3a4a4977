const DAY_MS = 86_400_000;
export const EXPIRY_WARNING_DAYS = 14;

export type KeyState = { label: string; tone: "success" | "secondary" | "destructive" | "outline" };

/** What a key's row says about it: revoked, expired, expiring within 14 days, or active. */
export function keyState(key: { revoked_at: Date | null; expires_at: Date | null }, now: number): KeyState {
  if (key.revoked_at) return { label: "revoked", tone: "secondary" };
  if (key.expires_at && key.expires_at.getTime() <= now) return { label: "expired", tone: "destructive" };
  if (key.expires_at && key.expires_at.getTime() - now <= EXPIRY_WARNING_DAYS * DAY_MS) {
    const days = Math.max(1, Math.ceil((key.expires_at.getTime() - now) / DAY_MS));
    return { label: `expires in ${days} day${days === 1 ? "" : "s"}`, tone: "destructive" };
  }
  return { label: "active", tone: "success" };
}
