/** Charts drawn on the server as plain SVG: no script, they print, and each carries its data as a table. */
export { BarChart, type BarDatum } from "./bar-chart";
export { histogramBins, quartiles, scoreDomain } from "./geometry";
export { Histogram } from "./histogram";
export { JudgeDistribution } from "./judge-distribution";
export {
  ScoreDistribution,
  type ScoreDistributionData,
  type ScoreDistributionLabels,
  ScoreDistributionView,
} from "./score-distribution";
export { StackedBar, type StackRow, type StackSeries } from "./stacked-bar";
export {
  type DistributionSummary,
  DOTS_PER_JUDGE,
  type JudgeScores,
  type JudgeSummary,
  summariseScores,
} from "./summary";
