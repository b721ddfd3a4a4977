import { isAppError } from "@/server/errors";
import { closeDb } from "@/server/platform/db";

const EXPECTED_ERRORS = new Set(["ConfigError", "DataDirLockedError", "AppError"]);

/** Runs a CLI's main, prints expected failures as one line (no stack), closes the database. */
export function runCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2))
    .catch((error: unknown) => {
      const known = error instanceof Error && (EXPECTED_ERRORS.has(error.name) || isAppError(error));
      console.error(known ? `error: ${(error as Error).message}` : error);
      return 1;
    })
    .then(async (code) => {
      await closeDb().catch(() => {});
      process.exit(code);
    });
}
