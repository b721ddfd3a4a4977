import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clientFiles } from "@/scripts/client-files";

// The committed typed client is generated from the routes' contracts; a route or schema change
// without `npm run generate:client` leaves it stale, and this fails with the file's name.

describe("the committed typed client", () => {
  it("matches what `npm run generate:client` writes from the current routes", async () => {
    const files = await clientFiles();
    expect(Object.keys(files).length).toBe(2);
    for (const [file, text] of Object.entries(files)) {
      expect(readFileSync(file, "utf8"), `${file} is stale: run npm run generate:client`).toBe(text);
    }
  });
});
