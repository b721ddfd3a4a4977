import { referencePageHtml } from "@/server/docs/reference-page";
import { scalarBundle } from "@/server/docs/scalar-bundle";

// GET /docs — the interactive API reference (Scalar, served by this app; see reference-page.ts).
export async function GET(req: Request): Promise<Response> {
  const nonce = req.headers.get("x-nonce") ?? "";
  const { hash } = await scalarBundle();
  return new Response(referencePageHtml({ nonce, bundleHash: hash }), {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
