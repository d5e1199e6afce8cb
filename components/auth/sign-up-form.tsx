"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Alert, Button, Field, Input, useAction, type FormAction } from "@/components/ui";
import type { SignedUpUser } from "@/lib/users/sign-up";

export function SignUpForm({ action }: { action: FormAction<SignedUpUser> }) {
  const router = useRouter();
  const [signingIn, setSigningIn] = useState(false);
  const { state, pending, onSubmit, fieldError } = useAction(action, {
    // The account exists: sign in with what was just typed (the form keeps it) and go on.
    onSuccess: (_user, form) => {
      const fields = new FormData(form ?? undefined);
      setSigningIn(true);
      void signIn("credentials", { redirect: false, email: String(fields.get("email")), password: String(fields.get("password")) }).then(() => {
        router.replace("/devportal?welcome=1");
        router.refresh();
      });
    },
  });

  return (
    <form
      onSubmit={onSubmit}
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
