export * from "./agents";
export * from "./audit";
export * from "./jobs";
export * from "./orgs";
export * from "./users";
