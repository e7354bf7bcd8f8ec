import { inngest } from "../client";

/** Announcements whose scheduled start has come: broadcast once each (issue 12). */
export const announcementsPublishDue = inngest.createFunction(
  { id: "announcements-publish-due", name: "Announcements: scheduled starts", triggers: [{ cron: "* * * * *" }], retries: 3, concurrency: { limit: 1 } },
  async ({ step }) =>
    step.run("publish-due", async () => {
      // Loaded when the step runs (server-only modules; see outbox-deliver).
      const { publishDueAnnouncements } = await import("@/lib/announcements/schedule");
      const { published } = await publishDueAnnouncements();
      return { published: published.length };
    }),
);
