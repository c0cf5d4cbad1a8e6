import type { Logger } from "pino";
import type { Phase } from "#db/schema/editions";
import { NDJSON, type TallyLine } from "./progress";
import { runTally, TALLY_PHASES, type TallyActor, TallyClosedError } from "./tally.server";

const HEADERS = {
  "Content-Type": `${NDJSON}; charset=utf-8`,
  "Cache-Control": "no-store",
  // Reverse proxies that buffer answers would hold the progress lines back until the end.
  "X-Accel-Buffering": "no",
};

const encoder = new TextEncoder();
const encode = (line: TallyLine) => encoder.encode(`${JSON.stringify(line)}\n`);

/**
 * Runs the tally of an edition (the caller has checked who asks) and answers with its progress as
 * it happens, one JSON line per report, then one line with the outcome. The rules are runTally's:
 * an edition past the tally's phases is refused at once with 409; one that moves on meanwhile
 * (checked again under the edition's lock) ends the stream with the same refusal.
 */
export function tallyStream(
  actor: TallyActor,
  edition: { id: number; phase: Phase },
  log?: Logger,
): Response {
  if (!TALLY_PHASES.includes(edition.phase)) {
    return new Response(encode({ type: "error", error: "results.admin.tallyClosed" }), {
      status: 409,
      headers: HEADERS,
    });
  }
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (line: TallyLine) => {
        if (open) controller.enqueue(encode(line));
      };
      // Not awaited: start returns at once, and each line is read as soon as it is sent.
      void (async () => {
        try {
          const run = await runTally(actor, edition.id, {
            onProgress: (progress) => send({ type: "progress", ...progress }),
          });
          send({ type: "done", entries: run.entries, sheets: run.sheets });
        } catch (error) {
          if (error instanceof TallyClosedError) {
            send({ type: "error", error: "results.admin.tallyClosed" });
          } else {
            log?.error({ err: error, editionId: edition.id }, "the tally failed");
            send({ type: "error", error: "results.admin.tallyFailed" });
          }
        }
        if (open) controller.close();
      })();
    },
    // The browser went away: the run finishes (it is one transaction) but sends nothing more.
    cancel() {
      open = false;
    },
  });
  return new Response(body, { status: 200, headers: HEADERS });
}
