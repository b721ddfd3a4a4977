/** The documentation's sections, in the header of /docs and of every guide and catalogue page. */
export const DOCS_NAV = [
  { href: "/docs", label: "API reference" },
  { href: "/docs/guides", label: "Guides" },
  { href: "/docs/errors", label: "Errors" },
  { href: "/openapi.json", label: "openapi.json" },
] as const;
