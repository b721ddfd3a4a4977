import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";

// Scalar's API reference bundle (script and styles in one file), read from node_modules once per
// process and served by the app itself: no CDN, so /docs works on networks that reach nothing else.
// Its URL carries a content hash, so it can be cached for good.

const BUNDLE = path.join(process.cwd(), "node_modules/@scalar/api-reference/dist/browser/standalone.js");

export type ScalarBundle = { bytes: Uint8Array<ArrayBuffer>; hash: string };

let loading: Promise<ScalarBundle> | null = null;

export function scalarBundle(): Promise<ScalarBundle> {
  loading ??= readFile(BUNDLE).then((buffer) => ({
    bytes: new Uint8Array(
      buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
    ) as Uint8Array<ArrayBuffer>,
    hash: createHash("sha256").update(buffer).digest("hex").slice(0, 16),
  }));
  return loading;
}
