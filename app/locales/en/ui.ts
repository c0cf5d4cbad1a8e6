import type { ui as zh } from "../zh-CN/ui";

/** English: the shared look — header, toasts, tables, progress bars and charts. */
export const ui: Record<keyof typeof zh, string> = {
  "ui.skipToContent": "Skip to content",
  "ui.currentEdition": "Edition",
  "ui.signedInAs": "Signed in as",
  "ui.withNote": "{text} ({note})",
  "ui.inParentheses": "({text})",
  "ui.labelValue": "{label}: {value}",
  "toast.dismiss": "Dismiss",
  "toast.editionSaved": "Edition settings saved.",
  "toast.phaseChanged": "The edition moved to its next phase.",
  "toast.entryCreated": "Draft entry created: fill it in and submit it.",
  "toast.entryAccepted": "Entry accepted.",
  "toast.entryReturned": "Entry returned to the unit for revision.",
  "toast.entryRejected": "Entry marked as rejected.",
  "toast.sheetReopened": "Score sheet reopened.",
  "table.sortBy": "Sort by “{column}”",
  "table.sortedAsc": "ascending",
  "table.sortedDesc": "descending",
  "pager.page": "Page {page}",
  "progressBar.value": "{value} / {max} ({percent}%)",
  "chart.noData": "No data yet",
  "chart.dataTable": "Chart data",
  "chart.value": "Count",
  "chart.entriesPerCategory": "Entries per category",
  "chart.entriesPerCategoryDesc":
    "Bar length is the number of entries sent in (drafts excluded) per category.",
  "chart.judgingProgress": "Judging progress per category",
  "chart.judgingProgressDesc":
    "Each category's judging tasks, split into not started, drafted, submitted and recused.",
  "chart.scoreDistribution": "Score distribution: {category}",
  "chart.scoreDistributionDesc": "Number of score sheets per range of totals.",
  "chart.byJudge": "Scores per judge: {category}",
  "chart.byJudgeDesc":
    "One row per judge: dots are the totals they gave, the box is the middle half (quartiles), the line the median.",
  "chart.scoreRange": "Total range",
  "chart.judge": "Judge",
  "chart.scores": "Totals",
  "chart.count": "Score sheets",
  "chart.median": "Median",
  "chart.summary": "{label}: {value}",
};
