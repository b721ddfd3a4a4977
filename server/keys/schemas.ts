import { z } from "zod";
import { MANAGEMENT_SCOPES } from "../../lib/management-scopes";
import { parseUsdToMicros } from "../platform/money";
import { Decimal, ResourceId, ResourceRef, Timestamp } from "../schemas";

// One schema per input of the key actions, shared by the REST routes and the tRPC procedures.

export const KeyId = ResourceId;
export const KeyRef = ResourceRef;
export type KeyRef = z.infer<typeof KeyRef>;

const KeyName = z.string().trim().min(1, "name is required").max(100, "name is at most 100 characters");

export const NewAgentKeyInput = z.strictObject({ name: KeyName });

export const CreateManagementKeyInput = z.strictObject({
  name: KeyName,
  scopes: z
    .array(z.enum(MANAGEMENT_SCOPES, { error: `scopes must be among ${MANAGEMENT_SCOPES.join(", ")}` }))
    .min(1, "pick at least one scope")
    .transform((list) => [...new Set(list)]),
});
export type CreateManagementKeyInput = z.infer<typeof CreateManagementKeyInput>;

/** What a create call asks for: a key for one agent, or a management key for the org. */
export type CreateKeyInput =
  | { kind: "agent"; agent_id: string; name: string }
  | ({ kind: "management" } & CreateManagementKeyInput);

/** A daily cap in USD as a decimal string ("2.50"); null puts the key back on the server's default. */
const CapUsd = (field: string) =>
  z
    .string({ error: `${field} must be a decimal string like "2.50", or null for the default` })
    .trim()
    .regex(/^\d{1,6}(\.\d{1,6})?$/, `${field} must be a decimal string like "2.50" (at most 6 decimals)`)
    .transform((value) => parseUsdToMicros(value))
    .nullable();

export const UpdateKeyInput = z
  .strictObject({
    name: z.string().trim().min(1, "name must not be empty").max(100, "name is at most 100 characters"),
    require_signature: z.boolean({ error: "require_signature must be true or false" }),
    rate_limit_per_min: z
      .number({ error: "rate_limit_per_min must be a whole number or null" })
      .int("rate_limit_per_min must be a whole number")
      .min(1, "rate_limit_per_min must be at least 1")
      .max(100_000, "rate_limit_per_min must be at most 100000")
      .nullable(),
    soft_cap_usd: CapUsd("soft_cap_usd"),
    hard_cap_usd: CapUsd("hard_cap_usd"),
  })
  .partial()
  .refine((input) => Object.keys(input).length > 0, { error: "send at least one field to change" });
export type UpdateKeyInput = z.infer<typeof UpdateKeyInput>;

export const RotateInput = z.strictObject({
  grace_seconds: z
    .number({ error: "grace_seconds must be a whole number of seconds" })
    .int("grace_seconds must be a whole number of seconds")
    .min(0, "grace_seconds must be 0 or more")
    .max(30 * 86_400, "grace_seconds must be at most 30 days")
    .default(86_400),
});
export type RotateInput = z.infer<typeof RotateInput>;

/** The dashboard's and the services' inputs: the key named beside what the REST body carries. */
export const UpdateKeyAction = KeyRef.extend({ patch: UpdateKeyInput });
export const RotateKeyInput = KeyRef.extend(RotateInput.shape);
export type RotateKeyInput = z.infer<typeof RotateKeyInput>;
/** A key of one agent: the agent named in the call must own it. */
export const AgentKeyRef = z.strictObject({ agentId: ResourceId, keyId: KeyId });
export const NewKeyForAgent = NewAgentKeyInput.extend({ agentId: ResourceId });

// Responses, as they travel in JSON.

export const ApiKeyView = z.object({
  id: z.string(),
  kind: z.enum(["agent", "management"]),
  name: z.string(),
  prefix: z.string(),
  agent_id: z.string().nullable(),
  org_id: z.string(),
  scopes: z.array(z.string()),
  created_at: Timestamp,
  expires_at: Timestamp.nullable(),
  last_used_at: Timestamp.nullable(),
  revoked_at: Timestamp.nullable(),
  rotated_at: Timestamp.nullable(),
  previous_prefix: z.string().nullable(),
  previous_expires_at: Timestamp.nullable(),
  rate_limit_per_min: z.number().int().nullable(),
  soft_cap_usd: Decimal,
  hard_cap_usd: Decimal,
  soft_cap_is_default: z.boolean(),
  hard_cap_is_default: z.boolean(),
  require_signature: z.boolean(),
});

/** A new key: its secret and signing secret, shown this once. */
export const IssuedKey = ApiKeyView.extend({ secret: z.string(), signing_secret: z.string() });

export const AgentKeyList = z.object({ data: z.array(ApiKeyView) });

export const RotatedKey = z.object({
  key_id: z.string(),
  old_key_prefix: z.string(),
  new_key: z.string(),
  rotated_at: Timestamp,
  old_key_expires_at: Timestamp,
});

export const IssuedSigningSecret = z.object({ key_id: z.string(), signing_secret: z.string() });

export const CallingKey = ApiKeyView.extend({
  agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  org: z.object({ id: z.string(), name: z.string() }),
  authenticated_with: z.enum(["current_secret", "previous_secret"]),
});
