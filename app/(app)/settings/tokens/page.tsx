import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/tokens/create-token-form";
import { Badge } from "@/components/ui/badge";
import { ActionForm } from "@/components/ui/action-form";
import { Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/access/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/time";
import { revokeTokenAction } from "@/lib/tokens/actions";
import { listTokens, type TokenView } from "@/lib/tokens/queries";

export const metadata: Metadata = { title: "API tokens" };

function state(t: TokenView, now: Date): { label: string; tone: "green" | "amber" | "red" } {
  if (t.revokedAt) return { label: "Revoked", tone: "red" };
  if (t.expiresAt <= now) return { label: "Expired", tone: "amber" };
  return { label: "Active", tone: "green" };
}

export default async function TokensPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("activity:self");
  const everyone = (await searchParams).all === "1" && can(user.role, "tokens:revoke_any");
  const tokens = await listTokens(user, { everyone });
  const now = new Date();
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let your scripts and tools call the API as you, limited to the scopes you choose. Send one as Authorization: Bearer <token>. Times are in PKT."
      />
      <div className="space-y-6">
        <Card title="New token">
          <CreateTokenForm />
        </Card>
        <Card title={everyone ? "Everyone's tokens" : "Your tokens"}>
          {tokens.length === 0 ? (
            <EmptyState>No tokens yet.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200" aria-label="API tokens, newest first">
              {tokens.map((t) => {
                const s = state(t, now);
                return (
                  <li key={t.id} className="py-3" data-testid="api-token">
                    <div className="flex flex-wrap items-center gap-2">
                      <p className="text-sm font-semibold break-words text-slate-900">{t.name}</p>
                      <Badge tone={s.tone}>{s.label}</Badge>
                      <code className="text-xs text-slate-600">{t.hint}…</code>
                    </div>
                    {everyone ? <p className="text-xs text-slate-600">Owner: {t.owner.name}</p> : null}
                    <p className="mt-1 text-xs text-slate-700">Scopes: {t.scopes.join(", ")}</p>
                    <p className="mt-1 text-xs text-slate-600">
                      Created {formatDateTime(t.createdAt)} · {t.revokedAt ? `revoked ${formatDateTime(t.revokedAt)}` : `expires ${formatDateTime(t.expiresAt)}`} ·{" "}
                      {t.lastUsedAt ? `last used ${formatDateTime(t.lastUsedAt)}${t.lastUsedIp ? ` from ${t.lastUsedIp}` : ""}` : "never used"}
                    </p>
                    {!t.revokedAt && t.expiresAt > now ? (
                      <ActionForm action={revokeTokenAction} values={{ id: t.id }} submitLabel={`Revoke ${t.name}`} pendingLabel="Revoking…" variant="secondary" successMessage="Token revoked.">
                        {null}
                      </ActionForm>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
