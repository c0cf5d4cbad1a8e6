import { createCookie } from "@remix-run/node";
import { env } from "~/env.server";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n";

/** The visitor's chosen language; kept a year so a returning visitor keeps it. */
export const localeCookie = createCookie("pingxuan_lang", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 60 * 60 * 24 * 365,
  get secure() {
    return env().secureCookies;
  },
});

/**
 * The locale for a request: the language cookie, else the browser's Accept-Language when it
 * prefers English over Chinese, else zh-CN.
 */
export async function getLocale(request: Request): Promise<Locale> {
  const fromCookie: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isLocale(fromCookie)) return fromCookie;
  const accept = request.headers.get("Accept-Language") ?? "";
  const first = accept.split(",")[0]?.trim().toLowerCase() ?? "";
  if (first.startsWith("en")) return "en";
  return DEFAULT_LOCALE;
}
