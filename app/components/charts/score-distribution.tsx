import { useT } from "~/modules/i18n/use-t";
import { scoreDomain } from "./geometry";
import { Histogram } from "./histogram";
import { JudgeDistribution, type JudgeScores } from "./judge-distribution";

export type ScoreDistributionData = {
  categoryName: string;
  /** Every submitted sheet's total in this category. */
  totals: readonly number[];
  byJudge: readonly JudgeScores[];
};

export type ScoreDistributionLabels = {
  histogramTitle: string;
  histogramDesc: string;
  judgesTitle: string;
  judgesDesc: string;
  rangeLabel: string;
  countLabel: string;
  judgeLabel: string;
  scoresLabel: string;
  medianLabel: string;
  /** Between one judge's totals in the data table: "、" in Chinese, ", " in English. */
  listSeparator: string;
  emptyText: string;
};

/** The two views of one category's scores side by side, on the same axis. Pure (labels given). */
export function ScoreDistributionView(props: ScoreDistributionData & { labels: ScoreDistributionLabels }) {
  const { labels } = props;
  const domain = scoreDomain([...props.totals, ...props.byJudge.flatMap((j) => j.totals)]);
  return (
    <div className="score-distribution">
      <Histogram
        title={labels.histogramTitle}
        desc={labels.histogramDesc}
        values={props.totals}
        domain={domain}
        rangeLabel={labels.rangeLabel}
        countLabel={labels.countLabel}
        emptyText={labels.emptyText}
      />
      <JudgeDistribution
        title={labels.judgesTitle}
        desc={labels.judgesDesc}
        judges={props.byJudge}
        domain={domain}
        judgeLabel={labels.judgeLabel}
        scoresLabel={labels.scoresLabel}
        medianLabel={labels.medianLabel}
        listSeparator={labels.listSeparator}
        emptyText={labels.emptyText}
      />
    </div>
  );
}

/** Score distribution of one category (histogram) and per judge (strip and box), in the page's language. */
export function ScoreDistribution(props: ScoreDistributionData) {
  const t = useT();
  const category = props.categoryName;
  return (
    <ScoreDistributionView
      {...props}
      labels={{
        histogramTitle: t("chart.scoreDistribution", { category }),
        histogramDesc: t("chart.scoreDistributionDesc"),
        judgesTitle: t("chart.byJudge", { category }),
        judgesDesc: t("chart.byJudgeDesc"),
        rangeLabel: t("chart.scoreRange"),
        countLabel: t("chart.count"),
        judgeLabel: t("chart.judge"),
        scoresLabel: t("chart.scores"),
        medianLabel: t("chart.median"),
        listSeparator: t("list.separator"),
        emptyText: t("chart.noData"),
      }}
    />
  );
}
