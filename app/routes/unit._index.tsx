import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { UnitStatus } from "~/components/units/unit-status";
import { requireUnitUser } from "~/modules/auth/guards.server";
import { useT } from "~/modules/i18n/use-t";
import { unitOfUser } from "~/modules/units/units.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUnitUser(request);
  return { name: user.name, unit: await unitOfUser(user.id) };
}

/** The unit's home page; later issues fill it with their work. */
export default function UnitUserHome() {
  const { name, unit } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{t("unit.home.title", { name })}</h1>
      <p>{t("unit.home.lead")}</p>
      <UnitStatus unit={unit} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
