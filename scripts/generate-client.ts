// `npm run generate:client`: regenerates client/openapi.json and client/schema.d.ts.
import { writeFileSync } from "node:fs";
import { clientFiles } from "./client-files";

for (const [file, text] of Object.entries(await clientFiles())) {
  writeFileSync(file, text);
  console.info(`wrote ${file} (${(text.length / 1024).toFixed(0)} KiB)`);
}
