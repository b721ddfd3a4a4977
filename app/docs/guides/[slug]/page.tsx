import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DocsHeader } from "@/components/docs/docs-header";
import { GUIDES } from "@/components/docs/guides";
import { DocsPage } from "@/components/docs/prose";

type Props = { params: Promise<{ slug: string }> };

export function generateStaticParams() {
  return GUIDES.map((guide) => ({ slug: guide.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const guide = GUIDES.find((g) => g.slug === slug);
  return { title: guide ? `${guide.title} · Guides` : "Guides" };
}

export default async function GuidePage({ params }: Props) {
  const { slug } = await params;
  const index = GUIDES.findIndex((g) => g.slug === slug);
  const guide = GUIDES[index];
  if (!guide) notFound();
  const next = GUIDES[index + 1];
  return (
    <>
      <DocsHeader current="/docs/guides" />
      <DocsPage title={guide.title} lead={guide.summary}>
        <guide.Body />
        <nav
          aria-label="More documentation"
          className="border-border mt-12 flex flex-wrap gap-4 border-t pt-6 text-sm"
        >
          <Link href="/docs" className="text-brand hover:underline">
            API reference
          </Link>
          <Link href="/docs/errors" className="text-brand hover:underline">
            Error catalogue
          </Link>
          {next ? (
            <Link href={`/docs/guides/${next.slug}`} className="text-brand ms-auto hover:underline">
              Next: {next.title} →
            </Link>
          ) : null}
        </nav>
      </DocsPage>
    </>
  );
}
