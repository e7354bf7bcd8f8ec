// The local mail catcher's JSON-lines file (catcher.ts appends, the dev mailbox reads):
// one message per line. Kept apart from catcher.ts so the page does not load the SMTP
// server to read it.

export type CaughtMessage = { messageId: string; from: string; to: string[]; subject: string; text: string; html: string; receivedAt: string };

/** The messages in the file's text, oldest first; a torn line (being written, or cut by a crash) is skipped. */
export function parseMailboxFile(text: string): CaughtMessage[] {
  const out: CaughtMessage[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as CaughtMessage);
    } catch {
      // torn line
    }
  }
  return out;
}
