import type { CategoryKind, Phase } from "#db/schema/editions";
import type { EntryStatus } from "#db/schema/entries";
import { messageWithParams } from "~/modules/i18n/i18n";

/*
 * Pure rules for entries: when a unit may change or submit one, and what a complete entry needs.
 * The server checks them; the page shows the same messages.
 */

export type EntryWindow = {
  phase: Phase;
  submissionClosesAt: Date | null;
  submissionOpensAt: Date | null;
};

/** Whether the unit may still edit (and submit) an entry in this state. */
export function unitMayEdit(
  entry: { status: EntryStatus; revisionDeadline: Date | null },
  edition: EntryWindow,
  now: Date,
): { ok: true } | { ok: false; reason: string } {
  if (entry.status === "returned") {
    if (entry.revisionDeadline && now <= entry.revisionDeadline) return { ok: true };
    return { ok: false, reason: "entry.revisionClosed" };
  }
  if (entry.status !== "draft" && entry.status !== "submitted") {
    return { ok: false, reason: "entry.lockedAfterReview" };
  }
  if (edition.phase !== "open") return { ok: false, reason: "entry.editionNotOpen" };
  if (edition.submissionOpensAt && now < edition.submissionOpensAt)
    return { ok: false, reason: "entry.notYetOpen" };
  if (edition.submissionClosesAt && now > edition.submissionClosesAt)
    return { ok: false, reason: "entry.deadlinePassed" };
  return { ok: true };
}

export type CompletenessInput = {
  kind: CategoryKind;
  requiresVideo: boolean;
  summaryMaxLength: number;
  allowedPlatforms: string[];
  statsFrom: string | null;
  statsTo: string | null;
  entry: {
    title: string;
    accountId: number | null;
    platform: string | null;
    link: string;
    publishDate: string | null;
    summary: string;
    videoLink: string;
  };
  hasVideoAttachment: boolean;
};

/** What a submission still lacks, as field → message keys (empty when complete). */
export function completenessProblems(input: CompletenessInput): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const add = (field: string, message: string) => {
    problems[field] = [...(problems[field] ?? []), message];
  };
  const e = input.entry;
  if (!e.title.trim()) add("title", "form.required");
  if (!e.accountId) add("accountId", "entry.accountRequired");
  if (!e.platform) add("platform", "form.required");
  else if (input.allowedPlatforms.length > 0 && !input.allowedPlatforms.includes(e.platform)) {
    add("platform", "entry.platformNotAllowed");
  }
  if (!e.summary.trim()) add("summary", "form.required");
  else if ([...e.summary].length > input.summaryMaxLength) {
    add("summary", messageWithParams("form.tooLong", { max: input.summaryMaxLength }));
  }
  if (input.kind === "case") {
    if (!e.link) add("link", "form.required");
    if (!e.publishDate) add("publishDate", "form.required");
    else if (!insideWindow(e.publishDate, input.statsFrom, input.statsTo)) {
      add(
        "publishDate",
        messageWithParams("entry.outsideStatsWindow", {
          from: input.statsFrom ?? "…",
          to: input.statsTo ?? "…",
        }),
      );
    }
  }
  if (input.requiresVideo && !input.hasVideoAttachment && !e.videoLink)
    add("videoLink", "entry.videoRequired");
  return problems;
}

export function insideWindow(date: string, from: string | null, to: string | null): boolean {
  if (from && date < from) return false;
  if (to && date > to) return false;
  return true;
}

/** The public reference of the n-th submitted entry of a category: 2024-QWFB-0007. */
export function formatReference(year: number, categoryCode: string, n: number): string {
  return `${year}-${categoryCode}-${String(n).padStart(4, "0")}`;
}
