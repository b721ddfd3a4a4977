import { Cron } from "croner";
import { getDb } from "../platform/db";
import { getLogger } from "../platform/logger";
import { JOBS, type JobName } from "./registry";
import { runJob } from "./runner";

const SCHEDULE_KEY = Symbol.for("brikk.schedule");
type Holder = { [SCHEDULE_KEY]?: Cron[] };

/** Embedded mode only: run every job on its schedule inside this process. */
export function startInProcessSchedule(): void {
  const holder = globalThis as Holder;
  if (holder[SCHEDULE_KEY]) return;
  holder[SCHEDULE_KEY] = (Object.keys(JOBS) as JobName[]).map(
    (name) =>
      new Cron(JOBS[name].schedule, { timezone: "UTC", protect: true }, async () => {
        await runJob(await getDb(), name, "schedule");
      }),
  );
  getLogger().info({ jobs: Object.keys(JOBS) }, "in-process job schedule started");
}

export function stopInProcessSchedule(): void {
  const holder = globalThis as Holder;
  for (const cron of holder[SCHEDULE_KEY] ?? []) cron.stop();
  delete holder[SCHEDULE_KEY];
}
