import { Alert, CopyButton } from "@/components/ui";

/** A generated password, shown this once: it is stored only as a hash. */
export function OneTimePassword({ email, password }: { email: string; password: string }) {
  return (
    <Alert tone="warning" title="Copy this password now: it is shown only once">
      <p>
        Give it to <strong>{email}</strong> over a safe channel; they sign in with it.
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="rounded bg-white/70 px-2 py-1 font-mono text-sm dark:bg-zinc-900/70" data-testid="generated-password">
          {password}
        </code>
        <CopyButton value={password} label="Copy password" />
      </div>
    </Alert>
  );
}
