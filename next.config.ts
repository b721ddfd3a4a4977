import type { NextConfig } from "next";
import { getEnv } from "./server/platform/env";

// Importing the env module here makes a bad environment fail `next build`, not the first request.
getEnv();

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  typedRoutes: false,
  // Native or WASM packages that must load from node_modules at runtime, not from a bundle.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "prom-client", "postgres"],
};

export default nextConfig;
