// Every operation of the JSON API, in the order the document and the docs page list them.
import type { Operation } from "@/lib/api/operation";
import * as alerts from "./alerts";
import * as announcements from "./announcements";
import * as audit from "./audit";
import * as realtime from "./realtime";
import * as reports from "./reports";
import * as saved from "./saved-searches";
import * as streams from "./streams";
import * as tokens from "./tokens";

export const OPERATIONS: readonly Operation[] = [
  audit.listAuditLogs, audit.searchAuditLogs, audit.getAuditLog, audit.listAuditActors, audit.getAuditAnalytics, audit.exportAuditLogs, audit.tailAuditLogs,
  audit.verifyAuditLog,
  reports.listAuditReports, reports.requestAuditReport, reports.getAuditReport, reports.downloadAuditReport,
  streams.listAuditStreams, streams.createAuditStream, streams.getAuditStream, streams.updateAuditStream, streams.deleteAuditStream,
  streams.testAuditStream, streams.replayAuditStream, streams.rotateAuditStreamSecret,
  audit.listAuditSessions, audit.endAuditSession, audit.listDataAccessLogs,
  saved.listSavedSearches, saved.createSavedSearch, saved.updateSavedSearch, saved.deleteSavedSearch,
  alerts.listAlerts, alerts.triageAlerts, alerts.resolveAlert, alerts.dismissAlert, alerts.listAuditAlerts, alerts.resolveAuditAlert, alerts.dismissAuditAlert,
  announcements.listAnnouncements, announcements.createAnnouncement, announcements.getAnnouncement, announcements.updateAnnouncement,
  announcements.getAnnouncementReach, announcements.getAnnouncementReachPage, announcements.recordAnnouncementReceipt,
  tokens.listApiTokens, tokens.createApiToken, tokens.revokeApiToken,
  realtime.authorizeRealtimeChannel,
] as Operation[];
