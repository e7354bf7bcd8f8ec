// Demo saved searches on the audit log: the admin's "Privilege changes outside working
// hours", pinned for everyone (the anomaly scan's pattern as a search: role changes and
// activations made outside PKT working hours, weekends included), and one the auditor
// shares with auditors. Recorded as the service records them (lib/audit/saved/entries.ts).
import { createdEntry } from "@/lib/audit/saved/entries";
import { normalizeColumns, type SavedSearchTab } from "@/lib/audit/saved/columns";
import { parseQuery } from "@/lib/audit/search/parse";
import { auditedTransaction } from "@/lib/audit/write/transaction";
import { db } from "@/lib/db";

export const DEMO_SAVED_SEARCHES = [
  {
    owner: "admin@acme.test",
    name: "Privilege changes outside working hours",
    q: "action:user.role_changed,user.activated hours:off",
    columns: ["actor", "description", "subject", "risk", "status"],
    view: "results" as SavedSearchTab,
    shared: true,
    pinned: true,
  },
  {
    owner: "auditor@acme.test",
    name: "Failed sign-ins outside working hours",
    q: "action:auth.login_failed hours:off",
    columns: ["actor", "description", "risk", "status"],
    view: "results" as SavedSearchTab,
    shared: true,
    pinned: false,
  },
];

export async function seedSavedSearches(now = new Date()) {
  for (const s of DEMO_SAVED_SEARCHES) {
    if (!parseQuery(s.q).ok) throw new Error(`demo saved search "${s.name}": the parser refuses ${s.q}`);
    const owner = await db.user.findUniqueOrThrow({ where: { email: s.owner }, include: { department: true } });
    const columns = normalizeColumns(s.columns);
    await auditedTransaction(async (tx, audit) => {
      const created = await tx.savedSearch.create({
        data: {
          ownerId: owner.id, name: s.name, query: s.q, columns, view: s.view, shared: s.shared,
          pinnedAt: s.pinned ? now : null, pinnedById: s.pinned ? owner.id : null, createdAt: now,
        },
        select: { id: true },
      });
      audit.record(createdEntry(owner, { userAgent: "demo seed", method: "POST", path: "/audit" }, { ...s, columns, id: created.id, ownerId: owner.id }));
    });
  }
}
