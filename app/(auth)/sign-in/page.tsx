import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import { safeReturnPath } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const error = typeof params.error === "string" ? params.error : undefined;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Sign in</CardTitle>
        <CardDescription>Publish APIs, subscribe to them, or run the platform.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm returnTo={safeReturnPath(params.callbackUrl)} initialError={error} />
      </CardContent>
    </Card>
  );
}
