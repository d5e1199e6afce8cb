import type { Metadata } from "next";
import Link from "next/link";
import { ApiCard } from "@/components/devportal/api-card";
import { CatalogueToolbar } from "@/components/devportal/catalogue-toolbar";
import { Alert, Button, EmptyState, PageHeader } from "@/components/ui";
import { sessionCtx } from "@/lib/auth/session";
import { listCatalogue, listCatalogueTags } from "@/lib/devportal/catalogue";
import { CATALOGUE_SORTS, type CatalogueSort } from "@/lib/devportal/schemas";

export const metadata: Metadata = { title: "APIs" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const text = (value: string | string[] | undefined) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

export default async function CataloguePage({ searchParams }: Props) {
  const params = await searchParams;
  const query = text(params.query);
  const tag = text(params.tag);
  const sort: CatalogueSort = CATALOGUE_SORTS.find((s) => s === params.sort) ?? "newest";
  const ctx = await sessionCtx();
  const [entries, tags] = await Promise.all([listCatalogue({ ctx, input: { query, tag, sort } }), listCatalogueTags({ ctx })]);
  const filtered = Boolean(query || tag);
  return (
    <>
      {params.welcome && ctx.actor && (
        <Alert tone="success" title={`Welcome, ${ctx.actor.name}!`} className="mb-6">
          Your account and a DefaultApplication are ready. Find an API below and subscribe to it to get keys.
        </Alert>
      )}
      <PageHeader
        title="APIs"
        description="Discover the APIs published on this platform, read their documentation, try them and subscribe."
        actions={
          ctx.actor && (
            <Button asChild variant="secondary">
              <Link href="/devportal/applications">My applications</Link>
            </Button>
          )
        }
      />
      <CatalogueToolbar query={query} tag={tag} sort={sort} tags={tags} />
      {entries.length === 0 ? (
        <EmptyState
          title={filtered ? "No APIs match your search" : "No APIs have been published yet"}
          description={
            filtered
              ? "Try another name or tag, or clear the search to see every API."
              : "When a publisher publishes an API it appears here. Publishers can deploy the sample PizzaShack API from the publisher portal."
          }
          actions={
            filtered && (
              <Button asChild variant="secondary">
                <Link href="/devportal">Clear the search</Link>
              </Button>
            )
          }
        />
      ) : (
        <>
          <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400" role="status">
            {entries.length} API{entries.length === 1 ? "" : "s"}
            {tag && ` tagged “${tag}”`}
          </p>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {entries.map((api) => (
              <li key={api.id}>
                <ApiCard api={api} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
