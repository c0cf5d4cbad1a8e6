import { useT } from "~/modules/i18n/use-t";
import type { CategoryStats } from "~/modules/tally/tally";
import { round2 } from "~/modules/tally/tally";

/** Kendall's W with the block it was computed on, and each judge's leniency, for one category. */
export function Agreement({ stats, names }: { stats: CategoryStats; names: Record<string, string> }) {
  const t = useT();
  return (
    <section className="card">
      <h3>{t("results.admin.agreement")}</h3>
      <p>
        {stats.kendallW === null
          ? t("results.admin.kendallNone", {
              judges: stats.kendallBlock.judges,
              entries: stats.kendallBlock.entries,
            })
          : t("results.admin.kendall", {
              w: round2(stats.kendallW).toFixed(2),
              judges: stats.kendallBlock.judges,
              entries: stats.kendallBlock.entries,
            })}
      </p>
      <div className="table-scroll">
        <table className="table">
          <caption>{t("results.admin.leniency")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.admin.judge")}</th>
              <th scope="col" className="num">
                {t("results.admin.meanDifference")}
              </th>
              <th scope="col" className="num">
                {t("results.admin.sheets")}
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.leniency.map((l) => (
              <tr key={l.judgeId}>
                <th scope="row">{names[l.judgeId] ?? l.judgeId}</th>
                <td className="num">
                  {l.meanDifference === null
                    ? "—"
                    : `${l.meanDifference > 0 ? "+" : ""}${round2(l.meanDifference).toFixed(2)}`}
                </td>
                <td className="num">{l.sheets}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("results.admin.leniencyHelp")}</p>
    </section>
  );
}
