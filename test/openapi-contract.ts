import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// Checks real answers against the served /openapi.json with a JSON Schema 2020-12 validator:
// the status must be documented for the operation, the body must match the schema documented
// for that status and content type, every documented header it carries must match, required ones
// must be there, and a Brikk or rate-limit header the document does not name fails.

type Json = Record<string, unknown>;
type Operation = { method: string; path: string; op: Json };
export type Answer = { status: number; headers: Record<string, string>; text: string };

const DOC_ID = "https://brikk.test/openapi.json";
const CHECKED_HEADER = /^(x-brikk-|x-ratelimit-|retry-after$|idempotent-replayed$|x-request-id$)/i;

/** Objects the document leaves open (zod's plain objects) are closed here: an undocumented field fails. */
function closeObjects(node: unknown, inAllOf = false): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item, inAllOf);
    return;
  }
  if (!node || typeof node !== "object") return;
  const schema = node as Json;
  if (schema.type === "object" && schema.properties && !("additionalProperties" in schema) && !inAllOf) {
    schema.additionalProperties = false;
  }
  // An allOf member stays open: closing it would refuse the fields its siblings define.
  for (const [key, value] of Object.entries(schema)) closeObjects(value, inAllOf || key === "allOf");
}

const pointer = (...parts: string[]) =>
  `${DOC_ID}#/${parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;

export class OpenApiContract {
  readonly operations = new Map<string, Operation>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly doc: Json;
  readonly seen = new Map<string, Set<number>>();

  constructor(document: Json) {
    this.doc = structuredClone(document);
    closeObjects((this.doc.components as Json).schemas);
    closeObjects(this.doc.paths);
    addFormats(this.ajv);
    this.ajv.addSchema({ ...this.doc, $id: DOC_ID });
    for (const [path, item] of Object.entries(this.doc.paths as Record<string, Json>)) {
      for (const [method, op] of Object.entries(item)) {
        const operation = op as Json;
        this.operations.set(operation.operationId as string, {
          method: method.toUpperCase(),
          path,
          op: operation,
        });
      }
    }
  }

  private validator(ref: string): ValidateFunction {
    const validate = this.ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${ref}`);
    return validate;
  }

  private resolve(node: Json): Json {
    if (typeof node.$ref !== "string") return node;
    const parts = node.$ref.replace(/^#\//, "").split("/");
    return parts.reduce<Json>(
      (at, part) => at[part.replaceAll("~1", "/").replaceAll("~0", "~")] as Json,
      this.doc,
    );
  }

  /** Every problem with this answer to `operationId`; empty when it matches the document. */
  problems(operationId: string, method: string, answer: Answer): string[] {
    const operation = this.operations.get(operationId);
    if (!operation) return [`${operationId} is not in the document`];
    if (operation.method !== method) return [`${operationId} is ${operation.method}, called with ${method}`];
    const seen = this.seen.get(operationId) ?? new Set();
    seen.add(answer.status);
    this.seen.set(operationId, seen);
    const responses = operation.op.responses as Record<string, Json>;
    const response = responses[String(answer.status)];
    if (!response)
      return [`${operationId}: status ${answer.status} is not documented (${answer.text.slice(0, 200)})`];
    const out: string[] = [];
    const base = ["paths", operation.path, method.toLowerCase(), "responses", String(answer.status)];

    const content = response.content as Record<string, Json> | undefined;
    const type = (answer.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
    if (!content) {
      if (answer.text !== "") out.push(`${operationId} ${answer.status}: documented without a body, got one`);
    } else if (!content[type]) {
      out.push(
        `${operationId} ${answer.status}: content type ${type} not documented (${Object.keys(content)})`,
      );
    } else if (type === "text/event-stream") {
      out.push(...this.streamProblems(operationId, content[type] as Json, answer.text));
    } else {
      out.push(...this.bodyProblems(operationId, answer.status, type, JSON.parse(answer.text)));
    }

    const documented = Object.fromEntries(
      Object.entries((response.headers as Record<string, Json>) ?? {}).map(([name, header]) => [
        name.toLowerCase(),
        { name, header: this.resolve(header) },
      ]),
    );
    for (const [lower, { name, header }] of Object.entries(documented)) {
      const value = answer.headers[lower];
      if (value === undefined) {
        if (header.required) out.push(`${operationId} ${answer.status}: required header ${name} missing`);
        continue;
      }
      const ref = (response.headers as Record<string, Json>)[name]?.$ref as string | undefined;
      const at = ref ? `${DOC_ID}${ref}/schema` : pointer(...base, "headers", name, "schema");
      const validate = this.validator(at);
      if (!validate(value))
        out.push(
          `${operationId} ${answer.status}: header ${name}=${value}: ${this.ajv.errorsText(validate.errors)}`,
        );
    }
    for (const name of Object.keys(answer.headers)) {
      if (CHECKED_HEADER.test(name) && !documented[name.toLowerCase()]) {
        out.push(`${operationId} ${answer.status}: header ${name} is not documented`);
      }
    }
    return out;
  }

  /** What is wrong with `body` as the operation's answer with `status` in `type` (closed objects). */
  bodyProblems(operationId: string, status: number, type: string, body: unknown): string[] {
    const operation = this.operations.get(operationId);
    if (!operation) return [`${operationId} is not in the document`];
    const at = pointer(
      "paths",
      operation.path,
      operation.method.toLowerCase(),
      "responses",
      String(status),
      "content",
      type,
      "schema",
    );
    const validate = this.validator(at);
    if (validate(body)) return [];
    return [
      `${operationId} ${status} body: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`,
    ];
  }

  private streamProblems(operationId: string, media: Json, text: string): string[] {
    const validate = this.validator(`${DOC_ID}${(media.schema as Json).$ref as string}`);
    const events = text
      .split(/\r?\n\r?\n/)
      .map((block) =>
        block
          .split(/\r?\n/)
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trim())
          .join("\n"),
      )
      .filter(Boolean);
    const out: string[] = [];
    // OpenAI's streams end with [DONE]; a panel run's with its `run_ended` event.
    const done = events.at(-1) === "[DONE]";
    if (!done && (JSON.parse(events.at(-1) ?? "{}") as Json).type !== "run_ended")
      out.push(`${operationId}: the stream ends with neither [DONE] nor run_ended`);
    for (const event of done ? events.slice(0, -1) : events) {
      if (!validate(JSON.parse(event)))
        out.push(`${operationId} event: ${this.ajv.errorsText(validate.errors)} in ${event.slice(0, 200)}`);
    }
    if (events.length < 3) out.push(`${operationId}: only ${events.length} events`);
    return out;
  }
}
