import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { formatDateTime } from "@/lib/time";
import type { AlertEmailPayload, AlertSeverity } from "@/lib/alerts/contract";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS } from "@/lib/alerts/labels";

/** Each severity's colour in alert emails (the single alert's and the digest's). */
export const SEVERITY_COLOURS: Record<AlertSeverity, string> = { low: "#334155", medium: "#92400e", high: "#9a3412", critical: "#991b1b" };

function AlertEmail({ alert, link }: { alert: AlertEmailPayload; link: string }) {
  const type = ALERT_TYPE_LABELS[alert.type];
  const severity = SEVERITY_LABELS[alert.severity];
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${severity}: ${type}: ${alert.subjectLabel}`}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Arial, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ color: SEVERITY_COLOURS[alert.severity], fontWeight: 700, margin: 0 }}>{severity} alert</Text>
          <Heading as="h1" style={{ fontSize: "20px", margin: "8px 0 16px" }}>
            {type}: {alert.subjectLabel}
          </Heading>
          <Text>Hello {alert.recipientName},</Text>
          <Text>{alert.message}</Text>
          <Section>
            <Text style={{ margin: "4px 0" }}>Person: {alert.subjectLabel}</Text>
            <Text style={{ margin: "4px 0" }}>Concerning: {alert.entityLabel}</Text>
            <Text style={{ margin: "4px 0" }}>Raised: {formatDateTime(alert.createdAt)}</Text>
          </Section>
          <Button href={link} style={{ backgroundColor: "#3730a3", color: "#ffffff", padding: "10px 16px", borderRadius: "6px", marginTop: "16px" }}>
            Open the alert
          </Button>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#475569" }}>
            Sent by the HR governance alert scans because you are the person who acts on this. Resolve or dismiss it in your alert feed.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function alertEmailSubject(alert: AlertEmailPayload): string {
  return `[${SEVERITY_LABELS[alert.severity]}] ${ALERT_TYPE_LABELS[alert.type]}: ${alert.subjectLabel}`;
}

export async function renderAlertEmail(alert: AlertEmailPayload, appUrl: string) {
  const link = `${appUrl.replace(/\/$/, "")}/alerts?alert=${encodeURIComponent(alert.alertId)}`;
  const element = <AlertEmail alert={alert} link={link} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: alertEmailSubject(alert), html, text, link };
}
