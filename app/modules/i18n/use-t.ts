import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, type Locale, type Translate, translator } from "./i18n";

type RootData = { locale: Locale };

/** The current locale, chosen by the root loader. */
export function useLocale(): Locale {
  const data = useRouteLoaderData<RootData>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

/** The translator for the current page. */
export function useT(): Translate {
  return translator(useLocale());
}
