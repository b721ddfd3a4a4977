// Scopes a management key can hold; each is checked by the routes that need it. Plain data, so
// the dashboard can import the same list the server checks.
export const MANAGEMENT_SCOPES = [
  "agents:read",
  "agents:write",
  "keys:write",
  "billing:read",
  "billing:write",
] as const;
export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];
