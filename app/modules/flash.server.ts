import { randomUUID } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { env } from "~/env.server";
import { isMessageKey, type MessageKey } from "~/modules/i18n/i18n";
import { type ShownToast, type ToastTone, toToast } from "~/modules/toast";

/*
 * A flash message ("toast") after an action: the action redirects with a short-lived signed
 * cookie, the next page shows the message once (the root loader reads and clears the cookie).
 * It carries a message key, never text, so a forged or stale cookie can only show a known message.
 */
const toastCookie = createCookie("pingxuan_toast", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 60,
  get secrets() {
    return [env().sessionSecret];
  },
  get secure() {
    return env().secureCookies;
  },
});

/** The Set-Cookie value that makes the next page show this message. */
export function toastHeader(key: MessageKey, tone: ToastTone = "ok"): Promise<string> {
  return toastCookie.serialize({ key, tone });
}

/** Redirects to `url` and shows the message `key` on the page it lands on. */
export async function redirectWithToast(
  url: string,
  key: MessageKey,
  init: { tone?: ToastTone; headers?: HeadersInit } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await toastHeader(key, init.tone));
  return redirect(url, { headers });
}

/** The pending toast of this request (if any) and the header that clears it. */
export async function readToast(request: Request): Promise<{ toast: ShownToast | null; headers: Headers }> {
  const headers = new Headers();
  const cookieHeader = request.headers.get("Cookie");
  if (!cookieHeader?.includes("pingxuan_toast=")) return { toast: null, headers };
  const value: unknown = await toastCookie.parse(cookieHeader);
  headers.append("Set-Cookie", await toastCookie.serialize("", { maxAge: 0 }));
  const toast = toToast(value);
  if (!toast || !isMessageKey(toast.key)) return { toast: null, headers };
  return { toast: { ...toast, id: randomUUID() }, headers };
}
