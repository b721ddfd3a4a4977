// Writes the OpenAPI document: `npm run generate:openapi [-- --out FILE]`. The committed copy
// (client/openapi.json, priced with the defaults) is the typed client's input; `npm run build`
// writes the served one into .next.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openApiJson } from "@/server/openapi/serve";
import { parseEnv } from "@/server/platform/env";

const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? (process.argv[outIndex + 1] as string) : "client/openapi.json";
// Defaults only: the committed document must not depend on whoever runs the script.
const text = openApiJson(parseEnv({}));
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, text);
console.info(`wrote ${out} (${(text.length / 1024).toFixed(0)} KiB)`);
