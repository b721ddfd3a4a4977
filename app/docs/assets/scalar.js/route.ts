import { scalarBundle } from "@/server/docs/scalar-bundle";

// GET /docs/assets/scalar.js?v=<hash> — Scalar's reference bundle from this server (no CDN).
export async function GET(): Promise<Response> {
  const { bytes } = await scalarBundle();
  return new Response(bytes, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
    },
  });
}
