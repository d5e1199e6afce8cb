import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { cn } from "@/components/ui";

/**
 * Markdown written by users (documents, comments), rendered without raw HTML and through
 * rehype-sanitize's GitHub schema: scripts, event handlers and javascript: URLs never reach the page.
 * The developer portal's own copy until the shared components/markdown.tsx lands.
 */
export function SafeMarkdown({ children, className }: { children: string; className?: string }) {
  return (
    <div
      className={cn(
        "grid gap-3 text-sm leading-6 text-zinc-800 dark:text-zinc-200",
        "[&_a]:font-medium [&_a]:text-brand-700 [&_a]:underline dark:[&_a]:text-brand-300",
        "[&_h1]:text-xl [&_h1]:font-semibold [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:font-semibold",
        "[&_ul]:list-disc [&_ul]:ps-6 [&_ol]:list-decimal [&_ol]:ps-6",
        "[&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em] dark:[&_code]:bg-zinc-800",
        "[&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:bg-zinc-100 [&_pre]:p-3 dark:[&_pre]:bg-zinc-800 [&_pre_code]:bg-transparent [&_pre_code]:p-0",
        "[&_blockquote]:border-s-4 [&_blockquote]:border-zinc-300 [&_blockquote]:ps-3 [&_blockquote]:text-zinc-600 dark:[&_blockquote]:border-zinc-700",
        "[&_table]:w-full [&_table]:text-left [&_td]:border-t [&_td]:border-zinc-200 [&_td]:py-1 [&_th]:py-1 dark:[&_td]:border-zinc-800",
        className,
      )}
    >
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        skipHtml
        components={{
          a: ({ href, children: text }) => (
            <a href={href} rel="nofollow ugc noopener noreferrer" target="_blank">
              {text}
            </a>
          ),
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
