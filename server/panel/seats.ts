import { and, eq, gt, ilike, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Agent, type AgentPersona, agents, apiKeys, organizations, type PanelSeat } from "@/db/schema";
import { languageName } from "@/lib/languages";
import { recordAudit } from "../audit/service";
import type { OrgContext } from "../context";
import { AppError } from "../errors";
import { insertApiKey } from "../keys/service";
import { resolveModel } from "../llm/catalog";
import { now } from "../platform/clock";

// Who sits on a run's four seats. Omitted seats are the org's four default panel agents
// (created, with personas, on first use). A seat is the org's own agent, which calls as its
// `panel` key (created on first use, so that key's caps and rate limit apply), or another org's
// public agent: a guest, whose persona is used and whose turns the running org pays for.

export const DEFAULT_SEATS: { name: string; persona: AgentPersona; description: string }[] = [
  {
    name: "Panel · English (OpenAI)",
    description: "Default panel seat 1: a pragmatic engineer who speaks English.",
    persona: {
      system_prompt:
        "You are a pragmatic software engineer on a panel. Be concrete, name trade-offs, and keep it short.",
      model: "openai/gpt-4o-mini",
      language: "en",
    },
  },
  {
    name: "Panel · Spanish (Mistral)",
    description: "Default panel seat 2: a careful researcher who speaks Spanish.",
    persona: {
      system_prompt:
        "Eres una investigadora cuidadosa en un panel. Apoyas tus opiniones con evidencia y señalas lo que no se sabe.",
      model: "mistral/mistral-small-latest",
      language: "es",
    },
  },
  {
    name: "Panel · Japanese (OpenAI)",
    description: "Default panel seat 3: a product designer who speaks Japanese.",
    persona: {
      system_prompt:
        "あなたはパネルに参加しているプロダクトデザイナーです。利用者の視点から簡潔に意見を述べてください。",
      model: "openai/gpt-4o-mini",
      language: "ja",
    },
  },
  {
    name: "Panel · Arabic (Mistral)",
    description: "Default panel seat 4: a strategist who speaks Arabic.",
    persona: {
      system_prompt: "أنت خبير استراتيجي في لجنة نقاش. قدّم رأيًا واضحًا ومختصرًا يراعي المخاطر والفرص.",
      model: "mistral/mistral-small-latest",
      language: "ar",
    },
  },
];

export const LOCAL_MODEL = "local/brikk-1";

/** What an agent without a persona says on a panel. */
function personaOf(agent: Agent): AgentPersona {
  return (
    agent.persona ?? {
      system_prompt: `You are ${agent.name}${agent.description ? `: ${agent.description}` : ""}.`,
      model: LOCAL_MODEL,
      language: "en",
    }
  );
}

/** The model a turn asks for: the persona's, or the local provider when that one is not configured here. */
export function modelForTurn(persona: AgentPersona): { model: string; substituted: boolean } {
  try {
    return { model: resolveModel(persona.model).id, substituted: false };
  } catch {
    return { model: LOCAL_MODEL, substituted: true };
  }
}

export type TranscriptLine = { agentName: string; language: string; round: number; text: string };

/** A turn's messages: its seat's instruction and persona, then the question and the panel so far. */
export function seatMessages(
  persona: AgentPersona,
  turn: {
    seat: PanelSeat;
    round: number;
    run: { prompt: string; rounds: number };
    transcript: TranscriptLine[];
  },
): { role: "system" | "user"; content: string }[] {
  const said = turn.transcript.map(
    (line) => `${line.agentName} (${languageName(line.language)}, round ${line.round}): ${line.text}`,
  );
  const question = `Question: ${turn.run.prompt}`;
  return [
    { role: "system", content: seatInstruction(persona, turn.seat.seat, turn.round, turn.run.rounds) },
    {
      role: "user",
      content: said.length ? `${question}\n\nThe panel so far:\n${said.join("\n")}` : question,
    },
  ];
}

function seatInstruction(persona: AgentPersona, seat: number, round: number, rounds: number): string {
  const language = languageName(persona.language);
  const followUp =
    round > 1
      ? ` This is round ${round} of ${rounds}: follow up on what the others said in round ${round - 1}; build on one point or challenge it, by name.`
      : "";
  return `Answer in ${language} only, whatever language the others use, in at most four sentences. You are seat ${seat} of a four-agent panel discussing the question you are given.${followUp}\n\n${persona.system_prompt}`;
}

/** The org's default panel agents, created with their personas the first time they are needed. */
async function defaultSeatAgents(tx: DbOrTx, ctx: OrgContext): Promise<Agent[]> {
  // Two first runs at once must not create eight agents.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`brikk-panel-seats:${ctx.org.id}`}, 0))`,
  );
  const names = DEFAULT_SEATS.map((seat) => seat.name);
  const existing = await tx
    .select()
    .from(agents)
    .where(and(eq(agents.orgId, ctx.org.id), inArray(agents.name, names), isNull(agents.deletedAt)));
  const seated: Agent[] = [];
  for (const seat of DEFAULT_SEATS) {
    const found = existing.find((agent) => agent.name === seat.name);
    if (found) {
      seated.push(found);
      continue;
    }
    const [created] = await tx
      .insert(agents)
      .values({
        orgId: ctx.org.id,
        name: seat.name,
        description: seat.description,
        tags: ["panel"],
        persona: seat.persona,
        createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      })
      .returning();
    if (!created) throw new Error("agent insert returned nothing");
    await recordAudit(tx, {
      orgId: ctx.org.id,
      actor: ctx.actor,
      action: "agent.created",
      target: { type: "agent", id: created.id },
      metadata: { name: created.name, public: false, panel_default: true },
      requestId: ctx.requestId,
    });
    seated.push(created);
  }
  return seated;
}

