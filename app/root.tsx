import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "#db/schema/auth";
import { AppShell } from "~/components/app-shell";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useNonce } from "~/components/nonce";
import { ToastRegion } from "~/components/ui/toast";
import { getUser } from "~/modules/auth/guards.server";
import { readToast } from "~/modules/flash.server";
import { DEFAULT_LOCALE, type Locale, translator } from "~/modules/i18n/i18n";
import { getLocale } from "~/modules/i18n/i18n.server";
import type { ShownToast } from "~/modules/toast";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/*
 * The icon is public/favicon.svg; a bare page carries it inline, because the browser asks for the
 * icon again whenever the address changes (the ceremony screen changes it on every step), and in a
 * hall without network each of those would be a failed request.
 */
const INLINE_ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b91c1c"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">评</text></svg>',
)}`;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? DEFAULT_LOCALE)("app.name") },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [locale, user, flash] = await Promise.all([getLocale(request), getUser(request), readToast(request)]);
  return data(
    {
      locale,
      // Shown on an error page, so a report can be matched with the server's log lines.
      requestId: context.requestId ?? null,
      user: user ? { name: user.name, email: user.email, role: user.role } : null,
      toast: flash.toast,
    },
    { headers: flash.headers },
  );
}

export type RootLoaderData = {
  locale: Locale;
  requestId: string | null;
  user: { name: string; email: string; role: Role } | null;
  toast: ShownToast | null;
};

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<RootLoaderData>("root");
  const locale: Locale = rootData?.locale ?? DEFAULT_LOCALE;
  const nonce = useNonce();
  // A route with `handle = { bare: true }` (the ceremony screen) fills the window on its own: no
  // header, no footer, and no links that would fetch anything after the page has loaded. Its
  // error page (no data) keeps the frame.
  const bare = useMatches().some(
    (m) => (m.handle as { bare?: boolean } | undefined)?.bare === true && m.data != null,
  );
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <link rel="icon" href={bare ? INLINE_ICON : "/favicon.svg"} type="image/svg+xml" />
      </head>
      <body>
        {bare ? children : <AppShell user={rootData?.user ?? null}>{children}</AppShell>}
        {bare ? null : <ToastRegion toast={rootData?.toast ?? null} />}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
