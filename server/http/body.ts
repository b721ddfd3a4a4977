import type { z } from "zod";
import { AppError } from "../errors";
import { fieldErrors, unstorableStrings } from "../validation";

export function validationError(error: z.ZodError, where: "body" | "query" | "path"): AppError {
  const errors = fieldErrors(error);
  const first = errors[0];
  const summary = first
    ? `${first.pointer || "the request body"}: ${first.detail}`
    : "the request does not match the schema";
  return new AppError("unprocessable", `Invalid ${where}: ${summary}`, {
    errors: where === "body" ? errors : errors.map((e) => ({ ...e, in: where })),
  });
}

/** Reads the body as text, refusing more than `limit` bytes without buffering them all. */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  return decodeBody(await readBodyBytes(req, limit));
}

/**
 * A request that can hand over its body's bytes without a web stream implements this
 * (server/runtime/node-request.ts: read straight from Node's socket). It enforces `limit` and
 * returns null when the bytes must come through `body` after all.
 */
export const READ_BODY_BYTES = Symbol.for("brikk.readBodyBytes");
type DirectBody = { [READ_BODY_BYTES]?: (limit: number) => Promise<Uint8Array> | null };

/** The body's bytes exactly as sent (signatures cover bytes, not decoded text), size-limited. */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
  const direct = (req as Request & DirectBody)[READ_BODY_BYTES]?.(limit);
  if (direct) return direct;
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function decodeBody(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new AppError("bad_request", "The request body is not valid UTF-8");
  }
}

// fatal: invalid byte sequences are an error, not silently replaced with U+FFFD.
const UTF8 = new TextDecoder("utf-8", { fatal: true });

export function payloadTooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `Request body exceeds the limit of ${limit} bytes`, {
    limit_bytes: limit,
  });
}

export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  limit: number,
): Promise<z.infer<S>> {
  return parseJsonText(await readBodyText(req, limit), req.headers.get("content-type"), schema);
}

/** Validates an already-read body (the idempotency step reads it first to fingerprint it). */
export function parseJsonText<S extends z.ZodType>(
  text: string,
  contentType: string | null,
  schema: S,
): z.infer<S> {
  if (text.trim() === "") {
    return parseWith(schema, {}, "body");
  }
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType ?? "")) {
    throw new AppError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  return parseWith(schema, value, "body");
}

export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: "body" | "query" | "path",
): z.infer<S> {
  const unstorable = unstorableStrings(value);
  if (unstorable.length > 0) {
    const errors = where === "body" ? unstorable : unstorable.map((e) => ({ ...e, in: where }));
    throw new AppError(
      "unprocessable",
      `Invalid ${where}: ${unstorable[0]?.pointer || where}: ${unstorable[0]?.detail}`,
      {
        errors,
      },
    );
  }
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}
