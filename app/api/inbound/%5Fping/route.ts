import { endpoint } from "@/server/http/endpoint";
import { now } from "@/server/platform/clock";

// GET /api/inbound/_ping — connectivity only; touches nothing.
export const GET = endpoint({ route: "/api/inbound/_ping", access: "public", database: false }, async () => ({
  status: "ok",
  time: now().toISOString(),
}));
