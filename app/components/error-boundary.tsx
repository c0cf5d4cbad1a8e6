import { isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";
import type { RootLoaderData } from "~/root";

/**
 * The one error view every route's ErrorBoundary uses: plain words for 403, 404 and the rest, and
 * the request id the server logged the error under. Never the error itself: its message can carry
 * SQL, parameters and file paths (the server sends none outside `npm run dev` anyway).
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const root = useRouteLoaderData<RootLoaderData>("root");
  // The root's data comes with the page: after a navigation in the browser its id is another
  // request's, so it is shown only on the page as the server sent it.
  const requestId = useLocation().key === "default" ? root?.requestId : null;
  let title = t("error.unexpected");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 403) title = t("error.forbidden");
    else if (status === 404) title = t("error.notFound");
    else if (status === 429) title = t("error.tooMany");
  } else {
    console.error(error);
  }
  return (
    <section className="error-panel" role="alert">
      <p className="error-status">{status}</p>
      <h1>{title}</h1>
      {requestId ? <p className="error-request">{t("error.requestId", { id: requestId })}</p> : null}
      <p>
        <a href="/">{t("error.home")}</a>
      </p>
    </section>
  );
}
