import Link from "next/link";
import { buttonClassName, EmptyState } from "@/components/ui";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24">
      <EmptyState
        title="Page not found"
        description="The page does not exist, or you cannot see it."
        actions={
          <Link href="/devportal" className={buttonClassName("primary")}>
            Go to the developer portal
          </Link>
        }
      />
    </main>
  );
}
