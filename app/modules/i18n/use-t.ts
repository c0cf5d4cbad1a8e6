import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, isLocale, type Locale, type Translate, translator } from "./i18n";

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

/** The translator for a route's `meta`, which cannot use hooks: the locale the root loader chose. */
export function metaT(matches: readonly { id: string; data: unknown }[]): Translate {
  const root = matches.find((m) => m.id === "root")?.data as Partial<RootData> | undefined;
  return translator(isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE);
}
