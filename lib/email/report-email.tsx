import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { render } from "@react-email/render";
import { reportLink, type ReportEmailPayload } from "@/lib/audit/reports/email";

function ReportEmail({ report, link }: { report: ReportEmailPayload; link: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${report.reportTitle}, ${report.period}, is ready`}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "Arial, sans-serif", color: "#0f172a" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Text style={{ color: "#3730a3", fontWeight: 700, margin: 0 }}>Scheduled compliance report</Text>
          <Heading as="h1" style={{ fontSize: "20px", margin: "8px 0 16px" }}>
            {report.reportTitle}: {report.period}
          </Heading>
          <Text>Hello {report.recipientName},</Text>
          <Text>
            The {report.cadence} {report.reportTitle.toLowerCase()} report is ready. Open it on the reports page to download it as PDF, CSV or JSON; you will be asked to
            sign in, and the download is recorded in the audit log.
          </Text>
          <Section>
            <Text style={{ margin: "4px 0" }}>Report: {report.reportName}</Text>
            <Text style={{ margin: "4px 0", wordBreak: "break-all" }}>PDF SHA-256: {report.pdfSha256}</Text>
            <Text style={{ margin: "4px 0" }}>{report.keyId ? `Signed with key ${report.keyId}` : "Not signed"}</Text>
          </Section>
          <Button href={link} style={{ backgroundColor: "#3730a3", color: "#ffffff", padding: "10px 16px", borderRadius: "6px", marginTop: "16px" }}>
            Open the report
          </Button>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#475569" }}>
            Sent by the HR governance report schedules because you are a recipient of this schedule. An auditor or admin can stop it on the reports page. The report is not
            attached: compare the PDF you download with the SHA-256 above.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export function reportEmailSubject(report: ReportEmailPayload): string {
  return `Report ready: ${report.reportTitle}, ${report.period}`;
}

export async function renderReportEmail(report: ReportEmailPayload, appUrl: string) {
  const link = reportLink(appUrl, report.reportId);
  const element = <ReportEmail report={report} link={link} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: reportEmailSubject(report), html, text, link };
}
