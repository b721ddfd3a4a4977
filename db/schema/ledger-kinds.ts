// Plain data shared by the schema and the dashboard (which must not import drizzle tables).
export const TRANSFER_KINDS = ["topup", "usage", "grant", "refund", "adjustment", "reversal"] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];
