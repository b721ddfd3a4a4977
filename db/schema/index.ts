export * from "./agents";
export * from "./audit";
export * from "./echo";
export * from "./idempotency";
export * from "./jobs";
export * from "./ledger";
export * from "./orgs";
export * from "./users";
