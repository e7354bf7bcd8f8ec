// Announcement bodies are written by authors and read by everyone: a list of XSS
// payloads must come out inert. The rendered HTML is parsed (htmlparser2) and every
// element and attribute checked, rather than searched for a few strings.
import { parseDocument } from "htmlparser2";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnnouncementBody } from "./announcement-body";

const PAYLOADS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)><circle /></svg>",
  "<iframe src=\"javascript:alert(1)\"></iframe>",
  "<a href=\"javascript:alert(1)\">click</a>",
  "<details open ontoggle=alert(1)>x</details>",
  "<style>body{background:url(javascript:alert(1))}</style>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](  javascript:alert(1))",
  "[click](java\tscript:alert(1))",
  "[click](&#106;avascript:alert(1))",
  "[click](javascript&colon;alert(1))",
  "[click](vbscript:msgbox(1))",
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![x](javascript:alert(1))",
  "![x\" onerror=\"alert(1)](https://example.com/a.png)",
  "<javascript:alert(1)>",
  "[ref][1]\n\n[1]: javascript:alert(1)",
  "[x](https://example.com \"title\\\" onmouseover=alert(1)\")",
  "<form action=\"https://evil.example\"><button>Go</button></form>",
  "<object data=\"javascript:alert(1)\"></object>",
  "<embed src=\"javascript:alert(1)\">",
  "<base href=\"https://evil.example/\">",
  "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
  "<input autofocus onfocus=alert(1)>",
  "<div style=\"background:url(javascript:alert(1))\">x</div>",
  "`<script>alert(1)</script>`",
];

const ALLOWED_TAGS = new Set(["div", "p", "a", "span", "code", "pre", "ul", "ol", "li", "h3", "h4", "strong", "em", "blockquote", "del", "table", "thead", "tbody", "tr", "th", "td", "br", "hr"]);
const ALLOWED_ATTRIBUTES = new Set(["class", "href", "rel", "data-testid", "title"]);

type Node = { type: string; name?: string; attribs?: Record<string, string>; children?: Node[] };

function elements(node: Node, out: Node[] = []): Node[] {
  if (node.type === "tag" || node.type === "script" || node.type === "style") out.push(node);
  for (const child of node.children ?? []) elements(child, out);
  return out;
}

function render(markdown: string): string {
  return renderToStaticMarkup(createElement(AnnouncementBody, { markdown }));
}

describe("AnnouncementBody", () => {
  it.each(PAYLOADS)("renders %j inert", (payload) => {
    const html = render(payload);
    for (const el of elements(parseDocument(html) as unknown as Node)) {
      expect(ALLOWED_TAGS, `element <${el.name}> in ${html}`).toContain(el.name);
      for (const [name, value] of Object.entries(el.attribs ?? {})) {
        expect(ALLOWED_ATTRIBUTES, `attribute ${name} in ${html}`).toContain(name);
        if (name === "href") expect(value, html).toMatch(/^(https?:|mailto:|#|\/)/i);
      }
    }
  });

  it("still renders ordinary Markdown: emphasis, lists, safe links, code", () => {
    const html = render("**Bold** and _soft_\n\n- one\n- two\n\n[Policy](https://intranet.example/policy) `code`");
    expect(html).toContain("<strong>Bold</strong>");
    expect(html).toContain("<em>soft</em>");
    expect(html).toMatch(/<li>one<\/li>/);
    expect(html).toMatch(/<a href="https:\/\/intranet.example\/policy"[^>]*rel="noopener noreferrer nofollow"[^>]*>Policy<\/a>/);
    expect(html).toMatch(/<code[^>]*>code<\/code>/);
  });

  it("keeps the text of a javascript: link but not the link", () => {
    const html = render("[click me](javascript:alert(1))");
    expect(html).toContain("click me");
    expect(html).not.toMatch(/javascript/i);
  });

  it("shows an image as its alt text, never loading it", () => {
    const html = render("![Org chart](https://tracker.example/pixel.png)");
    expect(html).toContain("[image: Org chart]");
    expect(html).not.toContain("tracker.example");
  });
});
