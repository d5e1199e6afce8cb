import { redirect } from "next/navigation";

/** The developer portal is the front door; it can be browsed without signing in. */
export default function Home() {
  redirect("/devportal");
}
