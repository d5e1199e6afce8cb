"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { Alert, Button, CopyButton, Field, NativeSelect, Skeleton, useAction } from "@/components/ui";
import type { ConsoleApplication } from "@/lib/devportal/console";
import type { ActionResult } from "@/lib/http/action-result";
import type { ApplicationToken } from "@/lib/keys/application-token";

// Swagger UI touches `window` as it loads, so it is only ever rendered in the browser.
const SwaggerConsole = dynamic(() => import("./swagger-console"), {
  ssr: false,
  loading: () => (
    <div aria-busy="true" className="grid gap-2">
      <span className="sr-only">Loading the API console…</span>
      <Skeleton className="h-10 w-full" />
      <Skeleton className="h-10 w-full" />
      <Skeleton className="h-10 w-full" />
    </div>
  ),
});

type TokenInput = { apiId: string; applicationId: string; keyType: string };

type Props = {
  apiId: string;
  spec: Record<string, unknown>;
  signedIn: boolean;
  prototype: boolean;
  corsAllowsPortal: boolean;
  applications: ConsoleApplication[];
  keyTypes: ("PRODUCTION" | "SANDBOX")[];
  tokenAction: (input: TokenInput) => Promise<ActionResult<ApplicationToken>>;
};

/** Pick a subscribed application and key type, get a short-lived token, then "Try it out" against the gateway. */
export function ApiConsole({ apiId, spec, signedIn, prototype, corsAllowsPortal, applications, keyTypes, tokenAction }: Props) {
  const [applicationId, setApplicationId] = useState(applications[0]?.id ?? "");
  const [keyType, setKeyType] = useState(keyTypes[0] ?? "PRODUCTION");
  const [token, setToken] = useState<ApplicationToken | null>(null);
  const { run, pending } = useAction(tokenAction, {
    success: (t) => `Fresh token ready${t.expiresIn ? `, valid for ${Math.round(t.expiresIn / 60)} minutes` : ""}`,
    onSuccess: setToken,
    failureToast: "That did not work",
  });
  const app = applications.find((a) => a.id === applicationId);
  const missingKeys = app && !app.keyTypes.includes(keyType);

  return (
    <div className="grid min-w-0 grid-cols-1 gap-4 [&>*]:min-w-0">
      {!corsAllowsPortal && (
        <Alert tone="warning" title="The browser may refuse these calls">
          This API&apos;s CORS settings do not allow calls from this portal, so “Execute” can fail with a network error. The code samples on the
          Overview tab work from anywhere; or ask the publisher to allow this portal&apos;s origin.
        </Alert>
      )}
      {prototype ? (
        <Alert tone="info">This prototype needs no subscription or token: expand a resource, click “Try it out”, then “Execute”.</Alert>
      ) : !signedIn ? (
        <Alert tone="info">
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/devportal/apis/${apiId}/console`)}`}>Sign in</Link> and subscribe an
          application to call this API from here.
        </Alert>
      ) : applications.length === 0 ? (
        <Alert tone="info" title="Subscribe first">
          None of your applications is subscribed to this API. <Link href={`/devportal/apis/${apiId}`}>Subscribe on the Overview tab</Link>, then come back.
        </Alert>
      ) : (
        <form
          className="flex flex-wrap items-end gap-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
          onSubmit={(event) => {
            event.preventDefault();
            void run({ apiId, applicationId, keyType });
          }}
        >
          <Field label="Application" className="min-w-48">
            <NativeSelect value={applicationId} onChange={(e) => setApplicationId(e.target.value)} options={applications.map((a) => ({ value: a.id, label: a.name }))} />
          </Field>
          <Field label="Key type">
            <NativeSelect
              value={keyType}
              onChange={(e) => setKeyType(e.target.value as typeof keyType)}
              options={keyTypes.map((k) => ({ value: k, label: k === "PRODUCTION" ? "Production" : "Sandbox" }))}
            />
          </Field>
          <Button type="submit" loading={pending} disabled={missingKeys}>
            Use a fresh token
          </Button>
          {missingKeys && (
            <p className="basis-full text-sm">
              {app.name} has no {keyType.toLowerCase()} keys yet.{" "}
              <Link href={`/devportal/applications/${app.id}/keys?type=${keyType.toLowerCase()}`} className="font-medium underline">
                Generate them
              </Link>{" "}
              first.
            </p>
          )}
          {token && (
            <div className="flex min-w-0 basis-full items-center gap-2" role="status">
              <span className="text-sm text-zinc-600 dark:text-zinc-400">Token in use:</span>
              <code className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800" data-testid="console-token">
                {token.accessToken}
              </code>
              <CopyButton value={token.accessToken} label="Copy token" />
            </div>
          )}
        </form>
      )}
      <SwaggerConsole spec={spec} token={token?.accessToken ?? null} />
    </div>
  );
}
