import { redirect } from "next/navigation";

/** The admin portal opens on its dashboard. */
export default function AdminPage() {
  redirect("/admin/dashboard");
}
