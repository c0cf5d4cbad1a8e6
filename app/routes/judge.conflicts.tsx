import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { ConflictTable, UnitPicker } from "~/components/judging/conflicts";
import { clientIp } from "~/load-context";
import { requireJudge } from "~/modules/auth/guards.server";
import { useT } from "~/modules/i18n/use-t";
import { canRemoveConflict } from "~/modules/judging/conflicts";
import {
  ConflictClosedError,
  ConflictExistsError,
  declareConflict,
  judgeConflictOverview,
  searchUnits,
  withdrawConflict,
} from "~/modules/judging/conflicts.server";
import { JudgeConflictSchema } from "~/modules/judging/schema";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireJudge(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const [overview, results] = await Promise.all([judgeConflictOverview(user.id), searchUnits(q)]);
  return {
    editions: overview.map((o) => ({
      edition: { id: o.edition.id, name: o.edition.name, phase: o.edition.phase },
      open: o.open,
      conflicts: o.conflicts.map((c) => ({
        ...c,
        removable: c.stored !== null && canRemoveConflict("judge", c.stored.source, o.edition.phase),
      })),
    })),
    q,
    results,
  };
}

/** A judge declares or withdraws their own conflicts (only their own: the judge is the session's). */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireJudge(request);
  const actor = { id: user.id, ip: clientIp(context) };
  const submission = parseWithZod(await request.formData(), { schema: JudgeConflictSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const input = submission.value;
  try {
    if (input.intent === "declare") await declareConflict(actor, input.editionId, input.unitId, input.reason);
    else await withdrawConflict(actor, input.editionId, input.conflictId);
  } catch (error) {
    if (error instanceof ConflictClosedError) {
      return data(submission.reply({ formErrors: ["conflict.closed"] }), { status: 409 });
    }
    if (error instanceof ConflictExistsError) {
      return data(submission.reply({ formErrors: ["conflict.exists"] }), { status: 409 });
    }
    throw error;
  }
  return redirect("/judge/conflicts");
}

/** 回避声明: per current edition, the automatic conflicts and the ones the judge declared. */
export default function JudgeConflicts() {
  const { editions, q, results } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="stack">
      <p>
        <Link to="/judge">← {t("nav.judge")}</Link>
      </p>
      <h1>{t("conflict.judgeTitle")}</h1>
      <p className="lead">{t("conflict.judgeLead")}</p>
      <FormErrors errors={lastResult?.error?.[""] ?? undefined} />
      {editions.length === 0 ? <p className="empty">{t("conflict.noEditions")}</p> : null}
      {editions.map(({ edition, open, conflicts }) => (
        <section key={edition.id} className="card stack">
          <h2>{edition.name}</h2>
          <ConflictTable
            conflicts={conflicts}
            removeIntent="withdraw"
            hidden={{ editionId: String(edition.id) }}
          />
          {open ? (
            <>
              <h3>{t("conflict.declare")}</h3>
              <UnitPicker
                q={q}
                results={results}
                intent="declare"
                submitLabel="conflict.declare"
                hidden={{ editionId: String(edition.id) }}
              />
            </>
          ) : (
            <p className="notice">{t("conflict.closed")}</p>
          )}
        </section>
      ))}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
