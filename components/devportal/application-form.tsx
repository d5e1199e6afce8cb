"use client";

import { Button, Field, Input, NativeSelect, Textarea, useAction } from "@/components/ui";
import type { ApplicationDto } from "@/lib/devportal/applications";
import type { TierOption } from "@/lib/devportal/tiers";
import type { ActionResult } from "@/lib/http/action-result";

type Props = {
  tiers: TierOption[];
  application?: Pick<ApplicationDto, "name" | "description" | "throttlingTier" | "tokenValiditySeconds">;
  action: (formData: FormData) => Promise<ActionResult<ApplicationDto>>;
  submitLabel: string;
  success: string;
  onDone?: (application: ApplicationDto) => void;
};

/** Create and edit share one form: name, description, application tier and token validity. */
export function ApplicationForm({ tiers, application, action, submitLabel, success, onDone }: Props) {
  const { run, pending, fieldError } = useAction(action, { success, onSuccess: onDone, refresh: true, failureToast: "That did not work" });
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        void run(new FormData(event.currentTarget));
      }}
    >
      <Field label="Name" required error={fieldError("name")}>
        <Input name="name" defaultValue={application?.name} maxLength={70} required autoFocus={!application} />
      </Field>
      <Field label="Description" error={fieldError("description")}>
        <Textarea name="description" defaultValue={application?.description} rows={3} maxLength={1000} />
      </Field>
      <Field
        label="Application tier"
        hint="Limits all of this application's calls, counted per end user of its tokens."
        error={fieldError("throttlingTier")}
      >
        <NativeSelect
          name="throttlingTier"
          defaultValue={application?.throttlingTier ?? "Unlimited"}
          options={tiers.map((t) => ({ value: t.name, label: t.description ? `${t.name} — ${t.description}` : t.name }))}
        />
      </Field>
      <Field label="Token validity (seconds)" hint="How long access tokens last by default. −1 (administrators only) means ten years." error={fieldError("tokenValiditySeconds")}>
        <Input name="tokenValiditySeconds" type="number" step={1} defaultValue={application?.tokenValiditySeconds ?? 3600} />
      </Field>
      <Button type="submit" loading={pending} className="justify-self-start">
        {submitLabel}
      </Button>
    </form>
  );
}
