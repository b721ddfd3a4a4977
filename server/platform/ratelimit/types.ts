/** What every rate-limit backend (memory, Redis over TCP, Upstash REST) answers. */
export type RateLimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window has room again. */
  reset: number;
};

export type RateLimiter = {
  limit(identifier: string): Promise<RateLimitResult>;
  /** Where an identifier stands, without counting anything: success = it has room left. */
  peek(identifier: string): Promise<RateLimitResult>;
  /** Forget an identifier (e.g. after a successful sign-in clears failed attempts). */
  reset(identifier: string): Promise<void>;
};

export type RateLimitPolicy = {
  name: string;
  limit: number;
  windowMs: number;
};

export function retryAfterSeconds(result: RateLimitResult, nowMs: number): number {
  return Math.max(1, Math.ceil((result.reset - nowMs) / 1000));
}
