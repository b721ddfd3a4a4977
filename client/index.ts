import createClient, { type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema";

// Brikk's typed API client: openapi-fetch over the types generated from /openapi.json. Paths,
// parameters, bodies and answers are checked by TypeScript; every call resolves to
// `{ data, error, response }` (error: the RFC 9457 problem, or OpenAI's error on the gateway).
//
//   const brikk = createBrikkClient({ baseUrl: "http://localhost:3000", apiKey: process.env.BRIKK_API_KEY });
//   const { data, error } = await brikk.POST("/api/v1/echo", { body: { message: "hello" } });

export type BrikkClientOptions = Omit<ClientOptions, "baseUrl"> & {
  /** The server's origin, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** An agent or management key (`brk_live_…`), sent as `Authorization: Bearer`. */
  apiKey?: string;
};

export function createBrikkClient({ baseUrl, apiKey, headers, ...options }: BrikkClientOptions) {
  const merged = new Headers(headers as HeadersInit | undefined);
  if (apiKey) merged.set("authorization", `Bearer ${apiKey}`);
  return createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ""), headers: merged, ...options });
}

export type BrikkClient = ReturnType<typeof createBrikkClient>;
export type Schemas = components["schemas"];
export type { components, operations, paths };
