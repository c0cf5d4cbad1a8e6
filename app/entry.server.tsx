import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
// The web-streams renderer, not the Node one: see the comment on handleRequest.
import { renderToReadableStream } from "react-dom/server.browser";
import { NonceProvider } from "~/components/nonce";
import { boot } from "~/modules/boot.server";

/** Opens the database, migrates, seeds and starts the mail worker; the HTTP server calls it once. */
export { boot };

/*
 * Rendered once, with React's web-streams renderer. React 18's Node renderer
 * (renderToPipeableStream) packs text into 2 KB buffers and, when a multi-byte character does not
 * fit the end of one, sends the whole buffer, unused zero bytes included: Chinese pages got NUL
 * bytes. The web-streams renderer encodes each piece first and copies exact lengths, so it has no
 * such gap (tests/server/rendering.db.test.ts checks long Chinese pages byte by byte).
 *
 * The response waits for everything (`allReady`): loaders finish before rendering here, and a
 * whole page lets the server send one Content-Length and the browser hydrate at once.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  let status = responseStatusCode;
  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: request.signal,
      onError(error: unknown) {
        status = 500;
        // Errors inside a shell that still rendered are reported here, not thrown.
        if (!request.signal.aborted) loadContext.log?.error({ err: error }, "error while rendering");
      },
    },
  );
  await body.allReady;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers: responseHeaders, status });
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
