import { Button, Input } from "@/components/ui";

/** A GET search form: works without JavaScript and keeps the query in the URL. */
export function SearchForm({ defaultValue, placeholder, label }: { defaultValue?: string; placeholder: string; label: string }) {
  return (
    <form role="search" className="flex gap-2">
      <Input name="query" type="search" defaultValue={defaultValue} placeholder={placeholder} aria-label={label} className="w-72" />
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}
