// The Merkle tree heads the checkpoints sign, recomputed from the stored blocks: each
// signed root must be the root of the first `size` stored leaves, and each size must
// be what the checkpoint's heads add to the tree. A block changed after signing makes
// its checkpoint's root (and every later one) disagree.
import type pg from "pg";
import { LeafMap, MerkleReader, type MerkleCheckpointRow } from "./merkle-store";
import type { CheckpointRow } from "./verify-records";
import { recordProblem, type VerifyProblem } from "./verify-report";

const LOAD_BATCH = 256;

/** Checks the Merkle heads of the validly signed checkpoints `signed` (oldest first). */
export async function checkMerkleHeads(client: pg.ClientBase, signed: CheckpointRow[], problems: VerifyProblem[]): Promise<void> {
  const rows = signed.filter((c) => c.merkle_root !== null);
  if (rows.length === 0) return;
  const newest = rows[rows.length - 1]!;
  try {
    new LeafMap(rows.map((c): MerkleCheckpointRow => ({ id: c.id, heads: c.heads, merkle_size: c.merkle_size!, merkle_base: c.merkle_base ?? [] })));
  } catch (error) {
    problems.push(recordProblem("merkle_mismatch", newest.created_at, `The Merkle tree sizes do not follow from the checkpoints' heads: ${(error as Error).message}`));
    return;
  }
  let reader: MerkleReader;
  try {
    reader = await MerkleReader.open(client, Number(newest.merkle_size));
  } catch (error) {
    problems.push(recordProblem("merkle_mismatch", newest.created_at, `Checkpoint #${newest.id}'s Merkle tree cannot be read back: ${(error as Error).message}`));
    return;
  }
  for (let i = 0; i < rows.length; i += LOAD_BATCH) {
    const batch = rows.slice(i, i + LOAD_BATCH);
    await reader.load(batch.filter((c) => Number(c.merkle_size) > 0).map((c) => Number(c.merkle_size) - 1));
    for (const c of batch) {
      const size = Number(c.merkle_size);
      const root = size === 0 ? null : reader.hashOf(0, size).toString("hex");
      if (size > 0 && root !== c.merkle_root) {
        problems.push(recordProblem("merkle_mismatch", c.created_at, `Checkpoint #${c.id} signs Merkle root ${c.merkle_root!.slice(0, 16)}… over ${size} entries, but the stored tree's root is ${root!.slice(0, 16)}…: the tree was altered after it was signed`));
        return;
      }
    }
  }
}
