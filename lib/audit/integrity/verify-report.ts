// What a verification run reports, and how its findings become one verdict.

export type ProblemKind =
  | "content_altered"
  | "entry_missing"
  | "entry_inserted"
  | "order_changed"
  | "chain_broken"
  | "checkpoint_mismatch"
  | "checkpoint_signature_invalid"
  | "checkpoint_key_unknown"
  | "checkpoint_missing"
  | "checkpoint_order"
  | "archive_forged"
  | "archive_missing"
  | "archive_count_mismatch"
  | "count_mismatch"
  | "merkle_mismatch";

/**
 * intact: every entry checks out through a valid signed checkpoint that is recent.
 * stale: no damage, but the newest checkpoint is older than twice the interval, or an
 *   archive record is newer than it: entries since then are not yet vouched for.
 * unverifiable: no damage found, but no valid checkpoint vouches for a non-empty log.
 * broken: something was altered, removed, inserted or forged (problems say what).
 */
export type VerifyStatus = "intact" | "stale" | "unverifiable" | "broken";

export const VERIFY_EXIT_CODES: Record<VerifyStatus, number> = { intact: 0, broken: 1, unverifiable: 3, stale: 4 };

export type VerifyProblem = {
  kind: ProblemKind;
  chainId: number;
  chainSeq: string;
  entryId: string | null;
  eventTimestamp: string | null;
  actionType: string | null;
  detail: string;
};

export type VerifyReport = {
  ok: boolean;
  status: VerifyStatus;
  /** What limits the verdict without being damage (old HMAC checkpoints a public keyring cannot check, a stale checkpoint). */
  notes: string[];
  entriesChecked: number;
  chains: number;
  lastCheckpoint: { id: string; createdAt: string; totalEntries: string } | null;
  firstProblem: VerifyProblem | null;
  problems: VerifyProblem[];
  durationMs: number;
  summary: string;
};

/** A problem with a signed record rather than with one entry. */
export function recordProblem(kind: ProblemKind, at: Date | null, detail: string): VerifyProblem {
  return { kind, chainId: -1, chainSeq: "", entryId: null, eventTimestamp: at ? at.toISOString() : null, actionType: null, detail };
}


export function plural(n: bigint, one: string, many: string) {
  return n === 1n ? one : many;
}

/** Notes that make a clean run stale rather than intact. */
const STALE_NOTE = /older than twice|newer than the newest checkpoint/;

export type Findings = {
  problems: VerifyProblem[];
  notes: string[];
  entriesChecked: number;
  chains: number;
  headTotal: bigint;
  checkpoint: { id: string; createdAt: Date; totalEntries: string } | null;
};

/**
 * The verdict: forged or missing records first (they explain what follows), then the
 * earliest damaged entry; problems without a time (a missing tail) sort last.
 */
export function judge(f: Findings, o: { now: Date; checkpointMinutes: number; startedAt: number }): VerifyReport {
  const { problems, notes, entriesChecked, checkpoint: anchor } = f;
  const time = (p: VerifyProblem) => (p.eventTimestamp === null ? Infinity : Date.parse(p.eventTimestamp));
  problems.sort((a, b) => Number(b.chainId === -1) - Number(a.chainId === -1) || time(a) - time(b) || a.chainId - b.chainId);
  const firstProblem = problems[0] ?? null;
  const lastCheckpoint = anchor ? { id: anchor.id, createdAt: anchor.createdAt.toISOString(), totalEntries: anchor.totalEntries } : null;
  if (anchor && o.now.getTime() - anchor.createdAt.getTime() > 2 * o.checkpointMinutes * 60_000) {
    notes.unshift(`The newest checkpoint #${anchor.id} is from ${anchor.createdAt.toISOString()}, older than twice the ${o.checkpointMinutes}-minute checkpoint interval`);
  }
  const status: VerifyStatus = firstProblem
    ? "broken"
    : !anchor && (f.headTotal > 0n || entriesChecked > 0)
      ? "unverifiable"
      : notes.some((n) => STALE_NOTE.test(n))
        ? "stale"
        : "intact";
  const summary = {
    broken: () => `Broken: ${firstProblem!.kind.replaceAll("_", " ")}${firstProblem!.entryId ? ` at entry ${firstProblem!.entryId}` : ""}${firstProblem!.chainId >= 0 ? ` (chain ${firstProblem!.chainId}, position ${firstProblem!.chainSeq})` : ""}. ${firstProblem!.detail}`,
    unverifiable: () => `Not yet verifiable: ${entriesChecked} entries link up, but no valid signed checkpoint vouches for them`,
    stale: () => `Stale: ${entriesChecked} entries intact through checkpoint #${anchor!.id}, but ${notes.find((n) => STALE_NOTE.test(n))!.replace(/^The /, "the ")}`,
    intact: () => `Intact: ${entriesChecked} entries${lastCheckpoint ? ` through checkpoint #${lastCheckpoint.id}` : " (empty log)"}`,
  }[status]();
  return { ok: status === "intact", status, notes, entriesChecked, chains: f.chains, lastCheckpoint, firstProblem, problems, durationMs: Date.now() - o.startedAt, summary };
}
