import pkg from "@/package.json";
import type { Env } from "../platform/env";
import { buildOpenApiDocument } from "./document";

/** The document as served and committed: stable key order, two-space indent, trailing newline. */
export function openApiJson(env: Env): string {
  return `${JSON.stringify(buildOpenApiDocument(env, pkg.version), null, 2)}\n`;
}
