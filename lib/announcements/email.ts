// The email an announcement sends alongside the live push (issue 23): the outbox row's
// topic and payload, everything the email says, so it renders without a read. One per
// person, addressed to them alone.
import { z } from "zod";

export const ANNOUNCEMENT_EMAIL_TOPIC = "announcement.published";
/** The text an email carries; the rest is one click away. */
export const EMAIL_BODY_MAX = 4000;

export const announcementEmailPayloadSchema = z.object({
  to: z.email(),
  recipientId: z.uuid(),
  recipientName: z.string().min(1),
  announcementId: z.uuid(),
  title: z.string().min(1),
  /** The Markdown text, cut at EMAIL_BODY_MAX characters. */
  body: z.string(),
  authorName: z.string(),
  /** Asks for an acknowledgement: mandatory, so no unsubscribe link. */
  mandatory: z.boolean(),
  /** The window's last day, in words. */
  until: z.string(),
  /** A reminder to someone who has not acknowledged (or read) it yet. */
  reminder: z.boolean().default(false),
});
export type AnnouncementEmailPayload = z.input<typeof announcementEmailPayloadSchema>;

export function announcementLink(appUrl: string, id: string): string {
  return `${appUrl.replace(/\/$/, "")}/announcements/${encodeURIComponent(id)}`;
}

export function unsubscribeLink(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/unsubscribe?token=${encodeURIComponent(token)}`;
}
