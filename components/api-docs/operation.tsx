import type { Access, FailureView, MediaView, OperationView, ResponseView } from "@/lib/contract/reference";
import { DocText } from "./doc-text";
import { FieldFacts, SchemaTree, typeLabel } from "./schema-tree";

// One operation of the API reference: method and path, who may call it, its words,
// parameters, request body, responses and failures. Server-rendered, no script.

const METHOD_TONES: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-emerald-100 text-emerald-900",
  PUT: "bg-indigo-100 text-indigo-900",
  PATCH: "bg-amber-100 text-amber-900",
  DELETE: "bg-red-100 text-red-900",
};

export function MethodBadge({ method }: { method: string }) {
  return <span className={`inline-block min-w-[3.75rem] rounded px-1.5 py-0.5 text-center font-mono text-xs font-bold ${METHOD_TONES[method] ?? "bg-slate-100 text-slate-900"}`}>{method}</span>;
}

function StatusBadge({ status }: { status: string }) {
  const tone = status.startsWith("2") ? "bg-emerald-100 text-emerald-900" : status.startsWith("3") ? "bg-sky-100 text-sky-900" : "bg-red-100 text-red-900";
  return <span className={`inline-block rounded px-1.5 py-0.5 font-mono text-xs font-bold ${tone}`}>{status}</span>;
}

export function AccessLine({ access }: { access: Access }) {
  switch (access.kind) {
    case "token":
      return (
        <p className="text-sm text-slate-700" data-testid="operation-access">
          Token scope <code className="rounded bg-indigo-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-indigo-900">{access.scope}</code>, or the browser session
        </p>
      );
    case "session":
      return (
        <p className="text-sm font-medium text-amber-900" data-testid="operation-access">
          Browser session only: API tokens get 403
        </p>
      );
    case "session-optional":
      return (
        <p className="text-sm text-slate-700" data-testid="operation-access">
          Browser session, or none; API tokens are not read
        </p>
      );
    case "public":
      return (
        <p className="text-sm text-slate-700" data-testid="operation-access">
          No token or session needed
        </p>
      );
  }
}

function SubHeading({ children }: { children: React.ReactNode }) {
  return <h4 className="mt-5 mb-2 text-sm font-semibold text-slate-900">{children}</h4>;
}

