import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { Markdown } from "@/components/markdown";

const HOSTILE = [
  "Hello **world**",
  "<script>alert('owned')</script>",
  '<img src=x onerror="alert(1)">',
  "[click](javascript:alert(1))",
  '<a href="https://example.com" onclick="alert(1)">x</a>',
].join("\n\n");

it("renders a comment's Markdown with any <script>, event handler and javascript: URL made inert", () => {
  // eslint-disable-next-line react/no-children-prop -- a .ts test file has no JSX
  const html = renderToStaticMarkup(createElement(Markdown, { children: HOSTILE }));
  expect(html).toContain("<strong>world</strong>");
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/onerror|onclick/i);
  expect(html).not.toMatch(/javascript:/i);
  expect(html).not.toMatch(/<img/i);
});
