import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { EntryStatusBadge } from "~/components/entries/entry-status";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { formatDateTime } from "~/modules/editions/time";
import {
  createDraft,
  EntryLockedError,
  listUnitEntries,
  openCategories,
} from "~/modules/entries/entries.server";
import { NewEntrySchema } from "~/modules/entries/schema";
import { useT } from "~/modules/i18n/use-t";
import { requireApprovedUnit } from "~/modules/units/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { unitId } = await requireApprovedUnit(request);
  const [mine, open] = await Promise.all([listUnitEntries(unitId), openCategories()]);
  return { entries: mine, open };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, unitId } = await requireApprovedUnit(request);
  const submission = parseWithZod(await request.formData(), { schema: NewEntrySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const { id } = await createDraft(
      { userId: user.id, unitId, ip: clientIp(context) },
      submission.value.categoryId,
    );
    return redirect(`/unit/entries/${id}`);
  } catch (error) {
    if (error instanceof EntryLockedError) {
      return data(submission.reply({ formErrors: [error.reason] }), { status: 409 });
    }
    throw error;
  }
}

export default function UnitEntries() {
  const { entries, open } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{t("entry.mine")}</h1>
      <section className="card">
        <h2>{t("entry.new")}</h2>
        {open.length === 0 ? (
          <p className="empty">{t("entry.noOpenCalls")}</p>
        ) : (
          <Form method="post" className="row">
            <FormErrors errors={lastResult?.error?.[""] ?? undefined} />
            <label htmlFor="categoryId" className="visually-hidden">
              {t("entry.category")}
            </label>
            <select id="categoryId" name="categoryId" required>
              {open.map((c) => (
                <option key={c.categoryId} value={c.categoryId}>
                  {c.editionName} · {c.categoryName}（{t("entry.limitPerCategory", { limit: c.limit })}）
                </option>
              ))}
            </select>
            <button type="submit" className="button primary">
              {t("entry.create")}
            </button>
          </Form>
        )}
      </section>
      {entries.length === 0 ? (
        <p className="empty">{t("entry.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("entry.reference")}</th>
              <th scope="col">{t("entry.title")}</th>
              <th scope="col">{t("entry.category")}</th>
              <th scope="col">{t("entry.statusLabel")}</th>
              <th scope="col">{t("entry.updatedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{e.reference ? <code>{e.reference}</code> : "—"}</td>
                <td>
                  <Link to={`/unit/entries/${e.id}`}>{e.title || t("entry.untitled")}</Link>
                </td>
                <td>
                  {e.editionName} · {e.categoryName}
                </td>
                <td>
                  <EntryStatusBadge status={e.status} />
                  {e.status === "returned" && e.revisionDeadline ? (
                    <span className="muted">
                      {" "}
                      {t("entry.reviseBy", { at: formatDateTime(e.revisionDeadline) })}
                    </span>
                  ) : null}
                </td>
                <td>{formatDateTime(e.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
