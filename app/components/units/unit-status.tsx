import { Link } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";
import type { UnitStatus as Status } from "~/modules/units/schema";

export type UnitStatusView = { name: string; status: Status; reviewReason: string | null } | null;

/**
 * The unit home page's notice: a pending registration awaits review, a rejected one shows the
 * organizer's reason, an approved unit gets its links. Until a unit is approved this is all its
 * users see (the pages under /unit/… answer 403).
 */
export function UnitStatus({ unit }: { unit: UnitStatusView }) {
  const t = useT();
  if (!unit) {
    return (
      <p className="notice" role="status">
        {t("unit.state.noUnit")}
      </p>
    );
  }
  if (unit.status === "pending") {
    return (
      <div className="notice stack" role="status">
        <p>
          <strong>{t("unit.state.pendingTitle", { name: unit.name })}</strong>
        </p>
        <p>{t("unit.state.pending")}</p>
      </div>
    );
  }
  if (unit.status === "rejected") {
    return (
      <div className="notice stack" role="status">
        <p>
          <strong>{t("unit.state.rejectedTitle", { name: unit.name })}</strong>
        </p>
        {unit.reviewReason ? <p>{t("unit.state.reason", { reason: unit.reviewReason })}</p> : null}
        <p>{t("unit.state.rejected")}</p>
      </div>
    );
  }
  return (
    <nav className="subnav" aria-label={t("unit.nav")}>
      <span>{unit.name}</span>
      <Link to="/unit/entries">{t("entry.mine")}</Link>
      <Link to="/unit/accounts">{t("account.title")}</Link>
      <Link to="/unit/users">{t("unit.users.title")}</Link>
    </nav>
  );
}
