import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { logOut } from "~/modules/auth/login.server";

/** Logging out is a POST (a GET link could be triggered by another site); GET just goes home. */
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await logOut(request) } });
}
