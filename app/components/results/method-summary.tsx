import { useT } from "~/modules/i18n/use-t";
import type { TallySettings } from "~/modules/tally/tally";

/** The tally's method and settings in plain words, as used by a run. */
export function MethodSummary({ settings }: { settings: TallySettings }) {
  const t = useT();
  return (
    <ul className="plain-list">
      <li>{t("results.admin.method.total")}</li>
      <li>{t("results.admin.method.trim", { n: Math.max(3, settings.trimFrom) })}</li>
      <li>
        {settings.normalise ? t("results.admin.method.normaliseOn") : t("results.admin.method.normaliseOff")}
      </li>
      <li>
        {settings.dataWeightPercent > 0
          ? t("results.admin.method.dataWeight", {
              w: settings.dataWeightPercent,
              e: 100 - settings.dataWeightPercent,
            })
          : t("results.admin.method.noData")}
      </li>
      <li>{t("results.admin.method.ties")}</li>
      <li>{t("results.admin.method.quotas")}</li>
    </ul>
  );
}
