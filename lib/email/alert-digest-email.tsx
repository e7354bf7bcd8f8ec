import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { formatDateTime } from "@/lib/time";
import { SEVERITIES, type AlertDigestPayload, type DigestAlert } from "@/lib/alerts/contract";
import { ALERT_TYPE_LABELS, SEVERITY_LABELS } from "@/lib/alerts/labels";
import { SEVERITY_COLOURS } from "./alert-email";


const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "12 alerts: 2 high, 10 medium" (most severe first). */
function countsLine(digest: AlertDigestPayload): string {
  const parts = [...SEVERITIES].reverse().flatMap((s) => (digest.bySeverity[s] ? [`${digest.bySeverity[s]} ${SEVERITY_LABELS[s].toLowerCase()}`] : []));
  return `${plural(digest.total, "alert")}: ${parts.join(", ")}`;
}

/** The listed alerts by person, each person's by type: [person, [[type label, alerts]]]. */
function byPerson(alerts: DigestAlert[]): Array<[string, Array<[string, DigestAlert[]]>]> {
  const people = new Map<string, Map<string, DigestAlert[]>>();
  for (const a of alerts) {
    const types = people.get(a.subjectLabel) ?? new Map<string, DigestAlert[]>();
    people.set(a.subjectLabel, types);
    const label = ALERT_TYPE_LABELS[a.type];
    types.set(label, [...(types.get(label) ?? []), a]);
  }
  return [...people].map(([person, types]) => [person, [...types]]);
}

function DigestEmail({ digest, link }: { digest: AlertDigestPayload; link: string }) {
  const people = byPerson(digest.alerts);
  const unlisted = digest.total - digest.alerts.length;
  return (
    <Html lang="en">
      <Head />
      <Preview>{countsLine(digest)}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Arial, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "600px" }}>
          <Heading as="h1" style={{ fontSize: "20px", margin: "0 0 8px" }}>
            Your alerts: {countsLine(digest)}
          </Heading>
          <Text>Hello {digest.recipientName},</Text>
          <Text>
            These alerts need you, grouped by person and kind, most severe first.
            {digest.reminders > 0 ? ` ${digest.reminders === 1 ? "One is" : `${digest.reminders} are`} still open since an earlier email (marked “still open”).` : ""}
          </Text>
          {people.map(([person, types]) => (
            <Section key={person} style={{ marginTop: "12px" }}>
              <Text style={{ fontWeight: 700, margin: "8px 0 4px" }}>
                {person} ({plural(types.reduce((n, [, list]) => n + list.length, 0), "alert")})
              </Text>
              {types.map(([label, list]) => (
                <Section key={label} style={{ paddingLeft: "12px" }}>
                  <Text style={{ margin: "2px 0", color: "#334155" }}>
                    {label} ({list.length})
                  </Text>
                  {list.map((a) => (
                    <Text key={a.alertId} style={{ margin: "2px 0 2px 12px", fontSize: "14px" }}>
                      <span style={{ color: SEVERITY_COLOURS[a.severity], fontWeight: 700 }}>{SEVERITY_LABELS[a.severity]}</span>
                      {a.reminder ? " · still open" : ""} · {a.entityLabel} · raised {formatDateTime(a.createdAt)}
                    </Text>
                  ))}
                </Section>
              ))}
            </Section>
          ))}
          {unlisted > 0 ? <Text>And {plural(unlisted, "more alert")}, in your list.</Text> : null}
          {digest.inhibited.length > 0 ? (
            <Text style={{ color: "#475569" }}>
              Not listed, covered by a workload overload alert above:{" "}
              {digest.inhibited.map((h) => `${plural(h.count, "overdue task")} of ${h.subjectLabel}`).join("; ")}. They stay in your list.
            </Text>
          ) : null}
          <Button href={link} style={{ backgroundColor: "#3730a3", color: "#ffffff", padding: "10px 16px", borderRadius: "6px", marginTop: "16px" }}>
            Open your alerts, grouped by person
          </Button>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#475569" }}>
            Sent by the HR governance alert scans because you are the person who acts on these. Choose how alert emails reach you (right away, in a digest,
            or in a daily summary) under Notifications in the app.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function alertDigestSubject(digest: AlertDigestPayload): string {
  return `[Alerts] ${countsLine(digest)}`;
}

export async function renderAlertDigestEmail(digest: AlertDigestPayload, appUrl: string) {
  const link = `${appUrl.replace(/\/$/, "")}/alerts?group=person`;
  const element = <DigestEmail digest={digest} link={link} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: alertDigestSubject(digest), html, text, link };
}
