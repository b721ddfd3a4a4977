// npm run db:migrate — apply pending migrations without starting the app (the app also does
// this itself at startup; this is for deploy pipelines that migrate as a separate step).
import { closeDb, getDb } from "@/server/platform/db";

getDb()
  .then(async () => {
    console.info("migrations applied");
    await closeDb();
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
