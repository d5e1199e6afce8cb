"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useActionState, useEffect, useRef, useState } from "react";
import { Alert, Button, Field, Input } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";
import type { SignedUpUser } from "@/lib/users/sign-up";

type SignUpAction = (previous: ActionResult<SignedUpUser> | null, formData: FormData) => Promise<ActionResult<SignedUpUser>>;

export function SignUpForm({ action }: { action: SignUpAction }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(action, null);
  const [signingIn, setSigningIn] = useState(false);
  const credentials = useRef<{ email: string; password: string } | null>(null);
  const fieldError = (name: string) => (state && !state.ok ? state.fieldErrors?.[name]?.[0] : undefined);

  useEffect(() => {
    if (!state?.ok || !credentials.current) return;
    setSigningIn(true);
    void signIn("credentials", { redirect: false, ...credentials.current }).then(() => {
      router.replace("/devportal?welcome=1");
      router.refresh();
    });
  }, [state, router]);

  return (
    <form
      action={(formData) => {
        credentials.current = { email: String(formData.get("email")), password: String(formData.get("password")) };
        formAction(formData);
      }}
      className="space-y-4"
    >
      {state && !state.ok && !state.fieldErrors && <Alert tone="danger">{state.message}</Alert>}
      <Field label="Name" required error={fieldError("name")}>
        <Input name="name" autoComplete="name" autoFocus required />
      </Field>
      <Field label="Email" required error={fieldError("email")}>
        <Input name="email" type="email" autoComplete="email" required />
      </Field>
      <Field label="Password" required hint="At least 8 characters." error={fieldError("password")}>
        <Input name="password" type="password" autoComplete="new-password" required minLength={8} />
      </Field>
      <Button type="submit" className="w-full" loading={pending || signingIn}>
        Create account
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline dark:text-brand-300">
          Sign in
        </Link>
      </p>
    </form>
  );
}
