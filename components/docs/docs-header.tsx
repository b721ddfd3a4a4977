import Link from "next/link";
import { BrandMark } from "@/components/shell/brand-mark";
import { DOCS_NAV } from "@/lib/docs-nav";

/** The documentation's top bar: the same links as the reference's (server/docs/reference-page.ts). */
export function DocsHeader({ current }: { current: string }) {
  return (
    <header className="border-border bg-background/95 sticky top-0 z-10 border-b backdrop-blur">
      <div className="mx-auto flex h-12 max-w-5xl items-center gap-5 px-4 text-sm">
        <BrandMark />
        <nav aria-label="Documentation" className="flex gap-4 overflow-x-auto">
          {/* Plain links: the reference and the JSON document are not pages of the React app. */}
          {DOCS_NAV.map((item) => (
            <a
              key={item.href}
              href={item.href}
              aria-current={item.href === current ? "page" : undefined}
              className="text-muted-foreground hover:text-foreground aria-[current=page]:text-foreground whitespace-nowrap"
            >
              {item.label}
            </a>
          ))}
        </nav>
        <Link href="/app" className="text-muted-foreground hover:text-foreground ms-auto hidden sm:block">
          Dashboard
        </Link>
      </div>
    </header>
  );
}
