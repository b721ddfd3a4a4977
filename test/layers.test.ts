import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The layers ../shared/DESIGN.md states, enforced on every non-test source file: arrows point
// down (app → server → db), server/ never reaches up into app/ or components/ (save the runtime's
// route table), a domain reaches the tRPC and REST adapters only from its router.ts, and no two
// folders import each other, directly or round a loop. Each failure names the offending import.

const ROOT = path.resolve(__dirname, "..");
const SOURCE_DIRS = ["app", "server", "db", "lib", "components"];
/**
 * Not domains: the adapters (tRPC, REST, scheduled jobs, the OpenAPI document and the reference
 * page built from the REST contracts), the root router, the shared platform, start-up.
 */
const NON_DOMAINS = new Set(["trpc", "http", "platform", "runtime", "jobs", "root", "openapi", "docs"]);
/** The one place server/ may import app/: the lean listener's table of the API's route modules. */
const ROUTE_TABLE = "server/runtime/api-routes.ts";

type Import = { from: string; to: string; typeOnly: boolean; line: string };

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return name === "migrations" ? [] : sourceFiles(rel);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [rel] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null; // a package
  const found = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base].find((candidate) =>
    existsSync(path.join(ROOT, candidate)),
  );
  return found ?? base;
}

const IMPORT =
  /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

function importsOf(file: string, text = readFileSync(path.join(ROOT, file), "utf8")): Import[] {
  return [...text.matchAll(IMPORT)].flatMap((match) => {
    const to = resolveImport(file, match[3] ?? match[4] ?? "");
    return to ? [{ from: file, to, typeOnly: Boolean(match[2]), line: match[0].trim() }] : [];
  });
}

/** The folder a file counts in: server/<domain>, its router (an adapter), or a top-level folder. */
function layerOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] !== "server") return parts[0] ?? file;
  if (parts.length === 2) return "server/(root)";
  const folder = `server/${parts[1]}`;
  return parts.length === 3 && parts[2] === "router.ts" ? `${folder}#router` : folder;
}

const isDomain = (layer: string) =>
  layer.startsWith("server/") && !layer.includes("#") && !NON_DOMAINS.has(layer.slice("server/".length));

/** Each import that breaks a layer rule, as "from → to: why". */
function layerViolations(imports: Import[]): string[] {
  return imports.flatMap(({ from, to, typeOnly }) => {
    const [a, b] = [layerOf(from), layerOf(to)];
    const why = (reason: string) => [`${from} → ${to}: ${reason}`];
    if (a === "db" && b !== "db") return why("db/ imports nothing of the app");
    if (a === "lib" && (b === "app" || b === "components" || (b.startsWith("server") && !typeOnly)))
      return why("lib/ is shared by browser and server code: it imports no layer (server types aside)");
    if (a.startsWith("server") && (b === "app" || b === "components")) {
      const routeModule = from === ROUTE_TABLE && /^app\/api\/.*\/route\.ts$/.test(to);
      return routeModule ? [] : why("server/ never imports app/ or components/");
    }
    if (a === "components" && to.startsWith("server/") && !typeOnly)
      return why("client components reach the server through tRPC (import type only)");
    if ((isDomain(a) || a === "server/(root)") && (b === "server/trpc" || b === "server/http"))
      return why("a domain reaches the tRPC and REST adapters only from its router.ts");
    return [];
  });
}

