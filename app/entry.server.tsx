import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { boot } from "~/modules/boot.server";

/** Opens the database, migrates, seeds and starts the mail worker; the HTTP server calls it once. */
export { boot };

/*
 * Pages are rendered to a string, not streamed: React 18's byte-chunked streaming puts NUL bytes
 * into pages where a Chinese character crosses its 2 KB chunk boundary. These pages wait for all
 * their data anyway, so streaming gains nothing here.
 *
 * Remix hands the loader data to the browser from inside a Suspense boundary that reads it chunk
 * by chunk; renderToString does not wait for Suspense and would leave it empty, and the page would
 * never hydrate. Remix keeps the chunks it has read in `renderMeta.streamCache`, so the page is
 * rendered again once the pending chunks are in, until none is pending (two or three passes).
 */
type StreamCache = Record<string, Promise<void> & { result?: unknown; error?: unknown }>;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // Every pass asks the data stream for a reader; a stream gives only one, so all passes share it.
  const stream = remixContext.serverHandoffStream;
  if (stream) {
    const reader = stream.getReader();
    remixContext.serverHandoffStream = { getReader: () => reader } as unknown as typeof stream;
  }
  const render = () =>
    renderToString(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
    );
  let html = render();
  for (let pass = 0; pass < 50; pass++) {
    const cache = (remixContext.renderMeta as { streamCache?: StreamCache } | undefined)?.streamCache ?? {};
    const pending = Object.values(cache).filter((p) => p.result === undefined && p.error === undefined);
    if (pending.length === 0) break;
    await Promise.all(pending);
    html = render();
  }
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}

/**
 * Errors thrown by loaders, actions and rendering (not thrown Responses): logged with the request
 * id, which ties them to the request's access line. An aborted request is not an error.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (context.log) context.log.error({ err: error, method: request.method }, "error in a loader or action");
  else console.error(error);
};
