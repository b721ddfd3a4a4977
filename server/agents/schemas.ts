import { z } from "zod";
import { AGENT_STATUSES } from "@/db/schema";
import { LANGUAGE_CODES } from "@/lib/languages";
import { IssuedKey } from "../keys/schemas";
import { pageLimit } from "../platform/paging";
import { pageOf, ResourceId, ResourceRef, Timestamp } from "../schemas";

export const METADATA_MAX_BYTES = 16 * 1024;

const name = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .max(100, "name must be at most 100 characters");
const description = z.string().trim().max(1_000, "description must be at most 1000 characters").nullable();
const status = z.enum(AGENT_STATUSES, { error: `status must be one of ${AGENT_STATUSES.join(", ")}` });
const tags = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(40, "a tag must be at most 40 characters")
      .regex(/^[\w.:-]+$/, "a tag may hold letters, digits and _ . : - only"),
  )
  .max(20, "at most 20 tags")
  .transform((list) => [...new Set(list)]);
/** Public agents can be read and rated by every organization; changing it needs admin or owner. */
const visibility = z.boolean({ error: "public must be true or false" });
/** How the agent speaks on a panel; null for an agent that never takes a seat. */
export const AgentPersona = z
  .strictObject({
    system_prompt: z
      .string({ error: "persona.system_prompt is required" })
      .trim()
      .min(1, "persona.system_prompt is required")
      .max(4_000, "persona.system_prompt must be at most 4000 characters"),
    model: z
      .string({ error: "persona.model is required" })
      .trim()
      .min(1, "persona.model is required")
      .max(100, "persona.model must be at most 100 characters")
      .regex(/^[\w.:-]+(\/[\w.:-]+)?$/, "persona.model is a model id such as openai/gpt-4o-mini")
      .meta({
        description:
          "The model its turns ask for (`provider/model`). When that provider is not configured here, the turn runs on the built-in `local` provider and says so.",
      }),
    language: z
      .enum(LANGUAGE_CODES, { error: `persona.language must be one of ${LANGUAGE_CODES.join(", ")}` })
      .meta({ description: "ISO 639-1 code of the language it answers in." }),
  })
  .nullable();
export type AgentPersona = z.infer<typeof AgentPersona>;

/** The persona as the agent view shows it. */
const AgentPersonaView = z
  .object({ system_prompt: z.string(), model: z.string(), language: z.enum(LANGUAGE_CODES) })
  .nullable()
  .meta({
    id: "AgentPersona",
    description: "How the agent speaks when it takes a panel seat; null if never set.",
  });

const metadata = z
  .record(z.string(), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= METADATA_MAX_BYTES, {
    message: `metadata must be at most ${METADATA_MAX_BYTES} bytes of JSON`,
  });

export const CreateAgentInput = z.strictObject({
  name,
  description: description.optional(),
  status: status.default("active"),
  tags: tags.default([]),
  metadata: metadata.default({}),
  public: visibility.default(false),
  persona: AgentPersona.default(null),
  key_name: z.string().trim().min(1).max(100).default("default"),
});
export type CreateAgentInput = z.infer<typeof CreateAgentInput>;

/** PUT replaces every field (omitted optional fields are reset to their defaults). */
export const ReplaceAgentInput = z.strictObject({
  name,
  description: description.default(null),
  status: status.default("active"),
  tags: tags.default([]),
  metadata: metadata.default({}),
  public: visibility.default(false),
  persona: AgentPersona.default(null),
});
export type ReplaceAgentInput = z.infer<typeof ReplaceAgentInput>;

/** PATCH changes only the fields it names. */
export const PatchAgentInput = z
  .strictObject({ name, description, status, tags, metadata, public: visibility, persona: AgentPersona })
  .partial()
  .refine((value) => Object.keys(value).length > 0, { message: "send at least one field to change" });
export type PatchAgentInput = z.infer<typeof PatchAgentInput>;

export const ListAgentsInput = z.strictObject({
  status: status.optional(),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(64).optional(),
  limit: pageLimit(20),
});
export type ListAgentsInput = z.infer<typeof ListAgentsInput>;

export const AgentRef = ResourceRef;
export type AgentRef = z.infer<typeof AgentRef>;

/** An update names the agent and what changes: PUT sends every field, PATCH and the dashboard some. */
export const UpdateAgentInput = z.strictObject({ id: ResourceId, patch: PatchAgentInput });
export type UpdateAgentInput = { id: string; patch: ReplaceAgentInput | PatchAgentInput };

// Responses, as they travel in JSON.

export const AgentView = z.object({
  id: z.string(),
  org_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(AGENT_STATUSES),
  tags: z.array(z.string()),
  metadata: z.record(z.string(), z.unknown()),
  public: z
    .boolean()
    .meta({ description: "Readable and rateable by every organization; listed on the leaderboard." }),
  persona: AgentPersonaView,
  created_by: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const AgentPage = pageOf(AgentView);

/** A new agent and its first key (the key's secrets are shown this once). */
export const CreatedAgent = z.object({ agent: AgentView, api_key: IssuedKey });
