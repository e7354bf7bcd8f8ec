import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asSuperuser, auditModules, freshDatabaseWith, sqlAs, type FreshDatabase } from "@/test/fresh-database";
import { consistencyProof, leafHash, rootOfLeaves, verifyConsistency, verifyInclusion } from "./merkle";

// The stored tree against its definition: leaves are the entries' hashes in the
// documented order (checkpoint by checkpoint, then chain, then position), every signed
// root is RFC 9162's root of those leaves, proofs read from the blocks verify, each
// checkpoint's tree is a prefix of the next, and a block changed behind the app's back
// is named by audit:verify.

async function modules() {
  return { ...(await auditModules()), store: await import("./merkle-store") };
}

let fresh: FreshDatabase;
let m: Awaited<ReturnType<typeof modules>>;

beforeEach(async () => {
  ({ fresh, m } = await freshDatabaseWith(modules));
});
afterEach(() => fresh.drop());

async function write(n: number) {
  await m.auditedTransaction(async (_tx, audit) => {
    for (let i = 0; i < n; i++) {
      audit.record({ eventType: "create", category: "data", actionType: "merkle.test", description: `Entry ${i}`, actor: m.systemActor("test"), object: { type: "thing", id: String(i) } });
    }
  });
}

type Cp = { id: string; heads: Array<{ chainId: number; seq: string; hash: string }>; merkle_size: string; merkle_root: string; merkle_base: Array<{ chainId: number; seq: string; hash: string }> };

/** The leaves by definition, from the entries and the checkpoints' heads alone. */
async function leavesByDefinition(): Promise<{ leaves: Buffer[]; checkpoints: Cp[] }> {
  const checkpoints = (await sqlAs<Cp>(fresh.url, "SELECT id::text, heads, merkle_size::text, merkle_root, merkle_base FROM audit_checkpoints WHERE merkle_root IS NOT NULL ORDER BY audit_checkpoints.id")).rows;
  const leaves: Buffer[] = [];
  let previous = new Map(checkpoints[0]!.merkle_base.map((h) => [h.chainId, h.seq]));
  for (const c of checkpoints) {
    for (const h of [...c.heads].sort((a, b) => a.chainId - b.chainId)) {
      const { rows } = await sqlAs<{ entry_hash: Buffer }>(
        fresh.url,
        "SELECT entry_hash FROM audit_logs WHERE chain_id = $1 AND chain_seq > $2 AND chain_seq <= $3 ORDER BY chain_seq",
        [h.chainId, previous.get(h.chainId), h.seq],
      );
      leaves.push(...rows.map((r) => r.entry_hash));
    }
    previous = new Map(c.heads.map((h) => [h.chainId, h.seq]));
  }
  return { leaves, checkpoints };
}

describe("the log's Merkle tree", () => {
  it("signs RFC 9162's root of the entries in the documented order, and its proofs and prefixes verify", async () => {
    await write(5);
    await m.createCheckpoint();
    await write(1100); // past one full block of 1,024 leaves
    await m.createCheckpoint();
    await write(40);
    await m.createCheckpoint();
    const { leaves, checkpoints } = await leavesByDefinition();
    expect(checkpoints).toHaveLength(3);
    const hashed = leaves.map(leafHash);
    for (const c of checkpoints) {
      expect(rootOfLeaves(hashed, 0, Number(c.merkle_size)).toString("hex"), `checkpoint #${c.id}`).toBe(c.merkle_root);
    }
    expect(hashed).toHaveLength(Number(checkpoints[2]!.merkle_size));

    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    try {
      const newest = checkpoints[2]!;
      const size = Number(newest.merkle_size);
      const root = Buffer.from(newest.merkle_root, "hex");
      const reader = await m.store.MerkleReader.open(client, size);
      const map = new m.store.LeafMap(checkpoints);
      // Every entry's leaf number holds its hash, and its proof verifies.
      const entries = (await client.query<{ chain_id: number; chain_seq: string; entry_hash: Buffer }>("SELECT chain_id, chain_seq::text, entry_hash FROM audit_logs")).rows;
      const places = entries.map((e) => map.leafOf(e.chain_id, Number(e.chain_seq))!);
      await reader.load(places);
      entries.forEach((e, i) => {
        const leaf = places[i]!;
        expect(reader.entryHash(leaf).equals(e.entry_hash)).toBe(true);
        expect(verifyInclusion(leafHash(e.entry_hash), leaf, size, reader.proof(leaf), root)).toBe(true);
      });
      // Each checkpoint's tree is a prefix of the next (RFC 9162 consistency).
      for (let i = 1; i < checkpoints.length; i++) {
        const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
        const proof = consistencyProof(reader.hashOf, Number(a.merkle_size), Number(b.merkle_size));
        expect(verifyConsistency(Number(a.merkle_size), Number(b.merkle_size), Buffer.from(a.merkle_root, "hex"), Buffer.from(b.merkle_root, "hex"), proof)).toBe(true);
      }
    } finally {
      await client.end();
    }
    expect((await m.verifyAuditLog()).status).toBe("intact");
  });

  it("cannot be changed or shrunk by the app's own database role", async () => {
    await write(3);
    await m.createCheckpoint();
    await expect(sqlAs(fresh.url, "UPDATE audit_merkle_chunks SET nodes = nodes")).rejects.toThrow(/permission denied/);
    await expect(sqlAs(fresh.url, "DELETE FROM audit_merkle_chunks")).rejects.toThrow(/permission denied/);
    await expect(sqlAs(fresh.url, "SELECT audit_merkle_put_chunks(ARRAY[0]::bigint[], ARRAY[1], ARRAY[NULL]::bytea[], ARRAY[decode(repeat('00', 32), 'hex')])")).rejects.toThrow(/can only be extended/);
    await expect(sqlAs(fresh.url, "SELECT audit_merkle_put_chunks(ARRAY[5]::bigint[], ARRAY[1], ARRAY[NULL]::bytea[], ARRAY[decode(repeat('00', 32), 'hex')])")).rejects.toThrow(/does not follow block/);
  });

  it("is named by verify when a stored block no longer matches the signed root", async () => {
    await write(10);
    await m.createCheckpoint();
    expect((await m.verifyAuditLog()).status).toBe("intact");
    // A superuser rewrites one stored leaf (triggers off).
    await asSuperuser(fresh.superUrl, "UPDATE audit_merkle_chunks SET nodes = overlay(nodes placing decode(repeat('ab', 32), 'hex') from 33 for 32) WHERE chunk = 0");
    const report = await m.verifyAuditLog();
    expect(report.status).toBe("broken");
    expect(report.problems.map((p) => p.kind)).toContain("merkle_mismatch");
    expect(report.problems.find((p) => p.kind === "merkle_mismatch")!.detail).toMatch(/Checkpoint #1 signs Merkle root .* the tree was altered after it was signed/);
  });
});

describe("checkpoints past nine", () => {
  it("are read in the order they were signed (ids as numbers, not as text)", async () => {
    for (let i = 0; i < 11; i++) {
      await write(2);
      await m.createCheckpoint();
    }
    const report = await m.verifyAuditLog();
    expect(report.problems).toEqual([]);
    expect(report.status).toBe("intact");
    expect(report.lastCheckpoint?.id).toBe("11");
  });
});
