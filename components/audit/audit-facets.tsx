// The facets bar above the results: per facet, a disclosure with its top values, counts,
// and two links each, to narrow the search to the value or to exclude it. Server
// component: plain links, nothing to hydrate, keyboard and screen reader as any link.
import Link from "next/link";
import type { Facet } from "@/lib/audit/search/facets";

export function AuditFacets({ facets, hrefOf, window }: { facets: Facet[]; hrefOf: (q: string) => string; window: string }) {
  if (facets.length === 0) return null;
  return (
    <nav aria-label="Facets" className="mb-3 flex flex-wrap items-start gap-2 text-sm" data-testid="facets">
      {facets.map((facet) => (
        <details key={facet.key} className="group relative">
          <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
            {facet.title} <span aria-hidden="true" className="text-slate-500 group-open:rotate-180 inline-block">▾</span>
          </summary>
          <div className="absolute left-0 z-20 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white p-2 shadow-lg">
            <p className="px-1 pb-1 text-xs text-slate-600">Top values, {window}</p>
            <ul className="space-y-0.5">
              {facet.values.map((v) => (
                <li key={v.value} className="flex items-center gap-2 rounded px-1 py-0.5 hover:bg-slate-50">
                  <Link href={hrefOf(v.only)} className="min-w-0 flex-1 truncate text-indigo-800 underline-offset-2 hover:underline" title={`Only ${facet.title.toLowerCase()} ${v.label}`}>
                    {v.label}
                  </Link>
                  <span className="tabular-nums text-slate-700">{v.count.toLocaleString("en-US")}</span>
                  <Link href={hrefOf(v.exclude)} className="rounded border border-slate-300 px-1.5 text-xs text-slate-700 hover:bg-slate-100" aria-label={`Exclude ${facet.title.toLowerCase()} ${v.label}`}>
                    −
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        </details>
      ))}
    </nav>
  );
}
