// npm run admin -- grant EMAIL | revoke EMAIL
// Platform administration from a shell with database access. In embedded mode the app must be
// stopped first: PGlite allows one process per data directory, and the lock says so.
import { setPlatformAdmin } from "@/server/auth/service";
import { getDb } from "@/server/platform/db";
import { runCli } from "./run-cli";

const USAGE = "usage: npm run admin -- grant EMAIL | revoke EMAIL";

async function main(argv: string[]): Promise<number> {
  const [command, email] = argv;
  if ((command !== "grant" && command !== "revoke") || !email) {
    console.error(USAGE);
    return 2;
  }
  const user = await setPlatformAdmin(await getDb(), email, command === "grant");
  console.info(`${user.email} is ${command === "grant" ? "now" : "no longer"} a platform admin`);
  return 0;
}

runCli(main);
