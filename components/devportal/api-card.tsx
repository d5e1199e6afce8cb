import Link from "next/link";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import type { CatalogueEntry } from "@/lib/devportal/catalogue";
import { ApiStateBadge } from "./api-state-badge";
import { RatingStars } from "./rating-stars";

export function ApiCard({ api }: { api: CatalogueEntry }) {
  return (
    <Card className="relative flex h-full flex-col transition-shadow focus-within:ring-2 focus-within:ring-brand-500 hover:shadow-md">
      <CardHeader>
        <div className="flex items-start justify-between gap-2">
          <CardTitle as="h2" className="min-w-0 truncate">
            {/* The link covers the card, so the whole card is one target and one tab stop. */}
            <Link href={`/devportal/apis/${api.id}`} className="after:absolute after:inset-0 focus-visible:outline-none">
              {api.name}
            </Link>
          </CardTitle>
          <ApiStateBadge state={api.state} />
        </div>
        <CardDescription className="font-mono text-xs">
          {api.context} · v{api.version}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-3">
        <RatingStars average={api.rating.average} count={api.rating.count} />
        <p className="line-clamp-3 flex-1 text-sm text-zinc-600 dark:text-zinc-400">{api.description || "No description yet."}</p>
        {api.tags.length > 0 && (
          <ul className="relative z-10 flex flex-wrap gap-1" aria-label="Tags">
            {api.tags.map((tag) => (
              <li key={tag}>
                <Link href={`/devportal?tag=${encodeURIComponent(tag)}`} className="rounded-full focus-visible:outline-2 focus-visible:outline-brand-500">
                  <Badge tone="info">{tag}</Badge>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
