import { CodeBlock, InlineText, Section } from "../prose";

const RETRY = `KEY=$(uuidgen)
for attempt in 1 2; do
  curl -s -i http://localhost:3000/api/v1/echo \\
    -H "Authorization: Bearer $BRIKK_API_KEY" -H "Idempotency-Key: $KEY" \\
    -H "Content-Type: application/json" -d '{"message":"charge me once"}' | grep -iE "^(HTTP|idempotent-replayed)"
done
# HTTP/1.1 200 OK
# HTTP/1.1 200 OK
# idempotent-replayed: true`;

const CLIENT = `import { randomUUID } from "node:crypto";
import { createBrikkClient } from "./client";

const brikk = createBrikkClient({ baseUrl: "http://localhost:3000", apiKey: process.env.BRIKK_API_KEY });
const key = randomUUID(); // one key per logical operation, reused on every retry of it
for (let attempt = 0; attempt < 5; attempt++) {
  const { data, error, response } = await brikk.POST("/api/v1/echo", {
    body: { message: "charge me once" },
    headers: { "Idempotency-Key": key },
  });
  if (data) break;
  if (response.status !== 409 && response.status < 500) throw new Error(error?.detail);
  await new Promise((r) => setTimeout(r, Number(response.headers.get("retry-after") ?? 1) * 1000));
}`;

export function IdempotencyGuide() {
  return (
    <>
      <Section id="why" title="Retry without doing it twice">
        <p>
          <InlineText text="A network error leaves a client not knowing whether its write happened. Send an `Idempotency-Key` header (1–255 characters, e.g. a UUID) on any `POST`, `PUT`, `PATCH` or `DELETE`, and reuse it when you retry the same request: Brikk runs it once and answers every retry with the stored response and `Idempotent-Replayed: true`. A paid call is charged once, however often it is retried; the charge, the message log and the stored answer are written together." />
        </p>
        <CodeBlock label="The second call replays the first" code={RETRY} />
      </Section>
      <Section id="rules" title="The rules">
        <ul className="list-disc space-y-2 ps-6">
          <li>
            <InlineText text="Keys are scoped to the organization (a session's to its user) and kept for 24 hours." />
          </li>
          <li>
            <InlineText text="While the first request is still running, a retry gets 409 `idempotency_in_progress` with `Retry-After`; wait and retry." />
          </li>
          <li>
            <InlineText text="The same key on a different request (method, path, query or body) gets 422 `idempotency_key_mismatch`: use a new key for a new operation." />
          </li>
          <li>
            <InlineText text="Successes and the 4xx that say the request itself is wrong are stored and replayed. 401, 402, 403, 429 and 5xx are not: the key is released so a retry can run once you fixed credentials, credits or waited out a limit." />
          </li>
          <li>
            <InlineText text="A streamed chat completion is stored once it has ended; a retry during the stream gets 409, after it the whole stream again." />
          </li>
        </ul>
      </Section>
      <Section id="client" title="With the typed client">
        <CodeBlock label="TypeScript" code={CLIENT} />
      </Section>
    </>
  );
}
