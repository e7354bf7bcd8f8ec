"use client";

import { useEffect, useRef, useState } from "react";
import { toResultRow, type AuditResultRow, type ResultEntry } from "@/lib/audit/search/result-row";

export type LiveStatus = "off" | "connecting" | "live" | "paused" | "reconnecting";

/** The most live rows kept above the results; older ones are in the list once it reloads. */
const KEEP = 200;

function entryHref(id: string): string {
  const url = new URL(window.location.href);
  url.searchParams.set("entry", id);
  return `${url.pathname}${url.search}`;
}

/**
 * Follows a search over GET /api/audit-logs/tail (Server-Sent Events): new entries come
 * first, newest on top. Paused while the tab is hidden (the stream is closed) and
 * resumed from the last event id when it shows again, so nothing is missed or doubled;
 * the browser's own reconnection (the server ends each stream after a minute) resumes
 * the same way.
 */
export function useLiveTail(q: string, on: boolean, viewer: { id: string; name: string }) {
  // Rows and notices belong to the search they came from: a new search starts empty.
  const [state, setState] = useState<{ q: string; rows: AuditResultRow[]; notice: string }>({ q, rows: [], notice: "" });
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const lastId = useRef<string>("");
  const viewerRef = useRef(viewer);

  useEffect(() => {
    if (!on) return;
    lastId.current = "";
    const setRows = (update: (rows: AuditResultRow[]) => AuditResultRow[]) => setState((s) => ({ q, notice: s.q === q ? s.notice : "", rows: update(s.q === q ? s.rows : []) }));
    const setNotice = (notice: string) => setState((s) => ({ ...s, q, rows: s.q === q ? s.rows : [], notice }));

    let source: EventSource | null = null;
    const open = () => {
      const params = new URLSearchParams({ q });
      if (lastId.current) params.set("after", lastId.current);
      setStatus(lastId.current ? "reconnecting" : "connecting");
      source = new EventSource(`/api/audit-logs/tail?${params}`);
      const remember = (event: MessageEvent) => {
        if (event.lastEventId) lastId.current = event.lastEventId;
      };
      source.addEventListener("ready", (event) => {
        remember(event as MessageEvent);
        setStatus("live");
      });
      source.addEventListener("entry", (event) => {
        const message = event as MessageEvent<string>;
        remember(message);
        const entry = JSON.parse(message.data) as ResultEntry;
        setRows((now) => (now.some((r) => r.id === entry.id) ? now : [{ ...toResultRow(entry, viewerRef.current, entryHref(entry.id)), fresh: true }, ...now].slice(0, KEEP)));
      });
      source.addEventListener("overflow", (event) => {
        remember(event as MessageEvent);
        setNotice((JSON.parse((event as MessageEvent<string>).data) as { message: string }).message);
      });
      // An id-only event moves the position; the browser keeps it for its reconnection,
      // and a message without a type arrives here.
      source.onmessage = remember;
      source.onerror = () => {
        // The browser reconnects by itself (with Last-Event-ID) unless the answer was an error.
        if (source?.readyState === EventSource.CLOSED) {
          setStatus("off");
          setNotice("The live tail stopped: the search or your access changed. Reload the page to follow it again.");
        } else setStatus("reconnecting");
      };
    };
    const close = () => {
      source?.close();
      source = null;
    };
    const onVisibility = () => {
      if (document.hidden) {
        close();
        setStatus("paused");
      } else if (!source) open();
    };
    // Opened from the event loop, not during the effect (its state updates follow).
    const start = setTimeout(() => (document.hidden ? setStatus("paused") : open()), 0);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      clearTimeout(start);
      close();
    };
  }, [q, on]);

  const current = state.q === q;
  return { rows: current ? state.rows : [], status: on ? status : ("off" as const), notice: current ? state.notice : "" };
}

export const LIVE_STATUS_TEXT: Record<LiveStatus, string> = {
  off: "",
  connecting: "Connecting…",
  live: "Following new entries as they are recorded",
  paused: "Paused while this tab is hidden",
  reconnecting: "Reconnecting…",
};
