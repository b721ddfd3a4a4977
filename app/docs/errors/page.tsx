import type { Metadata } from "next";
import { DocsHeader } from "@/components/docs/docs-header";
import { CodeBlock, DocsPage, InlineText } from "@/components/docs/prose";
import { Badge } from "@/components/ui/badge";
import { errorCatalogue } from "@/server/http/error-catalogue";

export const metadata: Metadata = { title: "Errors" };

const RETRY_LABEL = { yes: "Retry later", no: "Do not retry", "after-fix": "Retry after fixing the request" };

const EXAMPLE = `HTTP/1.1 422 Unprocessable Content
Content-Type: application/problem+json
X-Request-Id: 2f0c7a1e-7d4b-4b8e-9a51-0c1f1f3a9b0d

{
  "type": "/docs/errors#unprocessable",
  "title": "Validation failed",
  "status": 422,
  "detail": "Invalid body: name: name is required",
  "code": "unprocessable",
  "request_id": "2f0c7a1e-7d4b-4b8e-9a51-0c1f1f3a9b0d",
  "errors": [{ "pointer": "/name", "detail": "name is required" }]
}`;

const OPENAI_EXAMPLE = `{
  "error": {
    "message": "This call may cost up to 1.050000 credits; 0.200000 are available",
    "type": "insufficient_quota",
    "code": "insufficient_credits",
    "param": null,
    "request_id": "7c9e…",
    "balance": "0.200000",
    "required": "1.050000"
  }
}`;

// GET /docs/errors — every error code the API answers; each problem's `type` links to its entry.
export default function ErrorsPage() {
  const entries = errorCatalogue();
  return (
    <>
      <DocsHeader current="/docs/errors" />
      <DocsPage
        title="Errors"
        lead="Every error Brikk answers is an RFC 9457 problem whose code is listed here, with what it means and what to do."
      >
        <div className="mt-6 space-y-3 leading-7">
          <p>
            <InlineText text="Errors come as `application/problem+json` with `type`, `title`, `status`, `detail`, `code` and `request_id`. `type` links to the code's entry on this page. Validation errors add `errors`, one entry per bad field with a JSON pointer; limits add `retry_after` and the `Retry-After` header." />
          </p>
          <CodeBlock label="A problem" code={EXAMPLE} />
          <p>
            <InlineText text="The OpenAI-compatible routes (`/api/v1/chat/completions`, `/api/v1/models`) answer the same codes in OpenAI's error shape, so the official SDKs raise their usual exceptions; a request mistake is 400 there instead of 422." />
          </p>
          <CodeBlock label="The same kind of error on the gateway" code={OPENAI_EXAMPLE} />
        </div>
        <nav aria-label="Error codes" className="mt-8">
          <ul className="flex flex-wrap gap-2">
            {entries.map((entry) => (
              <li key={entry.code}>
                <a
                  href={`#${entry.code}`}
                  className="hover:text-foreground text-muted-foreground font-mono text-sm"
                >
                  {entry.status === "stream" ? "in stream" : entry.status} {entry.code}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="mt-8 space-y-4">
          {entries.map((entry) => (
            <section
              key={entry.code}
              id={entry.code}
              aria-labelledby={`${entry.code}-title`}
              className="border-border target:border-brand target:bg-brand/5 scroll-mt-16 rounded-lg border p-5"
            >
              <div className="flex flex-wrap items-center gap-2">
                <Badge
                  variant={entry.status === "stream" || entry.status >= 500 ? "destructive" : "secondary"}
                >
                  {entry.status === "stream" ? "in stream" : entry.status}
                </Badge>
                <h2 id={`${entry.code}-title`} className="font-mono text-lg font-semibold">
                  <a href={`#${entry.code}`} className="hover:underline">
                    {entry.code}
                  </a>
                </h2>
                <span className="text-muted-foreground">{entry.title}</span>
              </div>
              <dl className="mt-3 grid gap-2 text-sm leading-6 sm:grid-cols-[9rem_1fr]">
                <dt className="text-muted-foreground">What it means</dt>
                <dd>
                  <InlineText text={entry.meaning} />
                </dd>
                <dt className="text-muted-foreground">What to do</dt>
                <dd>
                  <InlineText text={entry.action} />
                </dd>
                <dt className="text-muted-foreground">Retry</dt>
                <dd>{RETRY_LABEL[entry.retry]}</dd>
              </dl>
            </section>
          ))}
        </div>
      </DocsPage>
    </>
  );
}
