"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, Field, Input, useToast, useAction } from "@/components/ui";

/** "Create New Version": everything is copied; the new version starts CREATED. */
export function CreateVersionDialog({ apiLabel, action }: { apiLabel: string; action: FormAction<{ id: string; version: string }> }) {
  const router = useRouter();
  const { toast } = useToast();
  const [open, setOpen] = useState(false);
  const { pending, onSubmit, fieldError, failure } = useAction(action, {
    onSuccess: ({ id, version }) => {
      setOpen(false);
      toast({ title: `Version ${version} created`, description: "It has the same resources, endpoints, documents and settings, and starts in CREATED.", variant: "success" });
      router.push(`/publisher/apis/${id}`);
    },
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>Create new version</Button>
      </DialogTrigger>
      <DialogContent title={`New version of ${apiLabel}`} description="Copies resources, endpoints, scopes, documents, definition, tiers and CORS settings.">
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          {failure && !fieldError("version") && <Alert tone="danger">{failure}</Alert>}
          <Field label="Version" required error={fieldError("version")}>
            <Input name="version" placeholder="2.0.0" autoFocus className="font-mono" />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="isDefault" className="accent-brand-600" />
            Make it the default version
          </label>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={pending}>
              Create version
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
