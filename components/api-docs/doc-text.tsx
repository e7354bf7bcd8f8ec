import Markdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";

// The document's descriptions are short Markdown (mostly `code` spans). Headings in a
// description would break the page's outline, so they render as bold paragraphs.
const strongParagraph = ({ children }: { children?: React.ReactNode }) => <p className="mb-2 font-semibold last:mb-0">{children}</p>;

const COMPONENTS: Components = {
  h1: strongParagraph,
  h2: strongParagraph,
  h3: strongParagraph,
  h4: strongParagraph,
  h5: strongParagraph,
  h6: strongParagraph,
  p: ({ children }) => <p className="mb-2 last:mb-0">{children}</p>,
  ul: ({ children }) => <ul className="mb-2 list-disc space-y-1 pl-5 last:mb-0">{children}</ul>,
  ol: ({ children }) => <ol className="mb-2 list-decimal space-y-1 pl-5 last:mb-0">{children}</ol>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-900 [overflow-wrap:anywhere]">{children}</code>,
  pre: ({ children }) => <pre className="mb-2 rounded bg-slate-100 p-3 text-sm whitespace-pre-wrap [overflow-wrap:anywhere]">{children}</pre>,
  a: ({ href, children }) => (
    <a href={href} className="font-medium text-indigo-800 underline" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  // Nothing is loaded from elsewhere (the page works offline, and the CSP allows only this origin).
  img: ({ alt }) => <span className="italic text-slate-600">{alt ? `[image: ${alt}]` : "[image]"}</span>,
};

/**
 * A description from the OpenAPI document, rendered safely: raw HTML dropped, URLs
 * through react-markdown's protocol allow-list, rehype-sanitize (GitHub's schema) for
 * the rest. Rendered on the server; it adds nothing to the client bundle.
 */
export function DocText({ markdown, className = "" }: { markdown: string | undefined; className?: string }) {
  if (!markdown) return null;
  return (
    <div className={`break-words ${className}`}>
      <Markdown rehypePlugins={[rehypeSanitize]} components={COMPONENTS} skipHtml>
        {markdown}
      </Markdown>
    </div>
  );
}
