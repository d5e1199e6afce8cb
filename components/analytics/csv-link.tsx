import { buttonClassName } from "@/components/ui";

/** Downloads a dashboard table as CSV, with the page's current filters. */
export function CsvLink({ href, query, label = "Export CSV" }: { href: string; query: string; label?: string }) {
  const url = `${href}?${query ? `${query}&` : ""}format=csv`;
  return (
    // A plain anchor: the answer is a file download, not a page to navigate to.
    <a href={url} download className={buttonClassName("secondary", "sm")}>
      <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4">
        <path d="M10.75 2.75a.75.75 0 0 0-1.5 0v8.614L6.295 8.235a.75.75 0 1 0-1.09 1.03l4.25 4.5a.75.75 0 0 0 1.09 0l4.25-4.5a.75.75 0 0 0-1.09-1.03l-2.955 3.129V2.75Z" />
        <path d="M3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z" />
      </svg>
      {label}
    </a>
  );
}
