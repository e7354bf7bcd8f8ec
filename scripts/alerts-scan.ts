// `npm run alerts:scan`: every alert scan once, and the audit anomaly scan, from the
// command line (the same lib/alerts code the Inngest functions run), printing what each
// raised. Uses the demo database unless DATABASE_URL is set.
import "./local-env.mjs";
import { runAnomalyScan } from "@/lib/alerts/anomalies";
import { ALERT_TYPE_LABELS } from "@/lib/alerts/labels";
import { runAllScans } from "@/lib/alerts/run";
import { db } from "@/lib/db";

const started = performance.now();
const results = await runAllScans();
for (const r of results) {
  console.log(`${ALERT_TYPE_LABELS[r.type].padEnd(20)} found ${String(r.found).padStart(5)}  raised ${String(r.raised.length).padStart(5)}  escalated ${String(r.escalated).padStart(4)}`);
  for (const a of r.raised.slice(0, 5)) console.log(`    ${a.severity.padEnd(8)} ${a.subjectLabel}: ${a.entityLabel}`);
  if (r.raised.length > 5) console.log(`    … and ${r.raised.length - 5} more`);
}
const anomalies = await runAnomalyScan();
console.log(`${"Audit anomalies".padEnd(20)} found ${String(anomalies.found).padStart(5)}  recorded ${anomalies.recorded}, alerted ${anomalies.alerted}`);
console.log(`Done in ${Math.round(performance.now() - started)} ms. Emails go out with the next outbox-deliver run.`);
await db.$disconnect();
