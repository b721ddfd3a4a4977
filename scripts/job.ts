// npm run job -- NAME    (or `npm run job -- --list`)
// Runs one scheduled job now, for system cron or a Kubernetes CronJob. Exit code 0 when the job
// ran or was skipped because another instance holds its lock, 1 when it failed.
import { isJobName, JOBS } from "@/server/jobs/registry";
import { runJob } from "@/server/jobs/runner";
import { getDb } from "@/server/platform/db";
import { runCli } from "./run-cli";

async function main(argv: string[]): Promise<number> {
  const [name] = argv;
  if (!name || name === "--list") {
    for (const [job, def] of Object.entries(JOBS))
      console.info(`${job.padEnd(24)} ${def.schedule.padEnd(12)} ${def.description}`);
    return name ? 0 : 2;
  }
  if (!isJobName(name)) {
    console.error(`unknown job "${name}"; known jobs: ${Object.keys(JOBS).join(", ")}`);
    return 2;
  }
  const outcome = await runJob(await getDb(), name, "cli");
  console.info(JSON.stringify({ job: name, ...outcome }));
  return outcome.status === "failed" ? 1 : 0;
}

runCli(main);
