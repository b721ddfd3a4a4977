import { DOCS_NAV } from "@/lib/docs-nav";

// The HTML of /docs: Brikk's header over Scalar's interactive reference of /openapi.json. A plain
// document rather than a React page, because Scalar (a Vue app) owns its subtree: under React
// hydration its DOM would be a mismatch. Scripts carry the request's CSP nonce.

// Snippets in curl, Python and JavaScript only (browser fetch and Node): what Brikk's users write.
const HIDDEN_CLIENTS = {
  c: true,
  clojure: true,
  csharp: true,
  dart: true,
  fsharp: true,
  go: true,
  http: true,
  java: true,
  kotlin: true,
  objc: true,
  ocaml: true,
  php: true,
  powershell: true,
  r: true,
  ruby: true,
  rust: true,
  swift: true,
  shell: ["httpie", "wget"],
  // Scalar features shell/curl, python/python3 and node/undici as tabs; the rest sit under "More".
  python: ["httpx_async"],
  js: ["jquery", "xhr", "axios", "ofetch"],
  node: ["axios", "ofetch"],
};

const CONFIG = {
  url: "/openapi.json",
  // Fonts come from the system stack below, never from Scalar's font CDN.
  withDefaultFonts: false,
  telemetry: false,
  forceDarkModeState: "dark",
  hideDarkModeToggle: true,
  theme: "default",
  layout: "modern",
  documentDownloadType: "json",
  // No toolbar of links to Scalar's hosted services (sharing, SDK generation): they are not ours.
  showDeveloperTools: "never",
  persistAuth: true,
  hiddenClients: HIDDEN_CLIENTS,
  defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  authentication: { preferredSecurityScheme: "bearerAuth" },
  metaData: { title: "Brikk API reference" },
  customCss: `
    .scalar-app, .scalar-api-reference {
      --scalar-font: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
      --scalar-font-code: ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono", monospace;
      --scalar-custom-header-height: 48px;
    }
    .dark-mode { --scalar-background-1: #0a0a0a; --scalar-background-2: #171717; --scalar-background-3: #262626; --scalar-color-accent: #60a5fa; }
  `,
};

const STYLE = `
  html, body { margin: 0; background: #0a0a0a; color: #fafafa; }
  .brikk-docs-bar { position: sticky; top: 0; z-index: 100; height: 48px; box-sizing: border-box;
    display: flex; align-items: center; gap: 1.25rem; padding: 0 1rem; background: #0a0a0a;
    border-bottom: 1px solid rgb(255 255 255 / 10%);
    font: 14px ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
  .brikk-docs-bar a { color: #a3a3a3; text-decoration: none; }
  .brikk-docs-bar a:hover, .brikk-docs-bar a:focus-visible, .brikk-docs-bar a[aria-current] { color: #fafafa; }
  .brikk-docs-bar .brand { color: #fafafa; font-weight: 600; }
  .brikk-docs-bar nav { display: flex; gap: 1rem; overflow-x: auto; }
  .brikk-docs-bar .end { margin-left: auto; }
  .brikk-docs-loading { padding: 2rem 1rem; color: #a3a3a3; font: 14px ui-sans-serif, system-ui, sans-serif; }
  @media (max-width: 640px) { .brikk-docs-bar .end { display: none; } }
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON inside a <script>: `<` escaped so no string can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

export function referencePageHtml({ nonce, bundleHash }: { nonce: string; bundleHash: string }): string {
  const nav = DOCS_NAV.map(
    (item) =>
      `<a href="${item.href}"${item.href === "/docs" ? ' aria-current="page"' : ""}>${escapeHtml(item.label)}</a>`,
  ).join("");
  const n = escapeHtml(nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<title>API reference · Brikk</title>
<meta name="description" content="Brikk's REST API: agents, keys, echo workflows, the OpenAI-compatible LLM gateway, credits and billing.">
<link rel="icon" href="/icon.svg">
<style nonce="${n}">${STYLE}</style>
</head>
<body>
<header class="brikk-docs-bar">
<a class="brand" href="/">Brikk</a>
<nav aria-label="Documentation">${nav}</nav>
<a class="end" href="/app">Dashboard</a>
</header>
<div id="brikk-reference"><p class="brikk-docs-loading" role="status">Loading the API reference…</p></div>
<script nonce="${n}" src="/docs/assets/scalar.js?v=${escapeHtml(bundleHash)}"></script>
<script nonce="${n}">
  document.getElementById("brikk-reference").replaceChildren();
  Scalar.createApiReference("#brikk-reference", Object.assign(${scriptJson(CONFIG)}, { baseServerURL: location.origin }));
</script>
</body>
</html>
`;
}
