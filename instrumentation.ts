// Runs once when the Next.js server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so the requests it serves carry the facts the audit log records.
  const { installRequestStamp } = await import("@/lib/auth/request-stamp");
  installRequestStamp();
  const { runAuditMaintenance } = await import("@/lib/audit/service");
  const tick = () => runAuditMaintenance().catch((error) => console.error("[audit maintenance]", error));
  await tick();
  // Partitions ahead of time and hourly signed checkpoints, until the scheduled jobs take over.
  setInterval(tick, 10 * 60 * 1000).unref();
}
