import type { Metadata } from "next";
import Link from "next/link";
import { DocText } from "@/components/api-docs/doc-text";
import { FailureList, MethodBadge, OperationSection } from "@/components/api-docs/operation";
import { SchemaTree } from "@/components/api-docs/schema-tree";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { apiReference, type OperationView } from "@/lib/contract/reference";
import { env } from "@/lib/env";
import { TOKEN_SCOPE_LABELS, TOKEN_SCOPES } from "@/lib/tokens/scopes";

export const metadata: Metadata = { title: "API docs" };

// The README's example search, for curl and for the one-line client (scripts/api.ts).
const EXAMPLE_PATH = "/api/audit-logs?q=risk:>=high&limit=5";
const CLIENT_DEFAULT_URL = "http://localhost:3000";

const INTRO = [
  { id: "about", label: "About the API" },
  { id: "authentication", label: "Authentication" },
  { id: "rate-limits", label: "Rate limits" },
  { id: "errors", label: "Errors" },
] as const;

function IntroSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-20 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5 lg:scroll-mt-6">
      <h2 id={`${id}-title`} className="mb-3 text-lg font-semibold text-slate-900">
        {title}
      </h2>
      <div className="space-y-3 text-sm leading-6 text-slate-800">{children}</div>
    </section>
  );
}

