// The embedded default's mail server: an SMTP listener on loopback that keeps what it
// receives (smtp-server + mailparser), for the demo, the e2e run and the tests. It drops
// a message whose Message-ID it has already kept, as a receiving mail system would a
// resend, and appends each kept message to a JSON-lines file the dev mailbox page reads.
import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { parseMailboxFile, type CaughtMessage } from "./mailbox-file";

export type { CaughtMessage };

export type SmtpCatcher = { port: number; messages: () => CaughtMessage[]; received: () => number; close: () => Promise<void> };

export async function startSmtpCatcher({ port = 0, file }: { port?: number; file?: string } = {}): Promise<SmtpCatcher> {
  const kept: CaughtMessage[] = [];
  const seen = new Set<string>();
  let received = 0;
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (fs.existsSync(file)) {
      for (const m of parseMailboxFile(fs.readFileSync(file, "utf8"))) {
        kept.push(m);
        seen.add(m.messageId);
      }
    }
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    banner: "hr-governance local SMTP catcher",
    size: 5 * 1024 * 1024,
    // Senders keep pooled connections open; on close, end them after half a second
    // rather than smtp-server's default 30 (the tests and the demo's shutdown waited so).
    closeTimeout: 500,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received++;
          const messageId = mail.messageId ?? `<no-id-${Date.now()}-${received}>`;
          if (!seen.has(messageId)) {
            seen.add(messageId);
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ""));
            const message: CaughtMessage = {
              messageId, from: mail.from?.text ?? "", to, subject: mail.subject ?? "", text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "", receivedAt: new Date().toISOString(),
            };
            kept.push(message);
            if (file) fs.appendFileSync(file, `${JSON.stringify(message)}\n`);
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.on("error", (e) => console.error("[smtp-catcher]", e.message));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = (server as unknown as { server: { address: () => { port: number } } }).server.address();
  return {
    port: address.port,
    messages: () => [...kept],
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
