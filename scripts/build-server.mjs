#!/usr/bin/env node
// Bundles the production listener (server/runtime/main.ts) and the API route handlers it calls
// into .next/brikk/server.mjs, after `next build`. Packages stay in node_modules (loaded at runtime,
// as Next loads them); only the app's own TypeScript is compiled in.
import { build } from "esbuild";

await build({
  entryPoints: ["server/runtime/main.ts"],
  outfile: ".next/brikk/server.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  tsconfig: "tsconfig.json",
  sourcemap: "linked",
  logLevel: "warning",
  // ESM output has no require(); a bundled CommonJS helper may still call it.
  banner: {
    js: "import { createRequire as __brikkRequire } from 'node:module'; const require = __brikkRequire(import.meta.url);",
  },
});
console.info("built .next/brikk/server.mjs");
