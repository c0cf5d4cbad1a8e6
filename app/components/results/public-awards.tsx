import { isMessageKey } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";

type Award = {
  id: number;
  unitName: string;
  entryTitle: string;
  reference: string;
  accountName: string;
  platform: string;
  link: string;
};
type Group = { categoryCode: string; categoryName: string; tiers: { tierName: string; awards: Award[] }[] };

/**
 * A published list by category and tier, as the public pages and their print-outs show it: one
 * section per category (a new page when printed), one table per tier with its header row repeated
 * on every printed page.
 */
export function PublicAwards({ groups, showPlatform }: { groups: Group[]; showPlatform: boolean }) {
  const t = useT();
  const platformName = (p: string) => {
    const key = `platform.${p}`;
    return isMessageKey(key) ? t(key) : p;
  };
  if (groups.length === 0) return <p className="empty">{t("results.public.emptyList")}</p>;
  return (
    <div className="stack">
      {groups.map((g) => (
        <section key={g.categoryCode} className="results-category">
          <h2>{g.categoryName}</h2>
          {g.tiers.map((tier) => (
            <div key={tier.tierName} className="table-scroll">
              <table className="table results-table">
                <caption>
                  {t("ui.withNote", {
                    text: tier.tierName,
                    note: t("results.public.count", { count: tier.awards.length }),
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="col-unit">
                      {t("results.public.unit")}
                    </th>
                    <th scope="col" className="col-entry">
                      {t("results.public.entry")}
                    </th>
                    <th scope="col" className="col-account">
                      {t("results.public.account")}
                    </th>
                    {showPlatform ? (
                      <th scope="col" className="col-platform">
                        {t("results.public.platform")}
                      </th>
                    ) : null}
                    <th scope="col" className="col-link">
                      {t("results.public.link")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tier.awards.map((a) => (
                    <tr key={a.id}>
                      <td>{a.unitName}</td>
                      <td>
                        {a.entryTitle}
                        {a.reference ? <span className="muted"> {a.reference}</span> : null}
                      </td>
                      <td>{a.accountName || "—"}</td>
                      {showPlatform ? <td>{a.platform ? platformName(a.platform) : "—"}</td> : null}
                      <td className="link-cell">
                        {a.link ? (
                          <a href={a.link} rel="noreferrer noopener nofollow" target="_blank">
                            {a.link}
                          </a>
                        ) : (
                          "—"
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
