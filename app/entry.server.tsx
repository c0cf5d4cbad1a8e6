import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { boot } from "~/modules/boot.server";

/** Opens the database, migrates, seeds and starts the mail worker; the HTTP server calls it once. */
export { boot };

/*
 * Pages are rendered to a string, not streamed: React 18's byte-chunked streaming was seen to put
 * NUL bytes into pages where a Chinese character crossed its 2 KB chunk boundary. These pages are
 * forms and lists that wait for all their data anyway, so streaming gains nothing here.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
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
