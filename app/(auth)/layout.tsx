import Link from "next/link";
import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/devportal" className="mb-8 flex items-center gap-2 text-lg font-semibold tracking-tight">
        <span aria-hidden className="grid h-8 w-8 place-items-center rounded-md bg-brand-600 text-white">
          P
        </span>
        Portcullis
      </Link>
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
