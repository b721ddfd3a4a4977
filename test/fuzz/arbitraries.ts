import fc from "fast-check";
import { z } from "zod";

// Request bodies for property tests, derived from the routes' own zod schemas (through their
// JSON Schema), then bent: fields dropped, retyped, oversized, unknown fields added, and plain
// garbage mixed in. Most generated bodies must be rejected; none may crash the server.

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  default?: unknown;
};

const anyJson = fc.jsonValue({ maxDepth: 3 });

function fromJsonSchema(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(fromJsonSchema));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return fc.string({
        unit: "binary",
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 60, 60),
      });
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(schema.items ? fromJsonSchema(schema.items) : anyJson, {
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case "object": {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0)
        return fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 4 });
      const required = new Set(schema.required ?? []);
      const record = Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, fromJsonSchema(value)]),
      );
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    default:
      return anyJson;
  }
}

/** Bodies that follow the schema's shape, then the same shapes broken in the usual ways. */
export function bodiesFor(schema: z.ZodType): fc.Arbitrary<string> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const valid = fromJsonSchema(json);
  const broken = valid.chain((value) =>
    fc.oneof(
      // an unknown field
      fc.constant(
        value && typeof value === "object" && !Array.isArray(value) ? { ...value, surprise: 1 } : value,
      ),
      // every field retyped
      fc.constant(
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.keys(value).map((k) => [k, [k]]))
          : value,
      ),
      // a huge string where a field was
      fc.constant(
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.keys(value).map((k) => [k, "x".repeat(20_000)]))
          : value,
      ),
    ),
  );
  return fc.oneof(
    { arbitrary: valid.map((v) => JSON.stringify(v)), weight: 3 },
    { arbitrary: broken.map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: anyJson.map((v) => JSON.stringify(v)), weight: 1 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
    { arbitrary: fc.constantFrom("", "{", '{"a":', "null", "[]", '"str"', "{}", "\u0000"), weight: 1 },
  );
}

/** Raw bytes that are not valid UTF-8, to be sent as a JSON body. */
export const invalidUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 16 })
  .map((bytes) => new Uint8Array([0x7b, 0x22, 0xc3, 0x28, ...bytes]));

/** Query strings: the schema's names with odd values, and unknown names. */
export function queriesFor(names: string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(
    fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })),
    fc.string({ maxLength: 30 }),
  );
  return fc.array(pair, { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString());
}

/** Path ids: plausible, foreign-looking and garbage. */
export const pathIds = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.constantFrom("agt_", "key_", "org_", "../../etc/passwd", "%00", "' OR 1=1 --", "x".repeat(200)),
);
