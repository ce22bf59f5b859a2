// npm run deadlines: escalates missed bank deadlines and closes unanswered responses, printing each.
// The server runs the same check on a timer (DEADLINE_CHECK_MINUTES).
import { runDeadlines } from "~/server/lifecycle.server";

const done = await runDeadlines(new Date());
for (const change of done) console.log(`${change.code}: ${change.from} → ${change.to}`);
console.log(`${done.length} complaint(s) changed`);
process.exit(0);
