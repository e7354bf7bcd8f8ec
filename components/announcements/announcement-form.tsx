"use client";

import { useAction } from "next-safe-action/hooks";
import { useEffect, useId, useRef, useState } from "react";
import { failureText } from "@/components/ui/action-status";
import { Field } from "@/components/ui/form-field";
import { createAnnouncementAction, editAnnouncementAction, previewAudienceAction } from "@/lib/announcements/actions";
import type { AudienceRule } from "@/lib/announcements/audience";
import type { AudienceOptions } from "@/lib/announcements/queries";
import { BODY_MAX, createAnnouncementSchema, TITLE_MAX } from "@/lib/announcements/schemas";
import { formatCalendarDate } from "@/lib/time";
import { AnnouncementBody } from "./announcement-body";
import { AudienceFields, ruleFromForm } from "./audience-fields";

export type AnnouncementFormValues = {
  title: string;
  body: string;
  audienceRule: AudienceRule;
  startDate: string;
  endDate: string;
  isActive: boolean;
  pinned: boolean;
  requiresAck: boolean;
  sendEmail: boolean;
  ackBy: string;
  escalateUnacknowledged: boolean;
};

type Props = { id?: string; initial: AnnouncementFormValues; today: string; options: AudienceOptions };

const INPUT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";
const PRIMARY = "rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60";
const SECONDARY = "rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50";

function read(form: HTMLFormElement): AnnouncementFormValues {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "");
  return {
    title: text("title"),
    body: text("body"),
    audienceRule: ruleFromForm(data),
    startDate: text("startDate"),
    endDate: text("endDate"),
    isActive: data.get("isActive") === "on",
    pinned: data.get("pinned") === "on",
    requiresAck: data.get("requiresAck") === "on",
    sendEmail: data.get("sendEmail") === "on",
    ackBy: text("ackBy"),
    escalateUnacknowledged: data.get("escalateUnacknowledged") === "on",
  };
}

/**
 * Write, then preview, then publish: the Publish button appears only on the preview,
 * which renders the body exactly as readers will see it. The same schema checks the
 * fields here (before the preview) and on the server.
 */
