// `npm run audit:stream`: delivers to every active audit stream destination for a while,
// the same loop the `audit-streams` scheduled function runs each minute (for an operator,
// and for the crash test, which kills it mid-batch).
//   --seconds <n>   how long to run (default 55)
import "./local-env.mjs";
import { runStreams } from "@/lib/streams/deliver";
import { db } from "@/lib/db";

const args = process.argv.slice(2);
const at = args.indexOf("--seconds");
const seconds = at >= 0 ? Number(args[at + 1]) : 55;
if (!(seconds > 0)) {
  console.error("--seconds needs a number greater than 0");
  process.exit(2);
}
try {
  const run = await runStreams({ budgetMs: seconds * 1000 });
  console.log(`[audit streams] ${run.streams} destinations, ${run.delivered} entries delivered, ${run.failed} failed attempts${run.paused.length ? `; paused: ${run.paused.join(", ")}` : ""}`);
} finally {
  await db.$disconnect();
}
