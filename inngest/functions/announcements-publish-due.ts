import { inngest } from "../client";

/** Announcements whose scheduled start has come: broadcast once each (issue 12); passed acknowledgement deadlines: reminded once each (issue 23). */
export const announcementsPublishDue = inngest.createFunction(
  { id: "announcements-publish-due", name: "Announcements: scheduled starts", triggers: [{ cron: "* * * * *" }], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) => {
    const published = await step.run("publish-due", async () => {
      // Loaded when the step runs (server-only modules; see outbox-deliver).
      const { publishDueAnnouncements } = await import("@/lib/announcements/schedule");
      return (await publishDueAnnouncements()).published.length;
    });
    // Acknowledgement deadlines that have passed: remind those who have not, once (issue 23).
    const reminded = await step.run("remind-at-deadlines", async () => {
      const { remindAtDeadlines } = await import("@/lib/announcements/reminders");
      return (await remindAtDeadlines()).reminded.length;
    });
    return { published, reminded };
  },
);
