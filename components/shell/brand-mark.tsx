import Link from "next/link";

export function BrandMark({ href = "/" }: { href?: string }) {
  return (
    <Link
      href={href}
      className="flex items-center gap-2 font-semibold tracking-tight"
      aria-label="Brikk home"
    >
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden>
        <rect width="32" height="32" rx="7" className="fill-card" />
        <path
          d="M9 8h8.5a4.5 4.5 0 0 1 2.6 8.2A4.8 4.8 0 0 1 18 25H9z"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.6"
          className="text-brand"
          strokeLinejoin="round"
        />
        <path d="M9 16h9" stroke="currentColor" strokeWidth="2.6" className="text-brand" />
      </svg>
      <span>Brikk</span>
    </Link>
  );
}
