// Types for verify-bundle.mjs, the dependency-free verifier copied into every bundle.
import type { KeyObject } from "node:crypto";

export declare const BUNDLE_KIND: "audit-evidence-bundle/v1";
export declare const CHECKPOINT_KIND: "audit-checkpoint/v3";
export declare const ENTRIES_FILE: "entries.ndjson";
export declare const CHECKPOINT_FILE: "checkpoint.json";
export declare const MANIFEST_FILE: "manifest.json";
export declare const KEYS_FILE: "public-keys.pem";
export declare const UPPER_PATHS_FILE: "upper-paths.ndjson";
export declare const HASHED_COLUMNS: readonly string[];

export declare function leafHash(data: Buffer): Buffer;
export declare function nodeHash(left: Buffer, right: Buffer): Buffer;
export declare function canonicalJson(value: unknown): string;
export declare function contentFraming(texts: ReadonlyArray<string | null>): string;
export declare function chainHash(previous: Buffer, content: Buffer, timeMs: string | bigint | number): Buffer;
export declare function verifyInclusion(leaf: Buffer, index: number, size: number, path: ReadonlyArray<Buffer | string>, root: Buffer, known?: Map<string, Buffer>): boolean;
export declare function verifyConsistency(first: number, second: number, firstRoot: Buffer, secondRoot: Buffer, proof: ReadonlyArray<Buffer | string>): boolean;

export type BundleHead = { chainId: number; seq: string; hash: string };
export type BundleCheckpoint = {
  id: string;
  createdAt: string;
  heads: BundleHead[];
  totalEntries: string;
  keyId: string;
  algorithm: string;
  signature: string;
  previousId: string | null;
  previousSignature: string | null;
  archiveId: string | null;
  archiveSignature: string | null;
  merkle: { size: string; root: string; base: BundleHead[] };
};
export declare function checkpointPayload(c: Omit<BundleCheckpoint, "id" | "signature">): Record<string, unknown>;
export declare function keyIdOf(key: KeyObject): string;
export declare function readPublicKeys(text: string): KeyObject[];
export declare function checkSigned(keys: Map<string, KeyObject>, signature: { algorithm: string; keyId: string; value: string } | undefined, payload: unknown): "valid" | "invalid" | "unknown_key";

export type BundleVerification = { code: 0 | 1 | 2 | 3; lines: string[]; entries?: number; masked?: number; notYetProvable?: number; checkpointId?: string; keyId?: string };
export declare function verifyBundle(source: string, o?: { publicKeys?: string; threads?: number; batchLines?: number }): Promise<BundleVerification>;
export declare function bundleFiles(source: string): Promise<Map<string, Buffer>>;
export declare function entryLines(source: string): AsyncGenerator<string>;
export declare function recordFields(text: string): Array<string | null>;
export declare function isoTime(ms: number): string;
