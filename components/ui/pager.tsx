import Link from "next/link";

export type PageLink = { href: string; label: string };

/** A secondary action that is a link: page links, "Reach", "Edit". */
export const LINK_BUTTON = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50";

type Props = {
  /** Names the page links; give each list on a page its own, e.g. "Team sessions pages". */
  label: string;
  previous?: PageLink | null;
  next?: PageLink | null;
  /** Says "More results" beside the next link (the search tables). */
  more?: boolean;
  className?: string;
};

/**
 * The links to the keyset pages either side of this one: no page numbers, no totals.
 * Nothing at all on a list of one page.
 */
export function Pager({ label, previous, next, more = false, className = "mt-4" }: Props) {
  if (!previous && !next) return null;
  return (
    <nav aria-label={label} className={`${className} flex flex-wrap items-center gap-3`}>
      {previous ? <Link href={previous.href} className={LINK_BUTTON}>{previous.label}</Link> : null}
      {next ? <Link href={next.href} className={LINK_BUTTON}>{next.label}</Link> : null}
      {next && more ? <span className="text-sm text-slate-600">More results</span> : null}
    </nav>
  );
}

/** Newest / Older links of a list at `path` whose keyset position is `?cursor=` (an opaque cursor, lib/pagination). */
export function NewestOlderPager({ label, path, cursor, next, className }: { label: string; path: string; cursor?: string; next: string | null; className?: string }) {
  return (
    <Pager
      label={label}
      className={className}
      previous={cursor ? { href: path, label: "Newest" } : null}
      next={next ? { href: listHref(path, { cursor: next }), label: "Older" } : null}
    />
  );
}

/** `path` with the given search params, empty ones left out: a list's view as a link someone can share. */
export function listHref(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return query ? `${path}?${query}` : path;
}
