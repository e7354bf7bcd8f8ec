import nodemailer from "nodemailer";
import { env } from "@/lib/env";

export type MailMessage = { messageId: string; to: string; subject: string; html: string; text: string; headers?: Record<string, string> };
export type Mailer = (message: MailMessage) => Promise<void>;

let cached: { url: string; transport: nodemailer.Transporter } | null = null;

/** nodemailer over SMTP_URL; without one, email stays in the outbox (nothing is lost). */
export function smtpMailer(url: string | undefined = env.SMTP_URL): Mailer {
  return async (message) => {
    if (!url) throw new Error("SMTP_URL is not set; the email waits in the outbox");
    // A pooled connection: one SMTP session for a sweep of many emails, not one each.
    // Connections enough for the outbox's senders working at once (lib/email/deliver.ts).
    if (!cached || cached.url !== url) cached = { url, transport: nodemailer.createTransport(url.includes("pool=") ? url : `${url}${url.includes("?") ? "&" : "?"}pool=true&maxConnections=12`) };
    await cached.transport.sendMail({
      from: env.MAIL_FROM,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      messageId: message.messageId,
      headers: message.headers,
    });
  };
}

/** The Message-ID of an outbox row's email: a resend after a crash carries the same one. */
export function messageIdFor(outboxId: string): string {
  return `<outbox-${outboxId}@hr-governance.local>`;
}
