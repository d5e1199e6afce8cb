"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Dialog, DialogContent, DialogTrigger } from "@/components/ui";
import type { ApplicationDto } from "@/lib/devportal/applications";
import type { TierOption } from "@/lib/devportal/tiers";
import type { ActionResult } from "@/lib/http/action-result";
import { ApplicationForm } from "./application-form";

type Props = { tiers: TierOption[]; action: (formData: FormData) => Promise<ActionResult<ApplicationDto>>; label?: string };

export function CreateApplicationDialog({ tiers, action, label = "Create application" }: Props) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>{label}</Button>
      </DialogTrigger>
      <DialogContent title="Create an application" description="An application subscribes to APIs and holds the keys your code calls them with.">
        <ApplicationForm
          tiers={tiers}
          action={action}
          submitLabel="Create"
          success="Application created"
          onDone={(app) => {
            setOpen(false);
            router.push(`/devportal/applications/${app.id}`);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
