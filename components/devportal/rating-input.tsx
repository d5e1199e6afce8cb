"use client";

import { useState } from "react";
import { cn, useAction } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";
import type { RatingSummary } from "@/lib/devportal/ratings";

type Props = { apiId: string; mine: number | null; action: (apiId: string, rating: number) => Promise<ActionResult<RatingSummary>> };

/** Five radio buttons styled as stars: arrow keys move between them, as in any radio group. */
export function RatingInput({ apiId, mine, action }: Props) {
  const [value, setValue] = useState(mine ?? 0);
  const { run, pending } = useAction(action, { success: (r) => `Thanks! Your rating is ${r.mine} of 5.`, refresh: true, failureToast: "That did not work" });
  return (
    <fieldset disabled={pending} className="grid gap-1">
      <legend className="mb-1 text-sm font-medium">{mine ? "Your rating" : "Rate this API"}</legend>
      <div className="flex gap-0.5">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="cursor-pointer">
            <input
              type="radio"
              name={`rating-${apiId}`}
              value={n}
              checked={value === n}
              onChange={() => {
                setValue(n);
                void run(apiId, n);
              }}
              className="peer sr-only"
            />
            <span
              aria-hidden="true"
              className={cn(
                "rounded text-2xl leading-none peer-focus-visible:outline-2 peer-focus-visible:outline-brand-500",
                n <= value ? "text-amber-500" : "text-zinc-300 hover:text-amber-300 dark:text-zinc-700",
              )}
            >
              ★
            </span>
            <span className="sr-only">{n} star{n === 1 ? "" : "s"}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
