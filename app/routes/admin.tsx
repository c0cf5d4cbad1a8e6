import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { useT } from "~/modules/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  // Child routes check again: Remix runs their loaders in parallel with this one.
  await requireOrganizer(request);
  return null;
}

export default function AdminLayout() {
  const t = useT();
  return (
    <div className="admin">
      <nav className="subnav" aria-label={t("admin.nav")}>
        <NavLink to="/admin" end>
          {t("admin.editions")}
        </NavLink>
        <NavLink to="/admin/units">{t("unit.admin.nav")}</NavLink>
        <NavLink to="/admin/mail">{t("admin.mail")}</NavLink>
        <NavLink to="/admin/audit">{t("admin.audit")}</NavLink>
        <NavLink to="/admin/security">{t("admin.security")}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
