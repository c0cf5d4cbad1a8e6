import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { editionHandle } from "~/components/edition-context";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { longForm } from "~/modules/forms/body";
import { formId, intParam, pageParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import {
  AssignmentConflictError,
  AssignmentPhaseError,
  AssignmentStateError,
  addAssignment,
  editionJudges,
  listAssignments,
  moveAssignment,
  removeAssignment,
  runAutoAssignment,
} from "~/modules/judging/assignments.server";
import { conflictedAssignments } from "~/modules/judging/conflicts.server";

/** The header shows this page's edition and phase (see edition-context.ts). */
export const handle = { ...editionHandle, ...longForm };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const page = pageParam(request);
  const [list, judges, conflicted] = await Promise.all([
    listAssignments(edition.id, page),
    editionJudges(edition.id),
    // Organizers are not blind: the open assignments a recorded conflict concerns, which the next
    // automatic run replaces (a judge's own list does not change before it).
    conflictedAssignments(edition.id, "assigned"),
  ]);
  return {
    edition: { id: edition.id, name: edition.name, phase: edition.phase, k: edition.judgesPerEntry },
    list,
    judges,
    page,
    conflicted,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const actor = { userId: user.id, ip: clientIp(context) };
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "auto") {
      const summary = await runAutoAssignment(actor, editionId);
      return data({ summary, error: null });
    }
    const invalid = () => data({ summary: null, error: "form.invalid" }, { status: 400 });
    if (intent === "add") {
      const entryId = formId(form, "entryId");
      if (entryId === null) return invalid();
      await addAssignment(actor, entryId, String(form.get("judgeId") ?? ""));
    } else if (intent === "remove") {
      const assignmentId = formId(form, "assignmentId");
      if (assignmentId === null) return invalid();
      await removeAssignment(actor, assignmentId);
    } else if (intent === "move") {
      const assignmentId = formId(form, "assignmentId");
      if (assignmentId === null) return invalid();
      await moveAssignment(actor, assignmentId, String(form.get("judgeId") ?? ""));
    } else {
      return data({ summary: null, error: "form.invalid" }, { status: 400 });
    }
  } catch (error) {
    if (
      error instanceof AssignmentPhaseError ||
      error instanceof AssignmentConflictError ||
      error instanceof AssignmentStateError
    ) {
      return data({ summary: null, error: error.message }, { status: 409 });
    }
    throw error;
  }
  return redirect(`/admin/editions/${editionId}/assignments`);
}

/** Run the automatic assignment, see and change assignments by hand, export them. */
export default function Assignments() {
  const { edition, list, judges, page, conflicted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}`}>← {edition.name}</Link>
      </p>
      <header className="page-header row">
        <h1>{t("assign.title")}</h1>
        <a href={`/admin/editions/${edition.id}/assignments.csv`} className="button">
          {t("assign.export")}
        </a>
      </header>
      <FormErrors errors={result?.error ? [result.error] : undefined} />
      <section className="card stack">
        <p>{t("assign.autoHelp", { k: edition.k })}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="auto" />
          <button type="submit" className="button primary">
            {t("assign.auto")}
          </button>
        </Form>
        {result?.summary ? (
          <div role="status" className="notice ok">
            <p>
              {t("assign.summary", {
                added: result.summary.added,
                kept: result.summary.kept,
                dropped: result.summary.dropped,
              })}
            </p>
            {result.summary.shortfalls.length > 0 ? (
              <>
                <p>{t("assign.shortfalls", { n: result.summary.shortfalls.length })}</p>
                <ul>
                  {result.summary.shortfalls.map((s) => (
                    <li key={s.entryId}>
                      <code>{s.reference}</code>{" "}
                      {t("ui.labelValue", {
                        label: s.title,
                        value: t(`assign.reason.${s.reason}`, { needed: s.needed, assigned: s.assigned }),
                      })}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
      </section>
      {conflicted.length > 0 ? (
        <section className="card stack" aria-labelledby="conflicted-heading">
          <h2 id="conflicted-heading">{t("assign.conflictedTitle")}</h2>
          <p>{t("assign.conflictedHelp")}</p>
          <ul>
            {conflicted.map((c) => (
              <li key={c.id}>
                <code>{c.reference}</code> {c.title} · {c.unitName} · {c.judgeName} (
                {c.kinds.map((k) => t(`conflict.kind.${k}`)).join(t("list.separator"))})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>{t("assign.addByHand")}</h2>
        <Form method="post" className="row filters">
          <input type="hidden" name="intent" value="add" />
          <label>
            {t("assign.entryId")} <input name="entryId" type="number" min={1} required />
          </label>
          <label>
            {t("progress.judge")}{" "}
            <select name="judgeId" required>
              {judges.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {t("assign.add")}
          </button>
        </Form>
      </section>
      {list.rows.length === 0 ? (
        <p className="empty">{t("progress.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("entry.reference")}</th>
                <th scope="col">{t("entry.title")}</th>
                <th scope="col">{t("review.unit")}</th>
                <th scope="col">{t("progress.judge")}</th>
                <th scope="col">{t("entry.statusLabel")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("form.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((a) => (
                <tr key={a.id}>
                  <td>
                    <code>{a.reference}</code> <span className="muted">#{a.entryId}</span>
                  </td>
                  <td>{a.title}</td>
                  <td>{a.unitName}</td>
                  <td>{a.judgeName}</td>
                  <td>{t(`judging.state.${a.state}`)}</td>
                  <td>
                    {a.state === "submitted" ? null : (
                      <div className="row">
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="assignmentId" value={a.id} />
                          <label className="visually-hidden" htmlFor={`move-${a.id}`}>
                            {t("assign.moveTo")}
                          </label>
                          <select id={`move-${a.id}`} name="judgeId">
                            {judges
                              .filter((j) => j.id !== a.judgeId)
                              .map((j) => (
                                <option key={j.id} value={j.id}>
                                  {j.name}
                                </option>
                              ))}
                          </select>
                          <button type="submit" className="link-button">
                            {t("assign.move")}
                          </button>
                        </Form>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="assignmentId" value={a.id} />
                          <button type="submit" className="link-button">
                            {t("form.remove")}
                          </button>
                        </Form>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label={t("pager.label")}>
        {page > 1 ? <Link to={`?page=${page - 1}`}>{t("pager.previous")}</Link> : null}
        {list.hasMore ? <Link to={`?page=${page + 1}`}>{t("pager.next")}</Link> : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
