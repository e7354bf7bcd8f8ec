import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { announcementLink, unsubscribeLink, type AnnouncementEmailPayload } from "@/lib/announcements/email";

function AnnouncementEmail({ a, link, unsubscribe }: { a: AnnouncementEmailPayload; link: string; unsubscribe: string | null }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{a.title}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Arial, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ color: "#3730a3", fontWeight: 700, margin: 0 }}>
            {a.reminder ? "Reminder: " : ""}
            {a.mandatory ? "Announcement: please acknowledge" : "Announcement"}
          </Text>
          <Heading as="h1" style={{ fontSize: "20px", margin: "8px 0 16px" }}>{a.title}</Heading>
          <Text>Hello {a.recipientName},</Text>
          {a.body.split(/\n{2,}/).map((paragraph, i) => (
            <Text key={i} style={{ whiteSpace: "pre-wrap" }}>{paragraph}</Text>
          ))}
          <Text style={{ color: "#475569" }}>From {a.authorName}. Shown until {a.until}.</Text>
          <Button href={link} style={{ backgroundColor: "#3730a3", color: "#ffffff", padding: "10px 16px", borderRadius: "6px", marginTop: "8px" }}>
            {a.mandatory ? "Read and acknowledge" : "Open it"}
          </Button>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#475569" }}>
            Sent to you alone because you are in this announcement&apos;s audience.{" "}
            {unsubscribe ? (
              <>
                <a href={unsubscribe}>Stop announcement emails</a> (those asking for an acknowledgement are still sent).
              </>
            ) : (
              "It asks for an acknowledgement, so it is sent to everyone in its audience."
            )}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function announcementEmailSubject(a: AnnouncementEmailPayload): string {
  const subject = a.mandatory ? `Please acknowledge: ${a.title}` : `Announcement: ${a.title}`;
  return a.reminder ? `Reminder: ${subject}` : subject;
}

export async function renderAnnouncementEmail(a: AnnouncementEmailPayload, appUrl: string, unsubscribeToken: string | null) {
  const link = announcementLink(appUrl, a.announcementId);
  const unsubscribe = unsubscribeToken && !a.mandatory ? unsubscribeLink(appUrl, unsubscribeToken) : null;
  const element = <AnnouncementEmail a={a} link={link} unsubscribe={unsubscribe} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: announcementEmailSubject(a), html, text, link, unsubscribe };
}
