import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { UNIT_STATUSES } from "#db/schema/units";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReviewForms, UnitStatusBadge } from "~/components/units/review-forms";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { formatDateTime } from "~/modules/editions/time";
import { intParam, pageParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { ReviewSchema, type UnitStatus } from "~/modules/units/schema";
import { listUnits, reviewUnit, UnitStateError, unitCounts } from "~/modules/units/units.server";

const PAGE_SIZE = 50;

function statusParam(request: Request): UnitStatus | undefined {
  const raw = new URL(request.url).searchParams.get("status");
  return (UNIT_STATUSES as readonly string[]).includes(raw ?? "") ? (raw as UnitStatus) : undefined;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const status = statusParam(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const page = pageParam(request);
  const [list, counts] = await Promise.all([
    listUnits({ status, q, page, pageSize: PAGE_SIZE }),
    unitCounts(),
  ]);
  return { ...list, counts, status: status ?? null, q, page };
}

/** Approves or rejects one row's registration, then shows the same list again. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const formData = await request.formData();
  const unitId = intParam({ unitId: String(formData.get("unitId") ?? "") }, "unitId");
  const submission = parseWithZod(formData, { schema: ReviewSchema });
  if (submission.status !== "success") return data({ unitId, result: submission.reply() }, { status: 400 });
  try {
    await reviewUnit({ id: user.id, ip: clientIp(context) }, unitId, submission.value);
  } catch (error) {
    if (error instanceof UnitStateError) {
      return data(
        { unitId, result: submission.reply({ formErrors: ["unit.reviewNotAllowed"] }) },
        { status: 409 },
      );
    }
    throw error;
  }
  const url = new URL(request.url);
  url.searchParams.delete("index");
  return redirect(url.pathname + url.search);
}

export default function UnitsAdmin() {
  const { units, hasMore, counts, status, q, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const location = useLocation();
  const total = counts.pending + counts.approved + counts.rejected;
  const query = (next: { status?: string | null; page?: number }) => {
    const params = new URLSearchParams();
    const s = next.status === undefined ? status : next.status;
    if (s) params.set("status", s);
    if (q) params.set("q", q);
    if (next.page && next.page > 1) params.set("page", String(next.page));
    const text = params.toString();
    return text ? `?${text}` : location.pathname;
  };
  return (
    <section className="stack">
      <header className="page-header row">
        <h1>{t("unit.admin.title")}</h1>
        <div className="row">
          <Link to="/admin/units/invite" className="button">
            {t("unit.admin.invite")}
          </Link>
          <Link to="/admin/units/import" className="button">
            {t("unit.admin.import")}
          </Link>
        </div>
      </header>
      <nav className="subnav" aria-label={t("unit.admin.filter")}>
        <Link to={query({ status: null })} className={status === null ? "active" : undefined}>
          {t("unit.admin.all", { n: total })}
        </Link>
        {UNIT_STATUSES.map((s) => (
          <Link key={s} to={query({ status: s })} className={status === s ? "active" : undefined}>
            {t(`unit.admin.filter.${s}`, { n: counts[s] })}
          </Link>
        ))}
      </nav>
      <Form method="get" className="inline-form">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        <label className="visually-hidden" htmlFor="units-q">
          {t("unit.admin.search")}
        </label>
        <input id="units-q" type="search" name="q" defaultValue={q} placeholder={t("unit.admin.search")} />{" "}
        <button type="submit" className="button">
          {t("unit.admin.searchSubmit")}
        </button>
      </Form>
      {units.length === 0 ? (
        <p className="empty">{t("unit.admin.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("unit.name")}</th>
                <th scope="col">{t("unit.creditCode")}</th>
                <th scope="col">{t("unit.regionName")}</th>
                <th scope="col">{t("unit.contactName")}</th>
                <th scope="col">{t("unit.registeredAt")}</th>
                <th scope="col">{t("unit.statusLabel")}</th>
                <th scope="col">{t("form.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {units.map((u) => (
                <tr key={u.id}>
                  <td>
                    <Link to={`/admin/units/${u.id}`}>{u.name}</Link>
                    <div className="muted">
                      {t(`unit.level.${u.level}`)} · {t(`unit.type.${u.type}`)}
                    </div>
                  </td>
                  <td>
                    <code>{u.creditCode}</code>
                  </td>
                  <td>{u.regionName}</td>
                  <td>
                    {u.contactName}
                    <div className="muted">
                      {u.contactPhone} {u.contactEmail}
                    </div>
                  </td>
                  <td>{formatDateTime(u.createdAt)}</td>
                  <td>
                    <UnitStatusBadge status={u.status} />
                    {u.status === "rejected" && u.reviewReason ? (
                      <div className="muted">{u.reviewReason}</div>
                    ) : null}
                  </td>
                  <td>
                    {u.status === "approved" ? null : (
                      <ReviewForms
                        unitId={u.id}
                        status={u.status}
                        lastResult={actionData?.unitId === u.id ? actionData.result : undefined}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={t("pager.label")}>
        {page > 1 ? <Link to={query({ page: page - 1 })}>{t("pager.previous")}</Link> : null}
        {hasMore ? <Link to={query({ page: page + 1 })}>{t("pager.next")}</Link> : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
