import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import { signUpAction } from "./actions";

export const metadata: Metadata = { title: "Create an account" };

export default function SignUpPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h1">Create an account</CardTitle>
        <CardDescription>Subscribe to APIs and get keys in minutes. Your DefaultApplication is ready when you are.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignUpForm action={signUpAction} />
      </CardContent>
    </Card>
  );
}
