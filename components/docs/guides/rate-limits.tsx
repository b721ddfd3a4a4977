import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CodeBlock, InlineText, Section } from "../prose";

const POLICIES = [
  [
    "a key's own `rate_limit_per_min`",
    "set per key (dashboard or `PATCH /api/v1/keys/{id}`)",
    "checked first",
  ],
  ["`POST /api/v1/agents`", "`BRIKK_RATE_LIMIT_AGENT_CREATE`", "10"],
  ["`GET /api/v1/agents`", "`BRIKK_RATE_LIMIT_AGENT_LIST`", "300"],
  ["`POST /api/v1/echo`", "`BRIKK_RATE_LIMIT_ECHO`", "50"],
  ["`GET /api/v1/echo/logs`", "`BRIKK_RATE_LIMIT_ECHO_LOGS`", "100"],
  ["`POST /api/v1/coordination/echo`", "`BRIKK_RATE_LIMIT_COORDINATION`", "100"],
  ["every other authenticated call", "`BRIKK_RATE_LIMIT_PER_MIN`", "60"],
  ["calls with no credentials, per address", "`BRIKK_RATE_LIMIT_ANONYMOUS_PER_MIN`", "300"],
  ["failed authentications, per address", "`BRIKK_RATE_LIMIT_AUTH_FAILURES_PER_MIN`", "60"],
] as const;

const BACKOFF = `async function withRetry(call, tries = 5) {
  for (let attempt = 1; ; attempt++) {
    const res = await call();
    if (res.status !== 429 && res.status !== 503) return res;
    if (attempt === tries) return res;
    const wait = Number(res.headers.get("retry-after") ?? 2 ** attempt);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}`;

const CAPS = `curl -s -X PATCH http://localhost:3000/api/v1/keys/key_… \\
  -H "Authorization: Bearer $BRIKK_MANAGEMENT_KEY" -H "Content-Type: application/json" \\
  -d '{"soft_cap_usd":"4.00","hard_cap_usd":"5.00"}'

curl -s http://localhost:3000/api/v1/usage/me -H "Authorization: Bearer $BRIKK_API_KEY"`;

export function RateLimitsGuide() {
  return (
    <>
      <Section id="limits" title="Rate limits">
        <p>
          <InlineText text="Limits are per minute, keyed by API key, by user for sessions (owners' and admins' sessions are exempt) and by address otherwise. Every authenticated answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds until the window resets). Over a limit the answer is 429 `rate_limited` with `Retry-After`. With Redis configured the limits hold across every instance." />
        </p>
        <div className="border-border overflow-x-auto rounded-lg border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>What</TableHead>
                <TableHead>Setting</TableHead>
                <TableHead>Default per minute</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {POLICIES.map(([what, setting, value]) => (
                <TableRow key={setting}>
                  <TableCell>
                    <InlineText text={what} />
                  </TableCell>
                  <TableCell>
                    <InlineText text={setting} />
                  </TableCell>
                  <TableCell>{value}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <CodeBlock label="Honour Retry-After (JavaScript)" code={BACKOFF} />
      </Section>
      <Section id="budgets" title="Daily budgets per key">
        <p>
          <InlineText text="LLM calls are paid per key under two daily caps in USD (UTC days): `soft_cap_usd` (default `BRIKK_DEFAULT_SOFT_CAP_USD`, 5.00) raises a flag and an alert, `hard_cap_usd` (default `BRIKK_DEFAULT_HARD_CAP_USD`, 10.00) refuses the call that would pass it with 402 `budget_exceeded`, before any provider is called. The worst case of a call is held against the cap first, so concurrent calls on many instances can never pass it together." />
        </p>
        <p>
          <InlineText text="Chat completions report the key's standing in `X-Brikk-Usage-Today`, `X-Brikk-Budget-Remaining` and `X-Brikk-Soft-Cap-Exceeded`; `GET /api/v1/usage/me` gives today, this week and this month with tokens and cost per model." />
        </p>
        <CodeBlock label="Set a key's caps, then read its usage" code={CAPS} />
      </Section>
    </>
  );
}
