import Markdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";

// Headings inside an announcement sit under its title (an h1 or h2 of the page).
const heading = (Tag: "h3" | "h4") =>
  function Heading({ children }: { children?: React.ReactNode }) {
    return <Tag className={Tag === "h3" ? "mt-4 mb-2 text-base font-semibold text-slate-900" : "mt-3 mb-1 text-sm font-semibold text-slate-900"}>{children}</Tag>;
  };

const COMPONENTS: Components = {
  h1: heading("h3"),
  h2: heading("h3"),
  h3: heading("h4"),
  h4: heading("h4"),
  h5: heading("h4"),
  h6: heading("h4"),
  p: ({ children }) => <p className="mb-3 last:mb-0">{children}</p>,
  ul: ({ children }) => <ul className="mb-3 list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="mb-3 list-decimal space-y-1 pl-5">{children}</ol>,
  blockquote: ({ children }) => <blockquote className="mb-3 border-l-4 border-slate-300 pl-3 text-slate-700">{children}</blockquote>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em]">{children}</code>,
  pre: ({ children }) => <pre className="mb-3 overflow-x-auto rounded bg-slate-100 p-3 text-sm">{children}</pre>,
  a: ({ href, children }) => (
    <a href={href} className="font-medium text-indigo-800 underline" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  // No remote images: they would track who opened the announcement (and CSP blocks them).
  img: ({ alt }) => <span className="italic text-slate-600">{alt ? `[image: ${alt}]` : "[image]"}</span>,
  table: ({ children }) => (
    <div className="mb-3 overflow-x-auto">
      <table className="min-w-full text-left text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border-b border-slate-300 px-2 py-1 font-semibold">{children}</th>,
  td: ({ children }) => <td className="border-b border-slate-100 px-2 py-1">{children}</td>,
};

/**
 * An announcement's Markdown, rendered safely: raw HTML is dropped (skipHtml), URLs pass react-markdown's protocol allow-list (no javascript:,
 * vbscript: or data:), and rehype-sanitize (GitHub's schema) strips anything else, e.g.
 * event-handler attributes. Used for the feed, the detail page and the author's preview.
 */
export function AnnouncementBody({ markdown }: { markdown: string }) {
  return (
    <div className="text-sm leading-6 break-words text-slate-800" data-testid="announcement-body">
      <Markdown rehypePlugins={[rehypeSanitize]} components={COMPONENTS} skipHtml>
        {markdown}
      </Markdown>
    </div>
  );
}
