import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useT } from "~/modules/i18n/use-t";

/** The one error view every route's ErrorBoundary uses: plain words for 403, 404 and the rest. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
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
      <p>
        <a href="/">{t("error.home")}</a>
      </p>
    </section>
  );
}
