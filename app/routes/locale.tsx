import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { safeRedirect } from "~/modules/auth/schema";
import { DEFAULT_LOCALE, isLocale } from "~/modules/i18n/i18n";
import { localeCookie } from "~/modules/i18n/i18n.server";

/** The language switch: remembers the choice in a cookie and goes back to the page. */
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const requested = form.get("locale");
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  return redirect(safeRedirect(form.get("redirectTo"), "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}
