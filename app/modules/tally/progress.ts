import { z } from "zod";

/*
 * The tally's progress as the server streams it (one JSON object per line, NDJSON) and the page
 * reads it: progress lines in phase order, then one line with the outcome. Shared by both sides.
 */

/** The parts of a run, in order: reading categories, entries and sheets; each category; the rows. */
export const TALLY_RUN_PHASES = ["load", "compute", "write"] as const;
export type TallyRunPhase = (typeof TALLY_RUN_PHASES)[number];

/** The queries of the load phase: categories, entries, sheets. */
export const LOAD_STEPS = 3;

/** `done` of `total` in a phase: load steps, categories, result rows written. */
export type TallyProgress = { phase: TallyRunPhase; done: number; total: number };

const count = z.number().int().nonnegative();

export const TallyLineSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), phase: z.enum(TALLY_RUN_PHASES), done: count, total: count }),
  z.object({ type: z.literal("done"), entries: count, sheets: count }),
  /** `error` is a message key. */
  z.object({ type: z.literal("error"), error: z.string() }),
]);
export type TallyLine = z.infer<typeof TallyLineSchema>;

export const NDJSON = "application/x-ndjson";

/**
 * Reads a stream of JSON lines as they arrive, calling onLine with each parsed line; a line that
 * is not a tally line is skipped.
 */
export async function readTallyLines(
  body: ReadableStream<Uint8Array>,
  onLine: (line: TallyLine) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const take = (text: string) => {
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = TallyLineSchema.safeParse(value);
    if (parsed.success) onLine(parsed.data);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) take(line);
  }
  take(buffered + decoder.decode());
}
