import { ANY_KEY } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { CallingKey } from "@/server/keys/schemas";
import { callingKey } from "@/server/keys/service";

// GET /api/v1/keys/me — the calling key: id, prefix, agent, org, dates, limits, caps; never the secret
export const GET = endpoint({ route: "/api/v1/keys/me", access: ANY_KEY, response: CallingKey }, ({ ctx }) =>
  callingKey({ ctx }),
);
