import type { Metadata } from "next";
import Link from "next/link";
import { SearchForm } from "@/components/shell/search-form";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader } from "@/components/ui";
import { sessionCtx } from "@/lib/auth/session";
import { listCatalogue } from "@/lib/devportal/catalogue";

export const metadata: Metadata = { title: "APIs" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CataloguePage({ searchParams }: Props) {
  const params = await searchParams;
  const query = typeof params.query === "string" ? params.query : undefined;
  const ctx = await sessionCtx();
  const entries = await listCatalogue({ ctx, input: { query } });
  return (
    <>
      {params.welcome && ctx.actor && (
        <Alert tone="success" title={`Welcome, ${ctx.actor.name}!`} className="mb-6">
          Your account and a DefaultApplication are ready. Find an API below and subscribe to it to get keys.
        </Alert>
      )}
      <PageHeader
        title="APIs"
        description="Discover the APIs published on this platform, read their documentation and subscribe."
        actions={<SearchForm defaultValue={query} placeholder="Search by name or tag" label="Search APIs" />}
      />
      {entries.length === 0 ? (
        <EmptyState
          title={query ? `No APIs match “${query}”` : "No APIs have been published yet"}
          description={
            query
              ? "Try another name or tag, or clear the search to see every API."
              : "When a publisher publishes an API it appears here. Publishers can deploy the sample PizzaShack API from the publisher portal."
          }
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {entries.map((api) => (
            <li key={api.id}>
              <Card className="h-full">
                <CardHeader>
                  <CardTitle as="h2">
                    <Link href={`/devportal/apis/${api.id}`} className="hover:underline">
                      {api.name}
                    </Link>
                  </CardTitle>
                  <CardDescription>
                    {api.context} · v{api.version}{" "}
                    {api.state === "PROTOTYPED" && <Badge tone="warning">prototype</Badge>}
                  </CardDescription>
                </CardHeader>
                <CardContent className="space-y-3">
                  <p className="line-clamp-3 text-sm text-zinc-600 dark:text-zinc-400">{api.description || "No description."}</p>
                  <div className="flex flex-wrap gap-1">
                    {api.tags.map((tag) => (
                      <Badge key={tag} tone="info">
                        {tag}
                      </Badge>
                    ))}
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
