import { ApplicationForm } from "@/components/devportal/application-form";
import { DeleteApplicationDialog } from "@/components/devportal/delete-application-dialog";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import { applicationTierOptions } from "@/lib/devportal/applications";
import { deleteApplicationAction, updateApplicationAction } from "../actions";
import { loadApplication } from "./load-application";

type Props = { params: Promise<{ applicationId: string }> };

export default async function ApplicationOverviewPage({ params }: Props) {
  const { applicationId } = await params;
  const { ctx, application } = await loadApplication(applicationId);
  const tiers = await applicationTierOptions({ ctx });
  return (
    <div className="grid max-w-2xl gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
        </CardHeader>
        <CardContent>
          <ApplicationForm
            tiers={tiers}
            application={application}
            action={updateApplicationAction.bind(null, application.id)}
            submitLabel="Save changes"
            success="Application saved"
          />
        </CardContent>
      </Card>
      <Card className="border-red-200 dark:border-red-900">
        <CardHeader>
          <CardTitle>Delete this application</CardTitle>
          <CardDescription>Its subscriptions, keys and tokens go with it.</CardDescription>
        </CardHeader>
        <CardContent>
          <DeleteApplicationDialog
            name={application.name}
            subscriptionCount={application.subscriptionCount}
            action={deleteApplicationAction.bind(null, application.id)}
          />
        </CardContent>
      </Card>
    </div>
  );
}
