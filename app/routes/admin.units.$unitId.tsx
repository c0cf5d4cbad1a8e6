import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReviewForms, UnitStatusBadge } from "~/components/units/review-forms";
import { AccountsTable, UnitUsersTable } from "~/components/units/unit-tables";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { formatDateTime } from "~/modules/editions/time";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { ReviewSchema } from "~/modules/units/schema";
import { getUnitDetails, reviewUnit, UnitStateError } from "~/modules/units/units.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const details = await getUnitDetails(intParam(params, "unitId"));
  if (!details) throw new Response("Not Found", { status: 404 });
  return details;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const unitId = intParam(params, "unitId");
  const submission = parseWithZod(await request.formData(), { schema: ReviewSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await reviewUnit({ id: user.id, ip: clientIp(context) }, unitId, submission.value);
  } catch (error) {
    if (error instanceof UnitStateError) {
      return data(submission.reply({ formErrors: ["unit.reviewNotAllowed"] }), { status: 409 });
    }
    throw error;
  }
  return redirect(`/admin/units/${unitId}`);
}

export default function UnitAdmin() {
  const { unit, accounts, users, invitations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="stack">
      <header className="page-header">
        <p>
          <Link to="/admin/units">{t("unit.admin.back")}</Link>
        </p>
        <h1>
          {unit.name} <UnitStatusBadge status={unit.status} />
        </h1>
      </header>

      <section className="card">
        <dl className="meta-list">
          <dt>{t("unit.creditCode")}</dt>
          <dd>
            <code>{unit.creditCode}</code>
          </dd>
          <dt>{t("unit.regionName")}</dt>
          <dd>
            {unit.regionName}{" "}
            {unit.regionCode ? (
              <span className="muted">{t("ui.inParentheses", { text: unit.regionCode })}</span>
            ) : null}
          </dd>
          <dt>{t("unit.level")}</dt>
          <dd>{t(`unit.level.${unit.level}`)}</dd>
          <dt>{t("unit.type")}</dt>
          <dd>{t(`unit.type.${unit.type}`)}</dd>
          <dt>{t("unit.contactName")}</dt>
          <dd>{unit.contactName || "—"}</dd>
          <dt>{t("unit.contactPhone")}</dt>
          <dd>{unit.contactPhone || "—"}</dd>
          <dt>{t("unit.contactEmail")}</dt>
          <dd>{unit.contactEmail || "—"}</dd>
          <dt>{t("unit.registeredAt")}</dt>
          <dd>{formatDateTime(unit.createdAt)}</dd>
          {unit.reviewedAt ? (
            <>
              <dt>{t("unit.reviewedAt")}</dt>
              <dd>{formatDateTime(unit.reviewedAt)}</dd>
            </>
          ) : null}
          {unit.reviewReason ? (
            <>
              <dt>{t("unit.reviewReason")}</dt>
              <dd>{unit.reviewReason}</dd>
            </>
          ) : null}
        </dl>
        {unit.status === "approved" ? null : (
          <ReviewForms unitId={unit.id} status={unit.status} lastResult={lastResult} />
        )}
      </section>

      <section className="card">
        <h2>{t("account.title")}</h2>
        <AccountsTable accounts={accounts} />
      </section>

      <section className="card">
        <h2>{t("unit.users.title")}</h2>
        <UnitUsersTable users={users} />
        {invitations.length > 0 ? (
          <>
            <h3>{t("unit.users.invitations")}</h3>
            <ul>
              {invitations.map((i) => (
                <li key={i.id}>
                  {i.email} · {t("unit.users.invitedUntil", { at: formatDateTime(i.expiresAt) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
