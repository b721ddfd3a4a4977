import type { Metadata } from "next";
import Link from "next/link";
import { DocsHeader } from "@/components/docs/docs-header";
import { GUIDES } from "@/components/docs/guides";
import { CodeBlock, DocsPage } from "@/components/docs/prose";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Guides" };

const FIRST_CALL = `curl -s http://localhost:3000/api/v1/echo \\
  -H "Authorization: Bearer $BRIKK_API_KEY" \\
  -H "Content-Type: application/json" -d '{"message":"hello"}'`;

export default function GuidesPage() {
  return (
    <>
      <DocsHeader current="/docs/guides" />
      <DocsPage
        title="Guides"
        lead="How Brikk's API works beyond each operation: who may call, how to retry, what it costs."
      >
        <CodeBlock label="Your first call, with an agent key from the dashboard" code={FIRST_CALL} />
        <ul className="mt-6 grid gap-4 sm:grid-cols-2">
          {GUIDES.map((guide) => (
            <li key={guide.slug}>
              <Link
                href={`/docs/guides/${guide.slug}`}
                className="block h-full rounded-xl focus-visible:outline-2"
              >
                <Card className="hover:border-brand/60 h-full transition-colors">
                  <CardHeader>
                    <CardTitle>{guide.title}</CardTitle>
                    <CardDescription>{guide.summary}</CardDescription>
                  </CardHeader>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      </DocsPage>
    </>
  );
}
