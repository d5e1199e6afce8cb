"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input, Textarea, useToast, useAction } from "@/components/ui";
import type { ApiDetail } from "@/lib/apis/api-detail";
import { VisibilityFields } from "./visibility-fields";

type Props = { api: ApiDetail; action: FormAction<{ id: string }>; readOnly: boolean };

/** What an API is about and who sees it; its identity (name, context, version) is fixed. */
export function ApiBasicsForm({ api, action, readOnly }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const { pending, onSubmit, fieldError, failure } = useAction(action, {
    onSuccess: () => {
      toast({ title: "Saved", variant: "success" });
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} className="grid items-start gap-4 sm:grid-cols-2" noValidate>
      {failure && (
        <Alert tone="danger" className="sm:col-span-2">
          {failure}
        </Alert>
      )}
      <fieldset disabled={readOnly} className="contents">
        <Field label="Description" error={fieldError("description")} className="sm:col-span-2">
          <Textarea name="description" rows={4} defaultValue={api.description} />
        </Field>
        <Field label="Tags" hint="Separate with commas" error={fieldError("tags")} className="sm:col-span-2">
          <Input name="tags" defaultValue={api.tags.join(", ")} />
        </Field>
        <Field label="Business owner" error={fieldError("businessOwner")}>
          <Input name="businessOwner" defaultValue={api.businessOwner ?? ""} />
        </Field>
        <Field label="Business owner email" error={fieldError("businessOwnerEmail")}>
          <Input name="businessOwnerEmail" type="email" defaultValue={api.businessOwnerEmail ?? ""} />
        </Field>
        <div className="sm:col-span-2">
          <VisibilityFields defaultVisibility={api.visibility} defaultRoles={api.visibleRoles} error={fieldError("visibleRoles")} />
        </div>
      </fieldset>
      {!readOnly && (
        <div className="sm:col-span-2">
          <Button type="submit" loading={pending}>
            Save changes
          </Button>
        </div>
      )}
    </form>
  );
}
