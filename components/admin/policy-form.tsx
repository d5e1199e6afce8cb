"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input, NativeSelect, useToast, useAction } from "@/components/ui";
import type { PolicyView } from "@/lib/throttling/policies";

const LEVELS = [
  { value: "SUBSCRIPTION", label: "Subscription (per application × API)" },
  { value: "APPLICATION", label: "Application (per end user of an app)" },
  { value: "API", label: "API and resource (all callers together)" },
];
const UNITS = [
  { value: "sec", label: "second(s)" },
  { value: "min", label: "minute(s)" },
  { value: "hour", label: "hour(s)" },
  { value: "day", label: "day(s)" },
];

type Props = { action: FormAction<PolicyView>; policy?: PolicyView };

/** Create (level and name chosen once) or edit (limit and wording) a request-count policy. */
export function PolicyForm({ action, policy }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const { pending, onSubmit, fieldError, failure } = useAction(action, {
    onSuccess: (saved) => {
      toast({ title: policy ? `Saved ${saved.name}` : `Created ${saved.name}`, variant: "success" });
      router.push("/admin/throttling");
    },
  });
  // Field-level problems are shown by their fields; the rest (e.g. a name taken) above the form.
  const formError = failure && !["level", "name", "displayName", "description", "requestCount", "unitTime", "timeUnit"].some(fieldError);

  return (
    <form onSubmit={onSubmit} className="grid max-w-xl gap-4" noValidate>
      {formError && <Alert tone="danger">{failure}</Alert>}
      {!policy && (
        <>
          <Field label="Level" required error={fieldError("level")}>
            <NativeSelect name="level" defaultValue="SUBSCRIPTION" options={LEVELS} />
          </Field>
          <Field label="Name" required hint="What subscriptions, applications and APIs refer to; it cannot change later." error={fieldError("name")}>
            <Input name="name" placeholder="Platinum" autoComplete="off" required />
          </Field>
        </>
      )}
      <Field label="Display name" hint="Shown to people; the name when left empty." error={fieldError("displayName")}>
        <Input name="displayName" defaultValue={policy?.displayName ?? ""} />
      </Field>
      <div className="grid grid-cols-[1fr_auto_1fr_1fr] items-start gap-3">
        <Field label="Requests" required error={fieldError("requestCount")}>
          <Input name="requestCount" type="number" min={1} inputMode="numeric" defaultValue={policy?.requestCount ?? ""} required />
        </Field>
        <span className="pt-8 text-sm text-zinc-500">per</span>
        <Field label="Unit time" required error={fieldError("unitTime")}>
          <Input name="unitTime" type="number" min={1} inputMode="numeric" defaultValue={policy?.unitTime ?? 1} required />
        </Field>
        <Field label="Time unit" required error={fieldError("timeUnit")}>
          <NativeSelect name="timeUnit" defaultValue={policy?.timeUnit ?? "min"} options={UNITS} />
        </Field>
      </div>
      <Field label="Description" hint="Generated from the limit when left empty." error={fieldError("description")}>
        <Input name="description" defaultValue={policy?.description ?? ""} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" loading={pending}>
          {policy ? "Save policy" : "Create policy"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.push("/admin/throttling")}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
