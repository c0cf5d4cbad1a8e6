import type { resultsAdmin as zh } from "../zh-CN/results-admin";

/** English: the organizer's results page. Typed against zh-CN so a missing or extra key fails. */
export const resultsAdmin: Record<keyof typeof zh, string> = {
  "results.admin.title": "Results",
  "results.admin.nav": "Results",
  "results.admin.runTally": "Run the tally",
  "results.admin.lastRun": "Last tally: {at} (Beijing time) by {by}, over {sheets} submitted score sheets.",
  "results.admin.notRun": "The tally has not been run yet.",
  "results.admin.tallyClosed": "The tally can run only while the edition is in judging, tallied or notice.",
  "results.admin.tallyFailed": "The tally did not finish and the results are unchanged; try again later.",
  "results.admin.tallyInterrupted":
    "The connection to the server was lost; the tally may still be running. Reload this page later to see the results.",
  "results.admin.tallyProgress": "Tally progress",
  "results.admin.tallyPhase.load": "Reading categories, entries and score sheets: {done} / {total}",
  "results.admin.tallyPhase.compute": "Computing per category: {done} / {total} categories",
  "results.admin.tallyPhase.write": "Writing results: {done} / {total} rows",
  "results.admin.overrideClosed":
    "Tiers can be changed only while the edition is in judging, tallied or notice.",
  "results.admin.conflictedTitle": "Sheets in conflict",
  "results.admin.conflictedHelp":
    "A conflict between the judge and the entry's unit was recorded after these sheets were submitted. Keep or void each one: a voided sheet is left out of the tally, an undecided one still counts. Run the tally again afterwards.",
  "results.admin.conflictedKeep": "Keep",
  "results.admin.conflictedVoid": "Void",
  "results.admin.conflictedDecision": "Decision",
  "results.admin.conflictedDecision.none": "Not decided",
  "results.admin.conflictedDecision.keep": "Kept",
  "results.admin.conflictedDecision.void": "Voided",
  "results.admin.conflictedRefused": "This sheet is not in conflict, or the results can no longer change.",
  "results.admin.tallyNotYet": "The tally can run once judging has started.",
  "results.admin.afterPublication":
    "The results are published; corrections are made on the publication page.",
  "results.admin.publicationLink": "Go to the publication page",
  "results.admin.settingsChanged": "The tally settings changed since the last run: run the tally again.",
  "results.admin.method": "Method",
  "results.admin.method.total": "A sheet's total is the sum of its points over the criteria.",
  "results.admin.method.trim":
    "The expert score is the mean of the entry's sheet totals; from {n} sheets on, the highest and the lowest are dropped first.",
  "results.admin.method.normaliseOn":
    "Judge normalisation is on: within a category each judge's totals become z-scores, mapped back to the mean and spread of all the category's sheets, so lenient and harsh judges weigh the same.",
  "results.admin.method.normaliseOff": "Judge normalisation is off: the judges' own points are used.",
  "results.admin.method.dataWeight":
    "Final score = expert score × {e}% + data score × {w}%; the data score is the percentile (0–100) of the entry's weighted log metrics within its category.",
  "results.admin.method.noData": "No data score: the final score is the expert score.",
  "results.admin.method.ties":
    "Ranked by final score within the category; equal scores are split by the expert score, then by the mean points of the first criterion; still equal is a tie for the organizer to settle.",
  "results.admin.method.quotas":
    "Tiers are filled by quota in rank order; a tie straddling a tier boundary falls to the lower tier and is flagged as a tie to settle.",
  "results.admin.quotas": "Quotas: ",
  "results.admin.exportCsv": "Export results (CSV)",
  "results.admin.exportXlsx": "Export results (Excel)",
  "results.admin.exportSheets": "Export score sheets (CSV)",
  "results.admin.categories": "Categories",
  "results.admin.flaggedCount": "{n} flagged",
  "results.admin.onlyFlagged": "Only flagged entries",
  "results.admin.showAll": "All entries",
  "results.admin.empty": "No results match.",
  "results.admin.rank": "Rank",
  "results.admin.rawRank": "Raw rank",
  "results.admin.entry": "Entry",
  "results.admin.unit": "Unit",
  "results.admin.judgeTotals": "Judges' totals",
  "results.admin.spread": "Spread",
  "results.admin.expert": "Expert",
  "results.admin.data": "Data",
  "results.admin.final": "Final",
  "results.admin.tier": "Tier",
  "results.admin.flags": "Flags",
  "results.admin.noAward": "No award",
  "results.admin.override": "Override",
  "results.admin.changeTier": "Change tier",
  "results.admin.reason": "Reason (required)",
  "results.admin.saveOverride": "Save override",
  "results.admin.clearOverride": "Remove override",
  "results.admin.flag.tie": "Tie",
  "results.admin.flag.tie.name": "Tie",
  "results.admin.flag.tie.help": "Exactly the same scores as another entry: the rank is shared.",
  "results.admin.flag.tieAtBoundary": "Tie to settle",
  "results.admin.flag.tieAtBoundary.name": "Tie at a tier boundary",
  "results.admin.flag.tieAtBoundary.help":
    "The tie straddles a tier boundary and all of it fell to the lower tier; settle it with an override before publishing.",
  "results.admin.flag.highDisagreement": "High disagreement",
  "results.admin.flag.highDisagreement.name": "High disagreement",
  "results.admin.flag.highDisagreement.help":
    "The standard deviation of the judges' totals is over 10 points.",
  "results.admin.flag.outlier": "{judge} far from the others ({difference})",
  "results.admin.flag.outlier.name": "A judge far from the others",
  "results.admin.flag.outlier.help":
    "One judge's total differs from the mean of the others by more than 15 points.",
  "results.admin.flag.dependsOnOneJudge": "Depends on one judge",
  "results.admin.flag.dependsOnOneJudge.name": "Depends on one judge",
  "results.admin.flag.dependsOnOneJudge.help":
    "Leaving out any single judge's sheet would change the entry's tier.",
  "results.admin.agreement": "Agreement between judges",
  "results.admin.kendall": "Kendall's W = {w} (over the {entries} entries all {judges} judges scored).",
  "results.admin.kendallNone":
    "Kendall's W cannot be computed: too few entries scored by every judge ({judges} judges, {entries} entries).",
  "results.admin.leniency": "Judge leniency",
  "results.admin.judge": "Judge",
  "results.admin.meanDifference": "Mean difference from the others",
  "results.admin.sheets": "Sheets",
  "results.admin.leniencyHelp":
    "Positive: the judge scores higher than the others (lenient); negative: harsher.",
};