function Code({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-900 [overflow-wrap:anywhere]">{children}</code>;
}

/** A block of shell or JSON: wraps at 375 px rather than widening the page. */
function CodeBlock({ label, children }: { label: string; children: string }) {
  return (
    <pre aria-label={label} className="rounded-md bg-slate-900 p-3 font-mono text-xs leading-5 whitespace-pre-wrap text-slate-50 [overflow-wrap:anywhere] sm:text-sm">
      <code>{children}</code>
    </pre>
  );
}

function OperationLink({ op }: { op: OperationView }) {
  return (
    <a href={`#${op.anchor}`} className="text-indigo-800 underline">
      {op.summary}
    </a>
  );
}

export default async function ApiDocsPage() {
  // Everyone signed in may read the reference (the layout signs out visitors too).
  await requireUser();
  const ref = apiReference();
  const origin = env.APP_URL.replace(/\/+$/, "");
  const operations = ref.tags.flatMap((t) => t.operations);
  const scopes = TOKEN_SCOPES.map((scope) => ({ scope, label: TOKEN_SCOPE_LABELS[scope], operations: operations.filter((o) => o.access.kind === "token" && o.access.scope === scope) }));
  const sessionOnly = operations.filter((o) => o.access.kind === "session");
  const client = `${origin === CLIENT_DEFAULT_URL ? "" : `HRG_URL=${origin} `}HRG_TOKEN=hrg_… npm run api -- GET "${EXAMPLE_PATH}"`;
  const download = (
    <a href="/api/openapi.json" download="openapi.json" className="inline-block shrink-0 rounded-md bg-indigo-700 px-4 py-2 whitespace-nowrap text-sm font-medium text-white hover:bg-indigo-800">
      Download openapi.json
    </a>
  );

  return (
    <>
      <PageHeader title="API documentation" description={`${ref.title} ${ref.version}: ${ref.summary ?? ""}`} actions={download} />
      <div className="xl:grid xl:grid-cols-[14rem_minmax(0,1fr)] xl:items-start xl:gap-8">
        <nav aria-label="API contents" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm xl:sticky xl:top-6 xl:mb-0 xl:max-h-[calc(100vh-3rem)] xl:overflow-y-auto">
          <h2 className="mb-2 text-base font-semibold text-slate-900">Contents</h2>
          <ul className="space-y-1">
            {INTRO.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`} className="text-indigo-800 underline">
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
          <ul className="mt-3 space-y-2 border-t border-slate-200 pt-3" data-testid="api-toc">
            {ref.tags.map((tag) => (
              <li key={tag.anchor}>
                <a href={`#${tag.anchor}`} className="font-medium text-indigo-800 underline">
                  {tag.name}
                </a>
                {/* Each operation too on a wide screen; on a phone the tags alone keep the list short. */}
                <ul className="mt-1 hidden space-y-1 pl-2 xl:block">
                  {tag.operations.map((op) => (
                    <li key={op.anchor} className="text-xs">
                      <a href={`#${op.anchor}`} className="text-slate-700 hover:text-indigo-800 hover:underline">
                        <span className="font-mono font-semibold">{op.method}</span> {op.summary}
                      </a>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </nav>

        <div className="min-w-0 space-y-8">
          <div className="space-y-6">
            <IntroSection id="about" title="About the API">
              <DocText markdown={ref.description} />
              <p>
                This page is generated from the API&apos;s OpenAPI {ref.openapi} document, the same schemas the server checks requests and answers against. Take the document itself for a client generator or
                a linter: <a href="/api/openapi.json" className="font-medium text-indigo-800 underline">/api/openapi.json</a>.
              </p>
            </IntroSection>

            <IntroSection id="authentication" title="Authentication">
              <p>
                Make a personal token on{" "}
                <Link href="/settings/tokens" className="font-medium text-indigo-800 underline">
                  API tokens
                </Link>{" "}
                (you see its secret once) and send it with every request as <Code>Authorization: Bearer hrg_…</Code>. It acts as you: a request needs the operation&apos;s scope on the token
                <em> and </em>the permission on your current role, and reads stay within your reach. In this browser your sign-in session works as well, and it is the only way into the
                operations marked <q>browser session only</q>.
              </p>
              <table className="w-full table-fixed text-left text-sm">
                <caption className="mb-1 text-left text-xs font-semibold text-slate-700">Token scopes and the operations that take them</caption>
                <thead className="border-b border-slate-300 text-xs text-slate-700">
                  <tr>
                    <th scope="col" className="w-1/3 py-1.5 pr-3 font-semibold">
                      Scope
                    </th>
                    <th scope="col" className="py-1.5 font-semibold">
                      Allows
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 align-top">
                  {scopes.map((s) => (
                    <tr key={s.scope}>
                      <th scope="row" className="py-2 pr-3 text-left font-normal">
                        <Code>{s.scope}</Code>
                      </th>
                      <td className="py-2">
                        <p>{s.label}.</p>
                        {s.operations.length ? (
                          <p className="mt-1 text-xs text-slate-700">
                            {s.operations.map((op, i) => (
                              <span key={op.anchor}>
                                {i ? ", " : ""}
                                <OperationLink op={op} />
                              </span>
                            ))}
                          </p>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {sessionOnly.length ? (
                <p>
                  Browser session only (a token gets 403):{" "}
                  {sessionOnly.map((op, i) => (
                    <span key={op.anchor}>
                      {i ? ", " : ""}
                      <OperationLink op={op} />
                    </span>
                  ))}
                  .
                </p>
              ) : null}
              <DocText markdown={ref.sessionScheme?.description} className="text-slate-700" />
              <h3 className="pt-2 text-base font-semibold text-slate-900">Try it</h3>
              <p>
                With <Code>curl</Code>, or with the repository&apos;s one-line client (<Code>scripts/api.ts</Code>: it reads the token from <Code>HRG_TOKEN</Code> and the server from{" "}
                <Code>HRG_URL</Code>, {CLIENT_DEFAULT_URL} by default, and prints the answer as indented JSON):
              </p>
              <CodeBlock label="Example requests">{`curl -H "Authorization: Bearer $HRG_TOKEN" "${origin}${EXAMPLE_PATH}"\n${client}`}</CodeBlock>
            </IntroSection>

            <IntroSection id="rate-limits" title="Rate limits">
              <p>Every answer carries two headers (IETF draft fields) that say what you may still send:</p>
              <dl className="space-y-2">
                {ref.sharedHeaders.map((h) => (
                  <div key={h.name}>
                    <dt>
                      <Code>{h.name}</Code>
                    </dt>
                    <dd className="mt-0.5 text-slate-700">
                      <DocText markdown={h.description} />
                    </dd>
                  </div>
                ))}
              </dl>
              {ref.rateLimited ? (
                <div>
                  <p>
                    Past a budget the answer is <strong>{ref.rateLimited.status}</strong>
                    {ref.rateLimited.codes.length ? (
                      <>
                        {" "}
                        with the error code{" "}
                        {ref.rateLimited.codes.map((c, i) => (
                          <span key={c}>
                            {i ? ", " : ""}
                            <Code>{c}</Code>
                          </span>
                        ))}
                      </>
                    ) : null}
                    :
                  </p>
                  <DocText markdown={ref.rateLimited.description} className="text-slate-700" />
                  <dl className="mt-2 space-y-1">
                    {ref.rateLimited.headers
                      .filter((h) => !h.shared)
                      .map((h) => (
                        <div key={h.name} className="flex flex-wrap items-baseline gap-x-2">
                          <dt>
                            <Code>{h.name}</Code>
                          </dt>
                          <dd className="text-slate-700">
                            <DocText markdown={h.description} />
                          </dd>
                        </div>
                      ))}
                  </dl>
                </div>
              ) : null}
            </IntroSection>

            <IntroSection id="errors" title="Errors">
              <p>Every failure has one body, with a stable code, words a person can act on, and details a program can read:</p>
              <CodeBlock label="The error body">{`{ "error": { "code": "…", "message": "…", "details": … } }`}</CodeBlock>
              {/* Its code is one of the Error schema's enum: the tree lists them. */}
              {ref.errorSchema ? <SchemaTree root={ref.errorSchema} /> : null}
              <h3 className="pt-2 text-base font-semibold text-slate-900">By status</h3>
              <FailureList failures={ref.failures} label="Error statuses, their codes and meaning" />
            </IntroSection>
          </div>

          {ref.tags.map((tag) => (
            <section key={tag.anchor} id={tag.anchor} aria-labelledby={`${tag.anchor}-title`} className="scroll-mt-20 space-y-4 lg:scroll-mt-6" data-testid="api-tag">
              <div className="border-b border-slate-300 pb-2">
                <h2 id={`${tag.anchor}-title`} className="text-xl font-bold text-slate-900">
                  {tag.name}
                </h2>
                <DocText markdown={tag.description} className="mt-1 text-sm text-slate-700" />
                <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={`${tag.name} operations`}>
                  {tag.operations.map((op) => (
                    <li key={op.anchor} className="flex items-center gap-1.5">
                      <MethodBadge method={op.method} />
                      <OperationLink op={op} />
                    </li>
                  ))}
                </ul>
              </div>
              {tag.operations.length ? tag.operations.map((op) => <OperationSection key={op.anchor} op={op} />) : <p className="text-sm text-slate-600">No operations.</p>}
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
