import { Form, Link, useLocation, useMatches } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "#db/schema/auth";
import { editionFromMatches } from "~/components/edition-context";
import { Badge, StatusBadge } from "~/components/ui/status-badge";
import { useLocale, useT } from "~/modules/i18n/use-t";

type ShellUser = { name: string; email: string; role: Role } | null;

/**
 * The frame of every page: the portal's name, the user's role, the language switch and, on pages
 * about one edition, that edition and its phase.
 */
export function AppShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const back = location.pathname + location.search;
  const edition = editionFromMatches(useMatches());
  return (
    <>
      <a href="#main" className="skip-link">
        {t("ui.skipToContent")}
      </a>
      <header className="site-header">
        <div className="container header-row">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" lang="zh-CN">
              评
            </span>
            {t("app.name")}
          </Link>
          <nav className="header-nav" aria-label={t("nav.label")}>
            {user?.role === "organizer" ? <Link to="/admin">{t("nav.admin")}</Link> : null}
            {user?.role === "judge" ? <Link to="/judge">{t("nav.judge")}</Link> : null}
            {user?.role === "unit" ? <Link to="/unit">{t("nav.unit")}</Link> : null}
            {user?.role === "unit" ? <Link to="/unit/entries">{t("entry.mine")}</Link> : null}
            {user?.role === "unit" ? <Link to="/unit/certificates">{t("certificate.listTitle")}</Link> : null}
            {user ? null : <Link to="/register">{t("register.nav")}</Link>}
          </nav>
          <div className="header-tools">
            <Form method="post" action="/locale" className="inline-form">
              <input type="hidden" name="redirectTo" value={back} />
              <input type="hidden" name="locale" value={locale === "en" ? "zh-CN" : "en"} />
              <button type="submit" className="link-button" lang={locale === "en" ? "zh-CN" : "en"}>
                {t("nav.switchLanguage")}
              </button>
            </Form>
            {user ? (
              <>
                <span className="user-chip">
                  {user.name}
                  <span className="visually-hidden"> · {t("ui.signedInAs")}</span>{" "}
                  <Badge tone="brand" className="role-badge">
                    {t(`role.${user.role}`)}
                  </Badge>
                </span>
                <Form method="post" action="/logout" className="inline-form">
                  <button type="submit" className="link-button">
                    {t("nav.logout")}
                  </button>
                </Form>
              </>
            ) : (
              <Link to="/login">{t("nav.login")}</Link>
            )}
          </div>
        </div>
        {edition ? (
          <div className="edition-bar">
            <div className="container">
              <span className="muted">{t("ui.currentEdition")}</span>
              {user?.role === "organizer" ? (
                <Link to={`/admin/editions/${edition.id}`}>{edition.name}</Link>
              ) : (
                <strong>{edition.name}</strong>
              )}
              <StatusBadge phase={edition.phase} />
            </div>
          </div>
        ) : null}
      </header>
      <main className="container main" id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">{t("app.footer")}</div>
      </footer>
    </>
  );
}
