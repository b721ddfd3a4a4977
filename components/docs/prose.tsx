import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

// Small building blocks for the guides and the error catalogue: text with `code` spans, headings
// with anchors, and code blocks that keep left-to-right and scroll rather than wrap.

/** Text whose `backticked` parts render as code. */
export function InlineText({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string never reorder
          <code key={i} className="bg-muted rounded px-1 py-0.5 font-mono text-[0.85em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <figure className="my-4">
      <figcaption className="text-muted-foreground mb-1 text-xs">{label}</figcaption>
      <pre
        dir="ltr"
        className="bg-card border-border overflow-x-auto rounded-lg border p-4 font-mono text-[13px] leading-relaxed"
      >
        <code>{code.trim()}</code>
      </pre>
    </figure>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} className="scroll-mt-16">
      <h2 className="mt-10 mb-3 text-xl font-semibold tracking-tight">
        <a href={`#${id}`} className="hover:underline">
          {title}
        </a>
      </h2>
      <div className="text-foreground/90 space-y-3 leading-7">{children}</div>
    </section>
  );
}

export function DocsPage({
  title,
  lead,
  children,
  className,
}: {
  title: string;
  lead: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <main className={cn("mx-auto max-w-3xl px-4 py-10", className)}>
      <h1 className="text-3xl font-semibold tracking-tight">{title}</h1>
      <p className="text-muted-foreground mt-3 text-lg">{lead}</p>
      {children}
    </main>
  );
}
