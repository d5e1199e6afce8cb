import Link from "next/link";
import { Button, Input, Label, NativeSelect } from "@/components/ui";
import type { CatalogueSort } from "@/lib/devportal/schemas";

type Props = { query?: string; tag?: string; sort: CatalogueSort; tags: { tag: string; count: number }[] };

const SORTS: { value: CatalogueSort; label: string }[] = [
  { value: "newest", label: "Newest" },
  { value: "rating", label: "Top rated" },
  { value: "usage", label: "Most used" },
];

/** A GET form, so searches work without JavaScript, can be bookmarked and go back with the browser. */
export function CatalogueToolbar({ query, tag, sort, tags }: Props) {
  return (
    <form role="search" className="mb-6 flex flex-wrap items-end gap-3">
      <div className="grid min-w-64 flex-1 gap-1.5">
        <Label htmlFor="catalogue-query">Search</Label>
        <Input id="catalogue-query" name="query" type="search" defaultValue={query} placeholder="Name, tag:pizza or creator:someone@example.com" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="catalogue-tag">Tag</Label>
        <NativeSelect id="catalogue-tag" name="tag" defaultValue={tag ?? ""} className="w-44">
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t.tag} value={t.tag}>
              {t.tag} ({t.count})
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="catalogue-sort">Sort by</Label>
        <NativeSelect id="catalogue-sort" name="sort" defaultValue={sort} options={SORTS} className="w-36" />
      </div>
      <Button type="submit">Search</Button>
      {(query || tag) && (
        <Button asChild variant="ghost">
          <Link href="/devportal">Clear</Link>
        </Button>
      )}
    </form>
  );
}
