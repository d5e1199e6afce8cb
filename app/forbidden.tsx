import Link from "next/link";
import { buttonClassName, EmptyState } from "@/components/ui";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24">
      <EmptyState
        title="You don't have access to this portal"
        description="Your account's roles do not include this area. Ask an administrator to grant the role you need, or head back to the developer portal."
        actions={
          <Link href="/devportal" className={buttonClassName("primary")}>
            Go to the developer portal
          </Link>
        }
      />
    </main>
  );
}