function ParameterTable({ op }: { op: OperationView }) {
  return (
    <table className="w-full table-fixed text-left text-sm">
      <caption className="sr-only">Parameters of {op.summary}</caption>
      <thead className="border-b border-slate-300 text-xs text-slate-700">
        <tr>
          <th scope="col" className="w-2/5 py-1.5 pr-3 font-semibold">
            Name and type
          </th>
          <th scope="col" className="py-1.5 font-semibold">
            Description
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {op.parameters.map((p) => (
          <tr key={`${p.in}-${p.name}`}>
            <th scope="row" className="py-2 pr-3 text-left font-normal">
              <code className="font-mono font-semibold text-slate-900 [overflow-wrap:anywhere]">{p.name}</code>
              <span className="block font-mono text-xs text-indigo-900 [overflow-wrap:anywhere]">
                {typeLabel(p.schema)}
                {p.schema.format ? ` (${p.schema.format})` : ""}
              </span>
              <span className="block text-xs text-slate-600">
                in {p.in}
                {p.required ? (
                  <>
                    {" · "}
                    <span className="font-medium text-red-800">required</span>
                  </>
                ) : (
                  " · optional"
                )}
                {p.schema.nullable ? " · nullable" : ""}
              </span>
            </th>
            <td className="py-2 text-slate-800">
              <DocText markdown={p.description} className="text-sm" />
              <FieldFacts node={p.schema} />
              {!p.description && !p.schema.values && !p.schema.constraints.length && p.schema.defaultValue === undefined && !p.schema.pattern ? <span className="text-slate-600">—</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MediaTypes({ content }: { content: MediaView[] }) {
  return (
    <div className="space-y-3">
      {content.map((m) => (
        <div key={m.mediaType}>
          <p className="text-xs text-slate-700">
            Media type <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900">{m.mediaType}</code>
          </p>
          {m.schema ? (
            <div className="mt-1">
              <SchemaTree root={m.schema} />
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function Response({ response }: { response: ResponseView }) {
  const own = response.headers.filter((h) => !h.shared);
  const shared = response.headers.filter((h) => h.shared);
  return (
    <div className="rounded-md border border-slate-200">
      <div className="flex flex-wrap items-baseline gap-2 rounded-t-md bg-slate-50 px-3 py-2 text-sm text-slate-800">
        <StatusBadge status={response.status} />
        <DocText markdown={response.description} className="min-w-0 flex-1" />
      </div>
      <div className="space-y-3 px-3 py-2">
        {shared.length ? (
          <p className="text-xs text-slate-700">
            Headers:{" "}
            {shared.map((h, i) => (
              <span key={h.name}>
                {i ? ", " : ""}
                <a href="#rate-limits" className="font-mono text-indigo-800 underline">
                  {h.name}
                </a>
              </span>
            ))}
          </p>
        ) : null}
        {own.length ? (
          <dl className="space-y-1 text-xs text-slate-700">
            {own.map((h) => (
              <div key={h.name} className="flex flex-wrap items-baseline gap-x-2">
                <dt className="font-mono font-semibold text-slate-900">{h.name}</dt>
                <dd className="min-w-0">
                  <DocText markdown={h.description} />
                </dd>
              </div>
            ))}
          </dl>
        ) : null}
        {response.content.length ? <MediaTypes content={response.content} /> : <p className="text-xs text-slate-700">{response.status === "204" ? "No body." : "The document does not describe a body."}</p>}
      </div>
    </div>
  );
}

/**
 * Failures, one compact row each: the status and its error codes, then what it means
 * (side by side from 640 px, stacked below, so a code is never broken mid-word).
 */
export function FailureList({ failures, label, dense = false }: { failures: FailureView[]; label: string; dense?: boolean }) {
  return (
    <ul aria-label={label} className="divide-y divide-slate-100 border-y border-slate-100">
      {failures.map((f) => (
        <li key={f.status} className="gap-x-4 py-2 sm:grid sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <p className="flex flex-wrap items-center gap-1.5">
            <span className="sr-only">Status </span>
            <StatusBadge status={f.status} />
            {f.codes.length ? <span className="sr-only">, codes </span> : null}
            {f.codes.map((c) => (
              <code key={c} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900">
                {c}
              </code>
            ))}
          </p>
          <DocText markdown={f.description} className={`mt-1 text-slate-800 sm:mt-0 ${dense ? "text-xs leading-5" : "text-sm"}`} />
        </li>
      ))}
    </ul>
  );
}

export function OperationSection({ op }: { op: OperationView }) {
  const titleId = `${op.anchor}-title`;
  return (
    <section id={op.anchor} aria-labelledby={titleId} className="scroll-mt-20 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5 lg:scroll-mt-6" data-testid="api-operation">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h3 id={titleId} className="text-base font-semibold text-slate-900">
          {op.summary}
        </h3>
        {op.operationId ? (
          <span className="font-mono text-xs text-slate-600">
            <span className="sr-only">Operation id </span>
            {op.operationId}
          </span>
        ) : null}
      </div>
      <p className="mt-2 flex flex-wrap items-center gap-2" data-testid="operation-endpoint">
        <MethodBadge method={op.method} />
        <code className="min-w-0 font-mono text-sm font-semibold text-slate-900 [overflow-wrap:anywhere]">{op.path}</code>
      </p>
      <div className="mt-2">
        <AccessLine access={op.access} />
      </div>
      <DocText markdown={op.description} className="mt-3 text-sm leading-6 text-slate-800" />

      {op.parameters.length ? (
        <>
          <SubHeading>Parameters</SubHeading>
          <ParameterTable op={op} />
        </>
      ) : null}

      {op.requestBody ? (
        <>
          <SubHeading>Request body</SubHeading>
          <p className="mb-2 text-xs text-slate-700">{op.requestBody.required ? "Required." : "Optional."}</p>
          <DocText markdown={op.requestBody.description} className="mb-2 text-sm" />
          <MediaTypes content={op.requestBody.content} />
        </>
      ) : null}

      {op.responses.length ? (
        <>
          <SubHeading>Responses</SubHeading>
          <div className="space-y-3">
            {op.responses.map((r) => (
              <Response key={r.status} response={r} />
            ))}
          </div>
        </>
      ) : null}

      {op.failures.length ? (
        <>
          <SubHeading>Errors</SubHeading>
          <FailureList failures={op.failures} label={`Errors of ${op.summary}`} dense />
        </>
      ) : null}
    </section>
  );
}
