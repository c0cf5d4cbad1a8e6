import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { boot } from "~/modules/boot.server";

/** Opens the database, migrates, seeds and starts the mail worker; the HTTP server calls it once. */
export { boot };

/*
 * Pages are rendered completely before the first byte is sent, not streamed: React 18's
 * byte-chunked streaming was seen to put NUL bytes into pages where a Chinese character crossed
 * its 2 KB chunk boundary when the chunks were decoded one by one. Here the rendered bytes are
 * collected as they are and sent as one body. The render must wait for everything (onAllReady)
 * rather than use renderToString: Remix hands the loader data to the browser from inside a
 * Suspense boundary, which renderToString leaves empty, and the page then never hydrates.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          const chunks: Buffer[] = [];
          const sink = new PassThrough();
          sink.on("data", (chunk: Buffer) => chunks.push(chunk));
          sink.on("error", reject);
          sink.on("end", () => {
            clearTimeout(timer);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            const body = Buffer.concat([Buffer.from("<!DOCTYPE html>"), ...chunks]);
            resolve(new Response(body, { headers: responseHeaders, status }));
          });
          pipe(sink);
        },
        onShellError: reject,
        onError(error) {
          status = 500;
          if (!request.signal.aborted) console.error(error);
        },
      },
    );
    // A render that never finishes is cut off rather than holding the request open.
    const timer = setTimeout(abort, 10_000);
    timer.unref();
  });
}
