import type { ComponentProps } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { cn } from "@/components/ui";

/**
 * Renders Markdown written by users (API documents, descriptions) safely: raw HTML is dropped,
 * the HTML that Markdown produces is sanitised (GitHub's allow-list), dangerous URLs are removed,
 * and every link is marked so it passes no referrer, no opener and no ranking.
 * Works in server and client components alike.
 */
export function Markdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={cn(PROSE, className)}>
      <ReactMarkdown skipHtml remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </div>
  );
}

function Link({ href, title, children }: ComponentProps<"a">) {
  const external = typeof href === "string" && /^https?:\/\//i.test(href);
  return (
    <a href={href} title={title} rel="noopener noreferrer nofollow" target={external ? "_blank" : undefined}>
      {children}
    </a>
  );
}

const COMPONENTS: Components = { a: Link };

const PROSE = cn(
  "max-w-none text-sm leading-6 text-zinc-800 dark:text-zinc-200",
  "[&>*+*]:mt-3 [&_h1]:text-2xl [&_h1]:font-semibold [&_h1]:tracking-tight [&_h2]:mt-6 [&_h2]:text-xl [&_h2]:font-semibold",
  "[&_h3]:mt-5 [&_h3]:text-base [&_h3]:font-semibold [&_h4]:font-semibold",
  "[&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline dark:[&_a]:text-brand-300",
  "[&_ul]:list-disc [&_ul]:ps-6 [&_ol]:list-decimal [&_ol]:ps-6 [&_li+li]:mt-1",
  "[&_blockquote]:border-s-4 [&_blockquote]:border-zinc-300 [&_blockquote]:ps-4 [&_blockquote]:text-zinc-600 dark:[&_blockquote]:border-zinc-700 dark:[&_blockquote]:text-zinc-400",
  "[&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.85em] dark:[&_code]:bg-zinc-800",
  "[&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-zinc-950 [&_pre]:p-4 [&_pre]:text-zinc-100 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_pre_code]:text-zinc-100",
  "[&_table]:w-full [&_table]:border-collapse [&_th]:border [&_th]:border-zinc-300 [&_th]:px-3 [&_th]:py-1.5 [&_th]:text-left [&_td]:border [&_td]:border-zinc-300 [&_td]:px-3 [&_td]:py-1.5 dark:[&_th]:border-zinc-700 dark:[&_td]:border-zinc-700",
  "[&_hr]:border-zinc-200 dark:[&_hr]:border-zinc-800 [&_img]:max-w-full",
);
