import { Alert } from "@/components/ui";

/** Shown above a dashboard whose filters in the URL could not be used. */
export function ReportError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <Alert tone="warning" title="These filters could not be applied" className="mb-6">
      {message} Showing the last 24 hours instead.
    </Alert>
  );
}
