import type { SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FieldErrors } from "~/components/field";
import { useT } from "~/modules/i18n/use-t";
import { round2 } from "~/modules/tally/tally";

export type ResultRowView = {
  entryId: number;
  rank: number | null;
  rawRank: number | null;
  expert: number | null;
  data: number | null;
  final: number | null;
  tierId: number | null;
  tie: boolean;
  highDisagreement: boolean;
  dependsOnOneJudge: boolean;
  tieAtBoundary: boolean;
  spread: number;
  sheetTotals: { judgeId: string; raw: number; normalised: number | null }[];
  reference: string | null;
  title: string;
  unitName: string;
  overridden: boolean;
  overrideTierId: number | null;
  overrideReason: string | null;
};

const fixed2 = (x: number | null) => (x === null ? "—" : round2(x).toFixed(2));

/**
 * One page of a category's results: scores, flags with what they mean, the computed tier and the
 * organizer's override, and per row a form to set or remove the override.
 */
export function ResultsTable(props: {
  rows: ResultRowView[];
  tiers: { id: number; name: string }[];
  names: Record<string, string>;
  outliers: Record<number, { judgeId: string; difference: number }[]>;
  normalise: boolean;
  canChange: boolean;
  formAction: string;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const t = useT();
  const tierName = (id: number | null) =>
    id === null ? t("results.admin.noAward") : (props.tiers.find((x) => x.id === id)?.name ?? "—");
  const failedEntry = Number(props.lastResult?.initialValue?.entryId ?? 0);
  return (
    <div className="table-scroll">
      <table className="table results-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t("results.admin.rank")}
            </th>
            {props.normalise ? (
              <th scope="col" className="num">
                {t("results.admin.rawRank")}
              </th>
            ) : null}
            <th scope="col">{t("results.admin.entry")}</th>
            <th scope="col">{t("results.admin.unit")}</th>
            <th scope="col">{t("results.admin.judgeTotals")}</th>
            <th scope="col" className="num">
              {t("results.admin.spread")}
            </th>
            <th scope="col" className="num">
              {t("results.admin.expert")}
            </th>
            <th scope="col" className="num">
              {t("results.admin.data")}
            </th>
            <th scope="col" className="num">
              {t("results.admin.final")}
            </th>
            <th scope="col">{t("results.admin.tier")}</th>
            <th scope="col">{t("results.admin.flags")}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => {
            const outliers = props.outliers[r.entryId] ?? [];
            const failed = failedEntry === r.entryId ? props.lastResult : undefined;
            const reasonErrors = failed?.error?.reason ?? undefined;
            const errorId = `reason-error-${r.entryId}`;
            return (
              <tr key={r.entryId} id={`entry-${r.entryId}`}>
                <td className="num">{r.rank ?? "—"}</td>
                {props.normalise ? <td className="num">{r.rawRank ?? "—"}</td> : null}
                <td>
                  <code>{r.reference}</code>{" "}
                  <Link to={`/admin/entries/${r.entryId}`}>{r.title || t("entry.untitled")}</Link>
                </td>
                <td>{r.unitName}</td>
                <td>
                  <ul className="plain-list">
                    {r.sheetTotals.map((s) => (
                      <li key={s.judgeId}>
                        {props.names[s.judgeId] ?? s.judgeId}: {s.raw}
                        {s.normalised !== null ? ` → ${fixed2(s.normalised)}` : ""}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="num">{fixed2(r.spread)}</td>
                <td className="num">{fixed2(r.expert)}</td>
                <td className="num">{fixed2(r.data)}</td>
                <td className="num">{fixed2(r.final)}</td>
                <td>
                  {r.overridden ? (
                    <>
                      <s className="muted">{tierName(r.tierId)}</s>{" "}
                      <span className="badge badge-notice">
                        {t("results.admin.override")}: {tierName(r.overrideTierId)}
                      </span>
                      <p className="muted">{r.overrideReason}</p>
                    </>
                  ) : (
                    tierName(r.tierId)
                  )}
                  {props.canChange ? (
                    <details open={failed ? true : undefined}>
                      <summary>{t("results.admin.changeTier")}</summary>
                      <Form method="post" action={props.formAction} className="stack">
                        <input type="hidden" name="entryId" value={r.entryId} />
                        <label>
                          {t("results.admin.tier")}{" "}
                          <select
                            name="tier"
                            defaultValue={
                              (failed?.initialValue?.tier as string | undefined) ??
                              String(r.overridden ? (r.overrideTierId ?? "none") : (r.tierId ?? "none"))
                            }
                          >
                            {props.tiers.map((x) => (
                              <option key={x.id} value={x.id}>
                                {x.name}
                              </option>
                            ))}
                            <option value="none">{t("results.admin.noAward")}</option>
                          </select>
                        </label>
                        <label htmlFor={`reason-${r.entryId}`}>{t("results.admin.reason")}</label>
                        <textarea
                          id={`reason-${r.entryId}`}
                          name="reason"
                          rows={2}
                          maxLength={500}
                          defaultValue={(failed?.initialValue?.reason as string | undefined) ?? ""}
                          aria-invalid={reasonErrors ? true : undefined}
                          aria-describedby={reasonErrors ? errorId : undefined}
                        />
                        <FieldErrors id={errorId} errors={reasonErrors} />
                        <div className="row">
                          <button type="submit" name="intent" value="override" className="button">
                            {t("results.admin.saveOverride")}
                          </button>
                          {r.overridden ? (
                            <button type="submit" name="intent" value="clear" className="button">
                              {t("results.admin.clearOverride")}
                            </button>
                          ) : null}
                        </div>
                      </Form>
                    </details>
                  ) : null}
                </td>
                <td>
                  {r.tieAtBoundary ? (
                    <span className="flag" title={t("results.admin.flag.tieAtBoundary.help")}>
                      {t("results.admin.flag.tieAtBoundary")}
                    </span>
                  ) : r.tie ? (
                    <span className="flag" title={t("results.admin.flag.tie.help")}>
                      {t("results.admin.flag.tie")}
                    </span>
                  ) : null}
                  {r.highDisagreement ? (
                    <span className="flag" title={t("results.admin.flag.highDisagreement.help")}>
                      {t("results.admin.flag.highDisagreement")}
                    </span>
                  ) : null}
                  {outliers.map((o) => (
                    <span key={o.judgeId} className="flag" title={t("results.admin.flag.outlier.help")}>
                      {t("results.admin.flag.outlier", {
                        judge: props.names[o.judgeId] ?? o.judgeId,
                        difference: `${o.difference > 0 ? "+" : ""}${fixed2(o.difference)}`,
                      })}
                    </span>
                  ))}
                  {r.dependsOnOneJudge ? (
                    <span className="flag" title={t("results.admin.flag.dependsOnOneJudge.help")}>
                      {t("results.admin.flag.dependsOnOneJudge")}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What each flag means, printed once under the table (the badges repeat it on hover). */
export function FlagLegend() {
  const t = useT();
  const flags = ["tieAtBoundary", "tie", "highDisagreement", "outlier", "dependsOnOneJudge"] as const;
  return (
    <dl className="meta-list">
      {flags.map((f) => (
        <div key={f}>
          <dt>{t(`results.admin.flag.${f}.name`)}</dt>
          <dd>{t(`results.admin.flag.${f}.help`)}</dd>
        </div>
      ))}
    </dl>
  );
}
