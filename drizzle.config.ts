import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL here (`npm run db:generate`); the app applies migrations itself
// at startup, so no credentials are needed in this file.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
  strict: true,
});