export function AnnouncementForm({ id, initial, today, options }: Props) {
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const previewButtonRef = useRef<HTMLButtonElement>(null);
  const errorId = useId();
  const [values, setValues] = useState(initial);
  const [previewing, setPreviewing] = useState(false);
  const [reach, setReach] = useState<{ count: number; sample: string[]; summary: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onError = ({ error: e }: { error: { serverError?: unknown; validationErrors?: unknown } }) => {
    setError(failureText(e));
    setPreviewing(false);
  };
  const create = useAction(createAnnouncementAction, { onError });
  const edit = useAction(editAnnouncementAction, { onError });
  const counting = useAction(previewAudienceAction, {
    onSuccess: ({ data }) => {
      setReach(data ?? null);
      setPreviewing(true);
    },
    onError,
  });
  const pending = create.isPending || edit.isPending;
  // Focus follows the step: the preview's heading when it opens, the Preview button when it closes.
  const wasPreviewing = useRef(false);
  useEffect(() => {
    if (previewing) headingRef.current?.focus();
    else if (wasPreviewing.current) previewButtonRef.current?.focus();
    wasPreviewing.current = previewing;
  }, [previewing]);

  const showPreview = () => {
    if (!formRef.current) return;
    const next = read(formRef.current);
    const checked = createAnnouncementSchema.safeParse(next);
    setValues(next);
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? "Check the form and try again.");
      return;
    }
    setError(null);
    counting.execute({ rule: next.audienceRule });
  };

  const publish = () => {
    setError(null);
    if (id) edit.execute({ id, ...values });
    else create.execute(values);
  };

  const live = values.isActive && values.startDate <= today;
  const over = values.endDate < today;
  const inWords = (day: string) => formatCalendarDate(`${day}T00:00:00Z`);
  const people = reach ? `${reach.count.toLocaleString("en-US")} ${reach.count === 1 ? "person" : "people"}` : "";

  return (
    <div>
      {error ? (
        <p id={errorId} role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <form
        ref={formRef}
        hidden={previewing}
        aria-describedby={error ? errorId : undefined}
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          showPreview();
        }}
      >
        <Field label="Title" name="title" defaultValue={values.title} required maxLength={TITLE_MAX} />
        <div>
          <label htmlFor="f-body" className="block text-sm font-medium text-slate-700">Text</label>
          <textarea id="f-body" name="body" rows={10} className={INPUT} defaultValue={values.body} required maxLength={BODY_MAX} aria-describedby="f-body-hint" />
          <p id="f-body-hint" className="mt-1 text-xs text-slate-600">Markdown: **bold**, _italic_, lists, [links](https://…). HTML is not rendered.</p>
        </div>
        <AudienceFields options={options} initial={values.audienceRule} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="First day (PKT)" name="startDate" type="date" defaultValue={values.startDate} required />
          <Field label="Last day (PKT)" name="endDate" type="date" defaultValue={values.endDate} required />
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Options</legend>
          {(
            [
              ["isActive", "Active", "Unticked: saved but not shown (archived)."],
              ["pinned", "Pinned", "Shown above the others."],
              ["requiresAck", "Requires acknowledgement", "Readers confirm they have read it; you see who has not."],
              ["sendEmail", "Also send by email", "One email to each person in the audience, when it goes live. People may unsubscribe, except from those asking for acknowledgement."],
            ] as const
          ).map(([name, label, hint]) => (
            <div key={name} className="flex items-start gap-2">
              <input id={`f-${name}`} name={name} type="checkbox" defaultChecked={values[name]} className="mt-0.5 h-4 w-4 rounded border-slate-400" aria-describedby={`f-${name}-hint`} />
              <div>
                <label htmlFor={`f-${name}`} className="text-sm text-slate-800">{label}</label>
                <p id={`f-${name}-hint`} className="text-xs text-slate-600">{hint}</p>
              </div>
            </div>
          ))}
        </fieldset>
        <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium text-slate-700">Acknowledgement deadline (with &quot;Requires acknowledgement&quot;)</legend>
          <Field label="Acknowledge by (PKT)" name="ackBy" type="date" defaultValue={values.ackBy} hint="Optional. At the end of that day, everyone who has not acknowledged is reminded, live and by email if it is emailed." />
          <div className="flex items-start gap-2">
            <input id="f-escalateUnacknowledged" name="escalateUnacknowledged" type="checkbox" defaultChecked={values.escalateUnacknowledged} className="mt-0.5 h-4 w-4 rounded border-slate-400" />
            <label htmlFor="f-escalateUnacknowledged" className="text-sm text-slate-800">Then alert their managers (one alert per person)</label>
          </div>
        </fieldset>
        <button ref={previewButtonRef} type="submit" className={PRIMARY} disabled={counting.isPending}>
          {counting.isPending ? "Counting who it reaches…" : "Preview"}
        </button>
      </form>

      {previewing ? (
        <section aria-labelledby="preview-heading" className="space-y-4">
          <h2 id="preview-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900 focus:outline-none">Preview</h2>
          <div className="space-y-1 text-sm text-slate-700" data-testid="preview-audience">
            <p>
              For <strong>{reach?.summary}</strong>: <strong>{people}</strong> now{reach && reach.count > 0 ? ` (${reach.sample.join(", ")}${reach.count > reach.sample.length ? ", …" : ""})` : ""}.
            </p>
            <p>
              From {inWords(values.startDate)} to {inWords(values.endDate)}, Pakistan time.{" "}
              {over && id
                ? "Its last day has passed: nobody sees it any more."
                : over
                ? `Its last day has passed: nobody would see it, so it cannot be published. Change the last day to ${inWords(today)} or later.`
                : !values.isActive
                  ? "Inactive: nobody will see it."
                  : live
                    ? `It goes live and is sent to ${people} as soon as you publish.`
                    : `Scheduled: it is sent on ${inWords(values.startDate)} at 00:00, to whoever is in the audience then.`}
              {values.pinned ? " Pinned." : ""}
              {values.requiresAck ? " Asks readers to acknowledge it." : ""}
              {values.sendEmail ? " Also emailed to each of them." : ""}
              {values.requiresAck && values.ackBy ? ` To acknowledge by the end of ${inWords(values.ackBy)}; then those who have not are reminded${values.escalateUnacknowledged ? " and their managers alerted" : ""}.` : ""}
            </p>
            {reach && reach.count === 0 && !over ? <p className="text-amber-800">Nobody is in this audience now.</p> : null}
          </div>
          <article className={`rounded-lg border bg-white p-4 shadow-sm sm:p-5 ${values.pinned ? "border-indigo-300" : "border-slate-200"}`}>
            <h3 className="mb-2 text-lg font-semibold text-slate-900">{values.title}</h3>
            <AnnouncementBody markdown={values.body} />
          </article>
          <div className="flex flex-wrap gap-3">
            {over && !id ? null : (
              <button type="button" className={PRIMARY} onClick={publish} disabled={pending}>
                {pending ? "Publishing…" : id ? "Save changes" : values.isActive && live ? "Publish" : "Save"}
              </button>
            )}
            <button type="button" className={SECONDARY} onClick={() => setPreviewing(false)} disabled={pending}>
              Back to editing
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