/** The named agents: the org's own, or other orgs' public ones; anything else is a 404 naming the seat. */
async function namedSeatAgents(tx: DbOrTx, ctx: OrgContext, named: (string | null)[]): Promise<Agent[]> {
  const defaults = named.includes(null) ? await defaultSeatAgents(tx, ctx) : [];
  const ids = named.map((id, i) => id ?? (defaults[i] as Agent).id);
  const rows = await tx
    .select()
    .from(agents)
    .where(
      and(
        inArray(agents.id, ids),
        isNull(agents.deletedAt),
        or(eq(agents.orgId, ctx.org.id), eq(agents.public, true)),
      ),
    );
  return ids.map((id, i) => {
    const agent = rows.find((row) => row.id === id);
    if (!agent) {
      throw new AppError("not_found", `Agent not found for seat ${i + 1}`, {
        errors: [{ pointer: `/seats/${i}`, detail: `no agent ${id} you can seat` }],
      });
    }
    if (agent.status !== "active") {
      throw new AppError("unprocessable", `The agent on seat ${i + 1} is inactive`, {
        errors: [{ pointer: `/seats/${i}`, detail: "activate the agent to seat it" }],
      });
    }
    return agent;
  });
}

/** Each agent's usable `panel` key, created for those that have none. */
async function panelKeyIds(tx: DbOrTx, ctx: OrgContext, agentIds: string[]): Promise<Map<string, string>> {
  const found = agentIds.length
    ? await tx
        .select({ id: apiKeys.id, agentId: apiKeys.agentId })
        .from(apiKeys)
        .where(
          and(
            inArray(apiKeys.agentId, agentIds),
            eq(apiKeys.name, "panel"),
            eq(apiKeys.kind, "agent"),
            isNull(apiKeys.revokedAt),
            or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now())),
          ),
        )
    : [];
  const keys = new Map(found.map((key) => [key.agentId as string, key.id]));
  for (const agentId of new Set(agentIds)) {
    if (!keys.has(agentId))
      keys.set(agentId, (await insertApiKey(tx, ctx, { agentId, kind: "agent", name: "panel" })).id);
  }
  return keys;
}

export type SeatPlan = PanelSeat;

/** The four seats as the run will take them (agents created and keys issued where needed). */
export function prepareSeats(ctx: OrgContext, ids: (string | null)[] | undefined): Promise<SeatPlan[]> {
  return ctx.db.transaction(async (tx) => {
    const chosen = ids ? await namedSeatAgents(tx, ctx, ids) : await defaultSeatAgents(tx, ctx);
    const keys = await panelKeyIds(
      tx,
      ctx,
      chosen.filter((agent) => agent.orgId === ctx.org.id).map((agent) => agent.id),
    );
    const seats: SeatPlan[] = [];
    for (const [i, agent] of chosen.entries()) {
      const guest = agent.orgId !== ctx.org.id;
      const persona = personaOf(agent);
      seats.push({
        seat: i + 1,
        agent_id: agent.id,
        agent_name: agent.name,
        guest,
        language: persona.language,
        model: persona.model,
        key_id: guest ? null : (keys.get(agent.id) ?? null),
      });
    }
    return seats;
  });
}

/** The seat's persona as it is now (a guest's system prompt is read at its turn, never copied out). */
export async function currentPersona(db: DbOrTx, agentId: string): Promise<AgentPersona | null> {
  return (await seatPersonas(db, [agentId])).get(agentId) ?? null;
}

/** The personas of the run's seats, read once when it starts playing (deleted agents have none). */
export async function seatPersonas(db: DbOrTx, agentIds: string[]): Promise<Map<string, AgentPersona>> {
  const rows = agentIds.length
    ? await db
        .select()
        .from(agents)
        .where(and(inArray(agents.id, agentIds), isNull(agents.deletedAt)))
    : [];
  return new Map(rows.map((agent) => [agent.id, personaOf(agent)]));
}

/** What the page offers for each seat: the defaults, the org's own agents, other orgs' public agents. */
export async function seatOptions({ ctx, input }: { ctx: OrgContext; input: { q?: string } }) {
  const own = await ctx.db
    .select()
    .from(agents)
    .where(and(eq(agents.orgId, ctx.org.id), isNull(agents.deletedAt), eq(agents.status, "active")))
    .orderBy(agents.name)
    .limit(200);
  const search = input.q ? `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const guests = await ctx.db
    .select({ agent: agents, orgName: organizations.name })
    .from(agents)
    .innerJoin(organizations, eq(organizations.id, agents.orgId))
    .where(
      and(
        eq(agents.public, true),
        ne(agents.orgId, ctx.org.id),
        isNull(agents.deletedAt),
        eq(agents.status, "active"),
        search ? ilike(agents.name, search) : undefined,
      ),
    )
    .orderBy(agents.name)
    .limit(50);
  const option = (agent: Agent, orgName: string | null) => {
    const persona = personaOf(agent);
    return {
      agent_id: agent.id,
      name: agent.name,
      org_name: orgName,
      guest: orgName !== null,
      language: persona.language,
      model: persona.model,
      has_persona: agent.persona !== null,
    };
  };
  return {
    defaults: DEFAULT_SEATS.map((seat) => ({
      name: seat.name,
      language: seat.persona.language,
      model: seat.persona.model,
      agent_id: own.find((agent) => agent.name === seat.name)?.id ?? null,
    })),
    own: own.map((agent) => option(agent, null)),
    guests: guests.map((row) => option(row.agent, row.orgName)),
    /** No configured provider serves the defaults' models: every seat will run on `local`. */
    local_only: DEFAULT_SEATS.every((seat) => modelForTurn(seat.persona).substituted),
  };
}
