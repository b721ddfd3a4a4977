import { describe } from "vitest";

/**
 * For tests whose point is concurrency: PGlite serialises everything, so they could not fail
 * there. Without DATABASE_URL they skip (locally); CI runs them in its PostgreSQL pass and
 * fails that pass if anything was skipped.
 */
export const describeOnPostgres = process.env.DATABASE_URL ? describe : describe.skip;
