import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/markdown";

const render = (markdown: string) => renderToStaticMarkup(Markdown({ children: markdown }));

describe("user Markdown", () => {
  it("renders GitHub-flavoured Markdown", () => {
    const html = render("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n```js\nconst x = 1;\n```");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<table>");
    expect(html).toContain("<code");
  });

  it("drops raw HTML, script URLs and event handlers", () => {
    const html = render('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[click](javascript:alert(1)) ![i](javascript:alert(2))');
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });

  it("marks links noopener noreferrer nofollow", () => {
    const html = render("[docs](https://example.com/docs) and [local](/devportal)");
    expect(html).toContain('<a href="https://example.com/docs" rel="noopener noreferrer nofollow" target="_blank">docs</a>');
    expect(html).toContain('<a href="/devportal" rel="noopener noreferrer nofollow">local</a>');
  });
});
