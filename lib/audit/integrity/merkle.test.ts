import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { arrayTree, consistencyProof, EMPTY_ROOT, inclusionProof, leafHash, nodeHash, splitPoint, treeHead, verifyConsistency, verifyInclusion } from "./merkle";

// The Certificate Transparency reference tree (RFC 6962's test data, as published by
// transparency-dev/merkle and used by every CT implementation): eight leaves, the root
// at each size, and the proofs below. RFC 9162 keeps RFC 6962's hashing, so a tree
// that matches these is one any other implementation can check.
const DATA = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map((h) => Buffer.from(h, "hex"));
const LEAVES = DATA.map(leafHash);
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const INCLUSION = [
  { index: 0, size: 8, proof: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
  { index: 5, size: 8, proof: ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
];
const CONSISTENCY = [
  { first: 2, second: 5, proof: ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
  { first: 2, second: 8, proof: ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
  { first: 6, second: 8, proof: ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
];
const hex = (list: Buffer[]) => list.map((b) => b.toString("hex"));
const root = (n: number) => Buffer.from(ROOTS[n]!, "hex");

describe("RFC 9162 Merkle tree", () => {
  it("hashes leaves with 0x00 and nodes with 0x01", () => {
    expect(leafHash(Buffer.alloc(0)).toString("hex")).toBe(ROOTS[1]);
    const [l, r] = [leafHash(Buffer.from("l")), leafHash(Buffer.from("r"))];
    expect(nodeHash(l, r)).toEqual(createHash("sha256").update(Buffer.concat([Buffer.from([1]), l, r])).digest());
  });

  it("splits at the largest power of two below n, not the midpoint", () => {
    expect([2, 3, 4, 5, 8, 9, 1000, 1025].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 512, 1024]);
  });

  it("gives the reference root at every size 0..8", () => {
    const tree = arrayTree(LEAVES);
    expect(EMPTY_ROOT.toString("hex")).toBe(ROOTS[0]);
    for (let n = 0; n <= 8; n++) expect(treeHead(tree, n).toString("hex"), `size ${n}`).toBe(ROOTS[n]);
  });

  it("gives the reference inclusion proofs, and they verify", () => {
    for (const v of INCLUSION) {
      const proof = inclusionProof(arrayTree(LEAVES), v.index, v.size);
      expect(hex(proof)).toEqual(v.proof);
      expect(verifyInclusion(LEAVES[v.index]!, v.index, v.size, proof, root(v.size))).toBe(true);
      expect(verifyInclusion(LEAVES[v.index]!, v.index, v.size, v.proof, root(v.size))).toBe(true);
    }
  });

  it("gives the reference consistency proofs, and they verify", () => {
    for (const v of CONSISTENCY) {
      const proof = consistencyProof(arrayTree(LEAVES), v.first, v.second);
      expect(hex(proof)).toEqual(v.proof);
      expect(verifyConsistency(v.first, v.second, root(v.first), root(v.second), proof)).toBe(true);
    }
  });

  // Every shape of the recursion, and every way of mangling a proof.
  const many = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from([i, i * 7 % 256])));
  const manyTree = arrayTree(many);
  const manyRoots = Array.from({ length: many.length + 1 }, (_, n) => treeHead(manyTree, n));

  it("proves every leaf of every tree up to 70 leaves, and refuses wrong leaves, places, sizes and paths", () => {
    for (let n = 1; n <= many.length; n++) {
      const known = new Map<string, Buffer>();
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(manyTree, i, n);
        expect(verifyInclusion(many[i]!, i, n, proof, manyRoots[n]!)).toBe(true);
        expect(verifyInclusion(many[i]!, i, n, proof, manyRoots[n]!, known)).toBe(true);
        if (n === 1) continue;
        expect(verifyInclusion(many[(i + 1) % n]!, i, n, proof, manyRoots[n]!)).toBe(false);
        expect(verifyInclusion(many[i]!, (i + 1) % n, n, proof, manyRoots[n]!)).toBe(false);
        expect(verifyInclusion(many[i]!, i, n, proof.slice(0, -1), manyRoots[n]!)).toBe(false);
        expect(verifyInclusion(many[i]!, i, n, [...proof, many[0]!], manyRoots[n]!)).toBe(false);
        const flipped = proof.map((b) => Buffer.from(b));
        flipped[0]![5]! ^= 1;
        expect(verifyInclusion(many[i]!, i, n, flipped, manyRoots[n]!)).toBe(false);
        // The cache of proven nodes never lets a wrong leaf through.
        expect(verifyInclusion(many[(i + 1) % n]!, i, n, proof, manyRoots[n]!, known)).toBe(false);
      }
    }
  });

  it("proves consistency between every pair of sizes up to 70, and refuses mangled proofs", () => {
    for (let second = 0; second <= many.length; second++) {
      for (let first = 0; first <= second; first++) {
        const proof = consistencyProof(manyTree, first, second);
        expect(verifyConsistency(first, second, manyRoots[first]!, manyRoots[second]!, proof), `${first}->${second}`).toBe(true);
        if (first === 0 || first === second) continue;
        expect(verifyConsistency(first, second, manyRoots[first]!, manyRoots[second - 1]!, proof)).toBe(false);
        expect(verifyConsistency(first, second, manyRoots[first]!, manyRoots[second]!, proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(first, second, manyRoots[first]!, manyRoots[second]!, [...proof, many[0]!])).toBe(false);
        const flipped = proof.map((b) => Buffer.from(b));
        flipped[0]![3]! ^= 0x80;
        expect(verifyConsistency(first, second, manyRoots[first]!, manyRoots[second]!, flipped)).toBe(false);
      }
    }
  });

  it("refuses out-of-range requests", () => {
    expect(() => inclusionProof(manyTree, 8, 8)).toThrow(RangeError);
    expect(() => inclusionProof(manyTree, -1, 8)).toThrow(RangeError);
    expect(() => consistencyProof(manyTree, 5, 3)).toThrow(RangeError);
    expect(verifyInclusion(many[0]!, 0, 0, [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(Buffer.alloc(31), 0, 1, [], Buffer.alloc(31))).toBe(false);
  });
});
