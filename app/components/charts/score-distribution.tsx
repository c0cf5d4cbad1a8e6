import { useT } from "~/modules/i18n/use-t";
import { Histogram } from "./histogram";
import { JudgeDistribution } from "./judge-distribution";
import type { DistributionSummary } from "./summary";

/** A category's submitted sheet totals, summarised on the server (summariseScores). */
export type ScoreDistributionData = DistributionSummary & { categoryName: string };

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
  manyScores: (s: { count: number; q1: string; q3: string }) => string;
  emptyText: string;
};

/** The two views of one category's scores side by side, on the same axis. Pure (labels given). */
export function ScoreDistributionView(props: ScoreDistributionData & { labels: ScoreDistributionLabels }) {
  const { labels } = props;
  const { domain } = props;
  return (
    <div className="score-distribution">
      <Histogram
        title={labels.histogramTitle}
        desc={labels.histogramDesc}
        values={[]}
        counts={props.bins}
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
        manyScores={labels.manyScores}
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
        manyScores: (s) => t("chart.manyScores", s),
        emptyText: t("chart.noData"),
      }}
    />
  );
}
