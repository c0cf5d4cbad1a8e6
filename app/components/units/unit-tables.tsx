import type { ReactNode } from "react";
import type { Platform } from "#db/schema/editions";
import { formatDateTime } from "~/modules/editions/time";
import { useT } from "~/modules/i18n/use-t";
import { AccountHandle } from "./account-form";

type AccountRow = { id: number; platform: Platform; name: string; handle: string };

/** A unit's accounts (the organizer's unit page and the unit's own page, which adds actions). */
export function AccountsTable(props: {
  accounts: AccountRow[];
  actions?: (account: AccountRow) => ReactNode;
}) {
  const t = useT();
  if (props.accounts.length === 0) return <p className="empty">{t("account.empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("account.platform")}</th>
            <th scope="col">{t("account.name")}</th>
            <th scope="col">{t("account.handle")}</th>
            {props.actions ? <th scope="col">{t("form.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((a) => (
            <tr key={a.id}>
              <td>{t(`platform.${a.platform}`)}</td>
              <td>{a.name}</td>
              <td>
                <AccountHandle handle={a.handle} />
              </td>
              {props.actions ? <td>{props.actions(a)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type UserRow = { id: string; name: string; email: string; createdAt: Date | string };

/** The people who act for a unit; `me` marks the signed-in user on the unit's own page. */
export function UnitUsersTable(props: { users: UserRow[]; me?: string }) {
  const t = useT();
  if (props.users.length === 0) return <p className="empty">{t("unit.users.empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("unit.users.name")}</th>
            <th scope="col">{t("unit.users.email")}</th>
            <th scope="col">{t("unit.users.since")}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr key={u.id}>
              <td>
                {u.name} {u.id === props.me ? <span className="muted">{t("unit.users.you")}</span> : null}
              </td>
              <td>{u.email}</td>
              <td>{formatDateTime(u.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