/** Loops between folders, each as "a → b → … → a" with one import that closes each step. */
function folderCycles(imports: Import[]): string[] {
  const edges = new Map<string, Map<string, string>>();
  for (const { from, to, typeOnly } of imports) {
    const [a, b] = [layerOf(from), layerOf(to)];
    // A type-only import is gone at run time: the dashboard's client may know the router's type.
    if (a === b || typeOnly) continue;
    // The route table is the one sanctioned way up (an index of app's route modules, read by the
    // listener and by the API reference, which /openapi.json serves): not a loop of behaviour.
    if (from === ROUTE_TABLE && b === "app") continue;
    if (!edges.has(a)) edges.set(a, new Map());
    edges.get(a)?.set(b, `${from} → ${to}`);
  }
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (node: string, trail: string[]) => {
    const at = trail.indexOf(node);
    if (at !== -1) {
      const loop = [...trail.slice(at), node];
      const steps = loop.slice(1).map((next, i) => edges.get(loop[i] as string)?.get(next));
      cycles.push(`${loop.join(" → ")} (${steps.join("; ")})`);
      return;
    }
    if (done.has(node)) return;
    for (const next of edges.get(node)?.keys() ?? []) visit(next, [...trail, node]);
    done.add(node);
  };
  for (const node of edges.keys()) visit(node, []);
  return cycles;
}

/** The ledger's tables, by their SQL and drizzle names: money moves through server/ledger/ only. */
const LEDGER_WRITE =
  /\b(?:insert\s+into|update|delete\s+from)\s+(ledger_(?:accounts|transfers|entries|reservations))\b|\.(?:insert|update|delete)\(\s*(ledger(?:Accounts|Transfers|Entries|Reservations))\b/gi;
/** Where a ledger write may live: the ledger itself, and the seed that opens the system's accounts. */
const LEDGER_WRITERS = (file: string) => file.startsWith("server/ledger/") || file === "db/seed.ts";

/** Each write to a ledger table outside the ledger, as "file: statement". */
function ledgerWritesOutside(files: { file: string; text: string }[]): string[] {
  return files.flatMap(({ file, text }) =>
    LEDGER_WRITERS(file) ? [] : [...text.matchAll(LEDGER_WRITE)].map((m) => `${file}: ${m[0].trim()}`),
  );
}

describe("layers", () => {
  const imports = SOURCE_DIRS.flatMap(sourceFiles).flatMap((file) => importsOf(file));

  it("reads the imports of the whole tree", () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.some((i) => i.from === ROUTE_TABLE && i.to.startsWith("app/api/"))).toBe(true);
  });

  it("keeps every import within the layer rules", () => {
    expect(layerViolations(imports)).toEqual([]);
  });

  it("has no import loop between folders", () => {
    expect(folderCycles(imports)).toEqual([]);
  });

  it("names a forbidden import and a loop when one is added", () => {
    const added = [
      ...importsOf("server/keys/service.ts", 'import { t } from "../trpc/init";'),
      ...importsOf("db/schema/index.ts", 'import { getEnv } from "@/server/platform/env";'),
      ...importsOf("server/platform/env.ts", 'import { createKey } from "../keys/service";'),
    ];
    expect(layerViolations(added)).toEqual([
      "server/keys/service.ts → server/trpc/init.ts: a domain reaches the tRPC and REST adapters only from its router.ts",
      "db/schema/index.ts → server/platform/env.ts: db/ imports nothing of the app",
    ]);
    expect(folderCycles([...imports, ...added]).join("\n")).toContain(
      "server/platform → server/keys → server/platform",
    );
  });

  it("writes the ledger's tables from server/ledger/ only, and names a write elsewhere", () => {
    const files = SOURCE_DIRS.flatMap(sourceFiles).map((file) => ({
      file,
      text: readFileSync(path.join(ROOT, file), "utf8"),
    }));
    expect(ledgerWritesOutside(files)).toEqual([]);
    expect(files.some((f) => LEDGER_WRITERS(f.file) && f.text.match(LEDGER_WRITE))).toBe(true);
    const planted = [
      { file: "server/billing/x.ts", text: "await tx.update(ledgerAccounts).set({})" },
      { file: "server/llm/y.ts", text: "sql`insert into ledger_entries (transfer_id) values (1)`" },
    ];
    expect(ledgerWritesOutside(planted)).toEqual([
      "server/billing/x.ts: .update(ledgerAccounts",
      "server/llm/y.ts: insert into ledger_entries",
    ]);
  });
});
