"use client";

import { useRef } from "react";
import { Badge, Button, Field, Input, useAction } from "@/components/ui";
import type { EndpointTestResult } from "@/lib/apis/test-endpoint";
import type { ActionResult } from "@/lib/http/action-result";

export type TestEndpointAction = (url: string) => Promise<ActionResult<EndpointTestResult>>;

type Props = {
  /** Form field prefix: `${prefix}Url` and `${prefix}TimeoutMs`. */
  prefix: "production" | "sandbox";
  label: string;
  defaultUrl?: string;
  defaultTimeoutMs?: number;
  urlError?: string;
  timeoutError?: string;
  testAction: TestEndpointAction;
};

/** An endpoint URL with its timeout, and a Test button that calls the backend from the server. */
export function EndpointField({ prefix, label, defaultUrl, defaultTimeoutMs = 30_000, urlError, timeoutError, testAction }: Props) {
  const urlInput = useRef<HTMLInputElement>(null);
  const { run, pending, state: result } = useAction(
    async (url: string): Promise<ActionResult<EndpointTestResult>> => (url ? testAction(url) : { ok: false, message: "Enter a URL to test." }),
  );
  const test = () => void run(urlInput.current?.value.trim() ?? "");
  return (
    <div className="grid items-start gap-3 sm:grid-cols-[1fr_12rem]">
      <Field label={`${label} endpoint`} error={urlError} hint="HTTP/REST backend, e.g. https://backend.example.com/v1">
        {(control) => (
          <div className="flex gap-2">
            <Input {...control} ref={urlInput} name={`${prefix}Url`} type="url" defaultValue={defaultUrl} placeholder="https://" className="font-mono text-xs" />
            <Button type="button" variant="secondary" onClick={test} loading={pending} aria-label={`Test the ${label.toLowerCase()} endpoint`}>
              Test
            </Button>
          </div>
        )}
      </Field>
      <Field label={`${label} timeout (ms)`} error={timeoutError}>
        <Input name={`${prefix}TimeoutMs`} type="number" min={1000} max={300000} step={1000} defaultValue={defaultTimeoutMs} />
      </Field>
      <div role="status" aria-live="polite" className="text-sm sm:col-span-2">
        {result && <TestOutcome result={result} />}
      </div>
    </div>
  );
}

function TestOutcome({ result }: { result: ActionResult<EndpointTestResult> }) {
  if (!result.ok) {
    const message = Object.values(result.fieldErrors ?? {})[0]?.[0] ?? result.message;
    return <span className="text-red-700 dark:text-red-400">Not tested: {message}</span>;
  }
  const { reachable, status, latencyMs, message } = result.data;
  if (!reachable) {
    return (
      <span className="flex items-center gap-2">
        <Badge tone="danger">Unreachable</Badge> {message} <span className="text-zinc-500">({latencyMs} ms)</span>
      </span>
    );
  }
  const tone = status !== null && status < 400 ? "success" : status !== null && status < 500 ? "warning" : "danger";
  return (
    <span className="flex items-center gap-2">
      <Badge tone={tone}>Reachable</Badge> answered {message} in {latencyMs} ms
    </span>
  );
}
