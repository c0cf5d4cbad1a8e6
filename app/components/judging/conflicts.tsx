import { Form } from "@remix-run/react";
import { formatDateTime } from "~/modules/editions/time";
import { useT } from "~/modules/i18n/use-t";
import type { ConflictKind } from "~/modules/judging/conflicts";

export type ConflictRowView = {
  unitId: number;
  unitName: string;
  regionName: string;
  kinds: ConflictKind[];
  stored: { id: number; source: string; reason: string; createdAt: string | Date } | null;
  removable: boolean;
};

/** Hidden inputs every form of a conflicts block sends (e.g. which edition). */
function Hidden({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

/**
 * A judge's conflicts: automatic ones (own unit, same city) are marked as such and cannot be
 * removed; a stored one shows who added it and a remove button when `removable`.
 */
export function ConflictTable(props: {
  conflicts: ConflictRowView[];
  removeIntent: string;
  hidden?: Record<string, string>;
}) {
  const t = useT();
  if (props.conflicts.length === 0) return <p className="empty">{t("conflict.none")}</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("conflict.unit")}</th>
            <th scope="col">{t("conflict.region")}</th>
            <th scope="col">{t("conflict.kind")}</th>
            <th scope="col">{t("conflict.reason")}</th>
            <th scope="col">{t("form.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {props.conflicts.map((c) => (
            <tr key={c.unitId}>
              <td>{c.unitName}</td>
              <td>{c.regionName}</td>
              <td>
                {c.kinds.map((k) => (
                  <span key={k} className="flag">
                    {t(`conflict.kind.${k}`)}
                  </span>
                ))}
              </td>
              <td>
                {c.stored?.reason || "—"}
                {c.stored ? <span className="muted"> · {formatDateTime(c.stored.createdAt)}</span> : null}
              </td>
              <td>
                {c.stored && c.removable ? (
                  <Form method="post" className="inline-form">
                    <Hidden values={props.hidden ?? {}} />
                    <input type="hidden" name="intent" value={props.removeIntent} />
                    <input type="hidden" name="conflictId" value={c.stored.id} />
                    <button type="submit" className="link-button">
                      {t("conflict.remove")}
                    </button>
                  </Form>
                ) : c.stored ? null : (
                  <span className="muted">{t("conflict.automatic")}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Choosing a unit from the approved units: a search (GET ?q=) and, for each match, a form that
 * posts `intent` with the unit and an optional reason.
 */
export function UnitPicker(props: {
  q: string;
  results: { id: number; name: string; regionName: string; creditCode: string }[];
  intent: string;
  submitLabel: "conflict.declare" | "conflict.add";
  hidden?: Record<string, string>;
}) {
  const t = useT();
  return (
    <div className="stack">
      <Form method="get" className="row filters">
        <label>
          {t("conflict.search")} <input type="search" name="q" defaultValue={props.q} />
        </label>
        <button type="submit" className="button">
          {t("conflict.searchSubmit")}
        </button>
      </Form>
      {props.q && props.results.length === 0 ? <p className="empty">{t("conflict.noMatch")}</p> : null}
      {props.results.length > 0 ? (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("conflict.unit")}</th>
                <th scope="col">{t("conflict.region")}</th>
                <th scope="col">{t("conflict.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {props.results.map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.name} <code className="muted">{u.creditCode}</code>
                  </td>
                  <td>{u.regionName}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <Hidden values={props.hidden ?? {}} />
                      <input type="hidden" name="intent" value={props.intent} />
                      <input type="hidden" name="unitId" value={u.id} />
                      <input
                        type="text"
                        name="reason"
                        maxLength={200}
                        aria-label={t("conflict.reason")}
                        placeholder={t("conflict.reasonPlaceholder")}
                      />{" "}
                      <button type="submit" className="button">
                        {t(props.submitLabel)}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
