import type { FieldError } from "./errors";

// How bad input is reported, shared by the REST pipeline (server/http/body.ts) and tRPC
// (server/trpc/init.ts): one field error per bad field, named by its JSON pointer.

type PathSegment = PropertyKey | { key: PropertyKey };

/** JSON pointer (RFC 6901) for a zod (or Standard Schema) issue path. */
export function toPointer(path: ReadonlyArray<PathSegment>): string {
  return path
    .map((segment) => (typeof segment === "object" ? segment.key : segment))
    .map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}

type IssueLike = { message: string; path?: ReadonlyArray<PathSegment>; code?: string; keys?: string[] };

/** One `{ pointer, detail }` per bad field; unknown keys are reported one by one. */
export function fieldErrors(error: { issues: ReadonlyArray<IssueLike> }): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path ?? [];
    if (issue.code === "unrecognized_keys" && issue.keys) {
      return issue.keys.map((key) => ({
        pointer: toPointer([...path, key]),
        detail: `unknown field "${key}"`,
      }));
    }
    return [{ pointer: toPointer(path), detail: issue.message }];
  });
}

/**
 * Strings PostgreSQL cannot store: the NUL character (refused by text and jsonb) and unpaired
 * UTF-16 surrogates (refused by jsonb). Reported as the client's mistake, before any write.
 */
export function unstorableStrings(
  value: unknown,
  path: PropertyKey[] = [],
  found: FieldError[] = [],
): FieldError[] {
  const bad = (text: string) => text.includes("\u0000") || !text.isWellFormed();
  if (typeof value === "string") {
    if (bad(value)) {
      found.push({ pointer: toPointer(path), detail: "text may not contain U+0000 or unpaired surrogates" });
    }
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) unstorableStrings(item, [...path, i], found);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (bad(key))
        found.push({ pointer: toPointer([...path, key]), detail: "field names may not contain U+0000" });
      unstorableStrings(item, [...path, key], found);
    }
  }
  return found;
}
