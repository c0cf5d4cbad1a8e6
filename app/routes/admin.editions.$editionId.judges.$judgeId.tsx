import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { ConflictTable, UnitPicker } from "~/components/judging/conflicts";
import { JudgeForm } from "~/components/judging/judge-form";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { getEdition } from "~/modules/editions/editions.server";
import { longForm } from "~/modules/forms/body";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { canRemoveConflict, organizerConflictsOpen } from "~/modules/judging/conflicts";
import {
  addConflict,
  ConflictClosedError,
  ConflictExistsError,
  conflictsOfJudge,
  removeConflict,
  searchUnits,
} from "~/modules/judging/conflicts.server";
import {
  CategoryNotInEditionError,
  editionCategories,
  getJudge,
  UnitNotFoundError,
  updateJudge,
} from "~/modules/judging/judges.server";
import { JudgeProfileSchema, OrganizerConflictSchema } from "~/modules/judging/schema";

/** A judge's user id from the address; anything else is "not found". */
function judgeIdParam(params: Record<string, string | undefined>): string {
  const raw = params.judgeId ?? "";
  if (!/^[0-9a-f-]{36}$/.test(raw)) throw new Response("Not Found", { status: 404 });
  return raw;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const judge = await getJudge(edition.id, judgeIdParam(params));
  if (!judge) throw new Response("Not Found", { status: 404 });
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const [categories, conflicts, results] = await Promise.all([
    editionCategories(edition.id),
    conflictsOfJudge(edition.id, judge.id),
    searchUnits(q),
  ]);
  const open = organizerConflictsOpen(edition.phase);
  return {
    edition: { id: edition.id, name: edition.name, conflictSameRegion: edition.conflictSameRegion },
    judge,
    categories,
    open,
    conflicts: conflicts.map((c) => ({
      ...c,
      removable: c.stored !== null && canRemoveConflict("organizer", c.stored.source, edition.phase),
    })),
    q,
    results,
  };
}

export const handle = longForm;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const judgeId = judgeIdParam(params);
  const actor = { id: user.id, ip: clientIp(context) };
  const formData = await request.formData();
  const back = `/admin/editions/${editionId}/judges/${judgeId}`;

  if (formData.get("intent") === "profile") {
    const submission = parseWithZod(formData, { schema: JudgeProfileSchema });
    if (submission.status !== "success") return data({ profile: submission.reply() }, { status: 400 });
    try {
      await updateJudge(actor, editionId, judgeId, submission.value);
    } catch (error) {
      if (error instanceof UnitNotFoundError) {
        return data(
          { profile: submission.reply({ fieldErrors: { unitCreditCode: ["judge.unitNotFound"] } }) },
          { status: 400 },
        );
      }
      if (error instanceof CategoryNotInEditionError) {
        return data(
          { profile: submission.reply({ fieldErrors: { categoryIds: ["form.invalid"] } }) },
          { status: 400 },
        );
      }
      throw error;
    }
    return redirect(`${back}?saved=1`);
  }

  const submission = parseWithZod(formData, { schema: OrganizerConflictSchema });
  if (submission.status !== "success") return data({ conflict: submission.reply() }, { status: 400 });
  try {
    const input = submission.value;
    if (input.intent === "addConflict")
      await addConflict(actor, editionId, judgeId, input.unitId, input.reason);
    else await removeConflict(actor, editionId, judgeId, input.conflictId);
  } catch (error) {
    if (error instanceof ConflictClosedError) {
      return data(
        { conflict: submission.reply({ formErrors: ["conflict.organizerClosed"] }) },
        { status: 409 },
      );
    }
    if (error instanceof ConflictExistsError) {
      return data({ conflict: submission.reply({ formErrors: ["conflict.exists"] }) }, { status: 409 });
    }
    throw error;
  }
  return redirect(back);
}

export default function JudgeAdmin() {
  const { edition, judge, categories, open, conflicts, q, results } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  return (
    <section className="stack">
      <header className="page-header">
        <p>
          <Link to={`/admin/editions/${edition.id}/judges`}>← {t("judge.admin.title")}</Link>
        </p>
        <h1>{judge.name}</h1>
        <p className="muted">
          {judge.email}
          {judge.unitName ? ` · ${t("judge.unitLinked", { unitName: judge.unitName })}` : ""}
        </p>
      </header>

      {searchParams.get("saved") ? (
        <p className="notice ok" role="status">
          {t("judge.saved")}
        </p>
      ) : null}
      <section className="card">
        <h2>{t("judge.profile")}</h2>
        <JudgeForm
          mode="profile"
          lastResult={actionData && "profile" in actionData ? actionData.profile : undefined}
          categories={categories}
          submitLabel="form.save"
          defaultValue={{
            name: judge.name,
            title: judge.title,
            affiliation: judge.affiliation,
            unitCreditCode: judge.unitCreditCode ?? undefined,
            regionCode: judge.regionCode || undefined,
            categoryIds: judge.categoryIds.map(String),
          }}
        />
      </section>

      <section className="card stack">
        <h2>{t("conflict.title")}</h2>
        <p className="muted">
          {t(edition.conflictSameRegion ? "conflict.sameRegionOn" : "conflict.sameRegionOff")}
        </p>
        <FormErrors
          errors={
            actionData && "conflict" in actionData
              ? (actionData.conflict.error?.[""] ?? undefined)
              : undefined
          }
        />
        <ConflictTable conflicts={conflicts} removeIntent="removeConflict" />
        {open ? (
          <>
            <h3>{t("conflict.add")}</h3>
            <UnitPicker q={q} results={results} intent="addConflict" submitLabel="conflict.add" />
          </>
        ) : (
          <p className="notice">{t("conflict.organizerClosed")}</p>
        )}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
