import { CodeBlock, InlineText, Section } from "../prose";

const JS = `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "http://localhost:3000/api/v1", apiKey: process.env.BRIKK_API_KEY });

const reply = await client.chat.completions.create({
  model: "local/brikk-1",
  messages: [{ role: "user", content: "Reply in Spanish: hello" }],
});
console.log(reply.choices[0].message.content);

const stream = await client.chat.completions.create({
  model: "local/brikk-1",
  messages: [{ role: "user", content: "Count to five" }],
  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? "");`;

const PYTHON = `import os
from openai import OpenAI

client = OpenAI(base_url="http://localhost:3000/api/v1", api_key=os.environ["BRIKK_API_KEY"])

reply = client.chat.completions.create(
    model="local/brikk-1",
    messages=[{"role": "user", "content": "Reply in Spanish: hello"}],
)
print(reply.choices[0].message.content)

# What it cost and who served it, from the raw response's headers:
raw = client.chat.completions.with_raw_response.create(
    model="local/brikk-1", messages=[{"role": "user", "content": "hi"}]
)
print(raw.headers["x-brikk-provider"], raw.headers["x-brikk-cost-usd"], raw.headers["x-brikk-credits"])`;

const FALLBACK = `curl -s http://localhost:3000/api/v1/chat/completions \\
  -H "Authorization: Bearer $BRIKK_API_KEY" -H "Content-Type: application/json" \\
  -d '{"model":"openai/gpt-4o-mini","models":["mistral/mistral-small-latest","local/brikk-1"],
       "messages":[{"role":"user","content":"hi"}]}' -D - -o /dev/null | grep -i x-brikk`;

export function GatewayGuide() {
  return (
    <>
      <Section id="sdks" title="The official OpenAI SDKs, pointed at Brikk">
        <p>
          <InlineText text="`POST /api/v1/chat/completions` and `GET /api/v1/models` speak OpenAI's format, so the official SDKs work unchanged: set the base URL to `<your Brikk>/api/v1` and the API key to a Brikk key. Errors come in OpenAI's shape, so the SDKs raise their usual exceptions (`RateLimitError` on 429, `AuthenticationError` on 401, …)." />
        </p>
        <CodeBlock label="JavaScript (npm install openai)" code={JS} />
        <CodeBlock label="Python (pip install openai)" code={PYTHON} />
      </Section>
      <Section id="models" title="Models and providers">
        <p>
          <InlineText text="Models are named `provider/model`: `openai/gpt-4o-mini` and `mistral/mistral-small-latest` when the server has `OPENAI_API_KEY` / `MISTRAL_API_KEY`, any OpenAI-compatible endpoint configured in `BRIKK_PROVIDERS`, and the built-in `local/brikk-1`, which works offline, costs nothing upstream and answers in the language a message asks for. `GET /api/v1/models` lists what this server routes to." />
        </p>
      </Section>
      <Section id="resilience" title="Timeouts, retries, breakers and fallback">
        <p>
          <InlineText text="Network errors, 429 and 5xx are retried with backoff under a timeout; a circuit breaker per provider and model stops calling one that keeps failing; then the chain falls back to the request's own `models: [...]` (a Brikk extension, as on OpenRouter) or the configured counterpart. `X-Brikk-Provider`, `X-Brikk-Model`, `X-Brikk-Fallback` and `X-Brikk-Attempts` say what happened; `GET /api/v1/health/circuit-breakers` shows every breaker." />
        </p>
        <CodeBlock label="A fallback chain" code={FALLBACK} />
      </Section>
      <Section id="pricing" title="Priced on the server, paid in credits">
        <p>
          <InlineText text="The cost is computed by Brikk from the provider's reported token usage and a versioned price table; a model without a price is refused, never billed at $0. The worst case is held before the call (402 `insufficient_credits` or `budget_exceeded` if it does not fit), the actual cost charged after it: `X-Brikk-Cost-USD` and `X-Brikk-Credits` on a plain answer, and a last chunk with `usage` on a stream. A stream the provider cuts pays for what it delivered and ends with an error event, never a clean `[DONE]`." />
        </p>
      </Section>
    </>
  );
}
