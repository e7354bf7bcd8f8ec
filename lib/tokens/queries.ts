import "server-only";
// The tokens a person may see: their own; everyone's for those who may manage people.
// Never the secret (it is not stored), only its first characters.
import { can } from "@/lib/access/permissions";
import type { Viewer } from "@/lib/access/scope";
import { db } from "@/lib/db";

export type TokenView = {
  id: string;
  name: string;
  hint: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  owner: { id: string; name: string };
};

export async function listTokens(viewer: Viewer, { everyone = false }: { everyone?: boolean } = {}): Promise<TokenView[]> {
  const all = everyone && can(viewer.role, "tokens:revoke_any");
  const rows = await db.apiToken.findMany({
    where: all ? {} : { userId: viewer.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true, name: true, hint: true, scopes: true, createdAt: true, expiresAt: true, lastUsedAt: true, lastUsedIp: true, revokedAt: true,
      user: { select: { id: true, name: true } },
    },
  });
  return rows.map(({ user, ...t }) => ({ ...t, owner: user }));
}
