// RFC 9162 (Certificate Transparency 2.0) Merkle trees, section 2.1: tree heads,
// inclusion proofs and consistency proofs. Pure: the tree is reached through a
// function that returns the hash of any subtree the RFC's recursion asks for, so the
// same code proves from an array of leaves (tests) or from the stored blocks
// (merkle-store.ts). Verification lives in the bundle's own verifier
// (lib/audit/evidence/verify-bundle.mjs), so the app and an outside auditor run the
// same code.
import { leafHash, nodeHash, verifyConsistency, verifyInclusion } from "@/lib/audit/evidence/verify-bundle.mjs";

export { leafHash, nodeHash, verifyConsistency, verifyInclusion };

/** The hash of the subtree over leaves [lo, hi) (hi > lo). */
export type SubtreeHash = (lo: number, hi: number) => Buffer;

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT = Buffer.from("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "hex");

/** The largest power of two smaller than n (n >= 2): where the RFC splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes [lo, hi), straight from the definition. */
export function rootOfLeaves(leaves: ReadonlyArray<Buffer>, lo = 0, hi = leaves.length): Buffer {
  if (hi === lo) return EMPTY_ROOT;
  if (hi - lo === 1) return leaves[lo]!;
  const k = splitPoint(hi - lo);
  return nodeHash(rootOfLeaves(leaves, lo, lo + k), rootOfLeaves(leaves, lo + k, hi));
}

/** A SubtreeHash over an array of leaf hashes (for tests and small trees). */
export function arrayTree(leaves: ReadonlyArray<Buffer>): SubtreeHash {
  return (lo, hi) => rootOfLeaves(leaves, lo, hi);
}

function checkRange(what: string, ok: boolean) {
  if (!ok) throw new RangeError(what);
}

/**
 * PATH(m, D[n]) (RFC 9162 2.1.3.1), for the subtree [mLo, mHi) of the tree [lo, hi):
 * the sibling hashes from that subtree up to the root, nearest first. With mHi = mLo + 1
 * it is a leaf's audit path; with an aligned block it is the part of every path above it.
 */
export function pathAbove(hashOf: SubtreeHash, mLo: number, mHi: number, lo: number, hi: number): Buffer[] {
  const out: Buffer[] = [];
  const frames: Buffer[] = [];
  while (hi - lo > mHi - mLo) {
    const k = splitPoint(hi - lo);
    if (mLo < lo + k) {
      frames.push(hashOf(lo + k, hi));
      hi = lo + k;
    } else {
      frames.push(hashOf(lo, lo + k));
      lo = lo + k;
    }
  }
  for (let i = frames.length - 1; i >= 0; i--) out.push(frames[i]!);
  return out;
}

/** The inclusion proof of leaf m in the tree of n leaves. */
export function inclusionProof(hashOf: SubtreeHash, m: number, n: number): Buffer[] {
  checkRange(`leaf ${m} is not in a tree of ${n}`, Number.isSafeInteger(m) && Number.isSafeInteger(n) && m >= 0 && m < n);
  return pathAbove(hashOf, m, m + 1, 0, n);
}

/** PROOF(m, D[n]) (RFC 9162 2.1.4.1): the tree of m leaves is a prefix of the tree of n. */
export function consistencyProof(hashOf: SubtreeHash, m: number, n: number): Buffer[] {
  checkRange(`no consistency proof from ${m} to ${n}`, Number.isSafeInteger(m) && Number.isSafeInteger(n) && m >= 0 && m <= n);
  if (m === 0 || m === n) return [];
  const subproof = (m: number, lo: number, hi: number, whole: boolean): Buffer[] => {
    const n = hi - lo;
    if (m === n) return whole ? [] : [hashOf(lo, hi)];
    const k = splitPoint(n);
    if (m <= k) return [...subproof(m, lo, lo + k, whole), hashOf(lo + k, hi)];
    return [...subproof(m - k, lo + k, hi, false), hashOf(lo, lo + k)];
  };
  return subproof(m, 0, n, true);
}

/** The root of the tree of n leaves. */
export function treeHead(hashOf: SubtreeHash, n: number): Buffer {
  return n === 0 ? EMPTY_ROOT : hashOf(0, n);
}
