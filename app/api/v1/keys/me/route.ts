import { ANY_KEY } from "@/server/http/access";
import { endpoint } from "@/server/http/endpoint";
import { CallingKey } from "@/server/keys/schemas";
import { callingKey } from "@/server/keys/service";

// GET /api/v1/keys/me — the calling key: id, prefix, agent, org, dates, limits, caps; never the secret
export const GET = endpoint(
  {
    docs: {
      id: "getCallingKey",
      tag: "Keys",
      summary: "Get the calling key",
      description:
        "The key this request authenticated with: id, prefix, agent, organization, dates, limits and caps, and whether the current or a retiring secret was used.",
    },
    route: "/api/v1/keys/me",
    access: ANY_KEY,
    response: CallingKey,
  },
  ({ ctx }) => callingKey({ ctx }),
);
