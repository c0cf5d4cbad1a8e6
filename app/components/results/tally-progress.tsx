import type { ClientActionFunctionArgs } from "@remix-run/react";
import { ProgressBar } from "~/components/ui/progress-bar";
import { createStore } from "~/components/ui/store";
import { showToast } from "~/components/ui/toast";
import { useT } from "~/modules/i18n/use-t";
import {
  LOAD_STEPS,
  NDJSON,
  readTallyLines,
  type TallyLine,
  type TallyProgress,
} from "~/modules/tally/progress";

/*
 * The organizer's tally with a progress bar. When scripts run, the results page's "run the tally"
 * form is sent by its client action to /admin/editions/:id/tally, which streams the run's progress
 * as JSON lines; the bar follows them, and at the end the page reloads its data and shows the
 * message the plain post would have shown. Without scripts the form posts to the page as before.
 */

const running = createStore<TallyProgress | null>(null);

/** The tally under way on this page, if any. */
export function useTallyProgress(): TallyProgress | null {
  return running.useValue();
}

/** The results page's client action: the tally with its progress, every other form as usual. */
export async function tallyWithProgress({ request, params, serverAction }: ClientActionFunctionArgs) {
  const form = await request.clone().formData();
  if (form.get("intent") !== "tally") return serverAction();
  const response = await fetch(`/admin/editions/${params.editionId}/tally`, {
    method: "POST",
    headers: { Accept: NDJSON },
    redirect: "manual",
    signal: request.signal,
  });
  // Not the stream (signed out meanwhile, say): the plain post gives the answer it always gave.
  if (!response.body || !(response.headers.get("Content-Type") ?? "").startsWith(NDJSON)) {
    return serverAction();
  }
  const outcome: { line: TallyLine | null } = { line: null };
  try {
    running.set({ phase: "load", done: 0, total: LOAD_STEPS });
    await readTallyLines(response.body, (line) => {
      if (line.type === "progress") running.set(line);
      else outcome.line = line;
    });
  } catch (error) {
    if (request.signal.aborted) throw error;
  } finally {
    running.set(null);
  }
  if (outcome.line?.type === "done") {
    showToast({ key: "toast.tallyDone", tone: "ok" });
    // After an action Remix loads the page's data again: the new results show.
    return null;
  }
  const error = outcome.line?.type === "error" ? outcome.line.error : "results.admin.tallyInterrupted";
  return { status: "error" as const, error: { "": [error] } };
}

/** The bar of the tally under way: the phase, with real counts (load steps, categories, rows). */
export function TallyProgressBar() {
  const t = useT();
  const progress = useTallyProgress();
  if (!progress) return null;
  return (
    <ProgressBar
      label={t("results.admin.tallyProgress")}
      value={progress.done}
      max={progress.total}
      valueText={t(`results.admin.tallyPhase.${progress.phase}`, {
        done: progress.done,
        total: progress.total,
      })}
    />
  );
}
