import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts/bar-chart";
import { editionHandle } from "~/components/edition-context";
import { EditionForm } from "~/components/editions/edition-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/field";
import { PhaseBadge } from "~/components/phase-badge";
import { Button, ButtonLink } from "~/components/ui/button";
import { type Column, DataTable } from "~/components/ui/data-table";
import { EmptyState } from "~/components/ui/empty-state";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import {
  changePhase,
  getEdition,
  listCategories,
  PhaseLockedError,
  SlugTakenError,
  updateEdition,
} from "~/modules/editions/editions.server";
import { allowedMoves, editionEditable, setupEditable } from "~/modules/editions/phases";
import { EditionSchema, PhaseChangeSchema } from "~/modules/editions/schema";
import { toLocalInput } from "~/modules/editions/time";
import { redirectWithToast } from "~/modules/flash.server";
import { longForm } from "~/modules/forms/body";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { entryCounts } from "~/modules/review/review.server";

/** The header shows this page's edition and phase (see edition-context.ts). */
export const handle = { ...editionHandle, ...longForm };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const [categories, counts] = await Promise.all([listCategories(edition.id), entryCounts(edition.id)]);
  // Entries sent in per category (drafts are the units' own business until they submit).
  const sentIn = categories.map((c) => ({
    label: c.name,
    value: counts
      .filter((n) => n.categoryId === c.id && n.status !== "draft")
      .reduce((sum, n) => sum + Number(n.n), 0),
  }));
  return {
    edition,
    categories,
    sentIn,
    moves: allowedMoves(edition.phase),
    editable: editionEditable(edition.phase),
    setupEditable: setupEditable(edition.phase),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const actor = { id: user.id, ip: clientIp(context) };
  const formData = await request.formData();

  if (formData.get("intent") === "phase") {
    const submission = parseWithZod(formData, { schema: PhaseChangeSchema });
    if (submission.status !== "success") return data({ phase: submission.reply() }, { status: 400 });
    const result = await changePhase(actor, editionId, submission.value.to);
    if (!result.ok) {
      return data({ phase: submission.reply({ formErrors: result.problems }) }, { status: 400 });
    }
    return redirectWithToast(`/admin/editions/${editionId}`, "toast.phaseChanged");
  }

  const submission = parseWithZod(formData, { schema: EditionSchema });
  if (submission.status !== "success") return data({ edition: submission.reply() }, { status: 400 });
  try {
    await updateEdition(actor, editionId, submission.value);
  } catch (error) {
    if (error instanceof SlugTakenError) {
      return data(
        { edition: submission.reply({ fieldErrors: { slug: ["edition.slugTaken"] } }) },
        { status: 400 },
      );
    }
    if (error instanceof PhaseLockedError) {
      return data({ edition: submission.reply({ formErrors: ["edition.locked"] }) }, { status: 409 });
    }
    throw error;
  }
  return redirectWithToast(`/admin/editions/${editionId}`, "toast.editionSaved");
}

export default function EditionAdmin() {
  const {
    edition,
    categories,
    sentIn,
    moves,
    editable,
    setupEditable: canEditSetup,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  type Category = (typeof categories)[number];
  const categoryColumns: Column<Category>[] = [
    { key: "code", header: t("category.code"), cell: (c) => <code>{c.code}</code> },
    {
      key: "name",
      header: t("category.name"),
      nowrap: true,
      cell: (c) => <Link to={`/admin/editions/${edition.id}/categories/${c.id}`}>{c.name}</Link>,
    },
    { key: "kind", header: t("category.kind"), nowrap: true, cell: (c) => t(`category.kind.${c.kind}`) },
    {
      key: "tiers",
      header: t("category.tiers"),
      cell: (c) =>
        c.tiers
          .map((tier) => t("category.tierQuota", { name: tier.name, quota: tier.quota }))
          .join(t("list.groupSeparator")),
    },
    {
      key: "rubric",
      header: t("category.rubric"),
      cell: (c) => c.criteria.map((r) => `${r.name} ${r.maxPoints}`).join(" · "),
    },
  ];
  return (
    <section className="stack">
      <header className="page-header">
        <h1>
          {edition.name} <PhaseBadge phase={edition.phase} />
        </h1>
        <p>
          <Link to={`/e/${edition.slug}`}>{t("admin.publicPage")}</Link>
          {" · "}
          <Link to={`/admin/editions/${edition.id}/review`}>{t("admin.review")}</Link>
          {" · "}
          <Link to={`/admin/editions/${edition.id}/assignments`}>{t("admin.assignments")}</Link>
          {" · "}
          <Link to={`/admin/editions/${edition.id}/progress`}>{t("admin.progress")}</Link>
          {" · "}
          <Link to={`/admin/editions/${edition.id}/results`}>{t("results.admin.nav")}</Link>
          {" · "}
          <Link to={`/admin/editions/${edition.id}/publication`}>{t("results.publish.title")}</Link>
          {" · "}
          <Link to={`/admin/editions/${edition.id}/certificates`}>{t("certificate.listTitle")}</Link>
          {" · "}
          <Link to={`/admin/editions/${edition.id}/judges`}>{t("judge.admin.link")}</Link>
        </p>
      </header>

      <section className="card">
        <h2>{t("admin.phase")}</h2>
        <p>{t("admin.phaseHelp")}</p>
        <FormErrors
          errors={
            actionData && "phase" in actionData ? (actionData.phase.error?.[""] ?? undefined) : undefined
          }
        />
        <div className="row">
          {moves.map((to) => (
            <Form method="post" key={to} className="inline-form">
              <input type="hidden" name="intent" value="phase" />
              <input type="hidden" name="to" value={to} />
              <Button>{t("admin.moveTo", { phase: t(`phase.${to}`) })}</Button>
            </Form>
          ))}
        </div>
      </section>

      <section className="card">
        <header className="row">
          <h2>{t("edition.categories")}</h2>
          {canEditSetup ? (
            <ButtonLink to={`/admin/editions/${edition.id}/categories/new`}>{t("category.new")}</ButtonLink>
          ) : null}
        </header>
        <DataTable
          columns={categoryColumns}
          rows={categories}
          rowKey={(c) => c.id}
          empty={<EmptyState title={t("edition.noCategories")} />}
        />
        {categories.length > 0 ? (
          <BarChart
            title={t("chart.entriesPerCategory")}
            desc={t("chart.entriesPerCategoryDesc")}
            data={sentIn}
            valueLabel={t("chart.value")}
            emptyText={t("chart.noData")}
          />
        ) : null}
      </section>

      <section className="card">
        <h2>{t("edition.settings")}</h2>
        {editable ? null : <p className="notice">{t("edition.locked")}</p>}
        <EditionForm
          lastResult={actionData && "edition" in actionData ? actionData.edition : undefined}
          submitLabel="form.save"
          disabled={!editable}
          defaultValue={{
            name: edition.name,
            slug: edition.slug,
            year: String(edition.year),
            organizers: edition.organizers,
            description: edition.description,
            statsFrom: edition.statsFrom ?? undefined,
            statsTo: edition.statsTo ?? undefined,
            submissionOpensAt: toLocalInput(edition.submissionOpensAt),
            submissionClosesAt: toLocalInput(edition.submissionClosesAt),
            judgingStartsAt: toLocalInput(edition.judgingStartsAt),
            judgingEndsAt: toLocalInput(edition.judgingEndsAt),
            noticeStartsAt: toLocalInput(edition.noticeStartsAt),
            noticeEndsAt: toLocalInput(edition.noticeEndsAt),
            ceremonyAt: toLocalInput(edition.ceremonyAt),
            judgesPerEntry: String(edition.judgesPerEntry),
            blindReview: edition.blindReview ? "on" : undefined,
            conflictSameRegion: edition.conflictSameRegion ? "on" : undefined,
            normaliseScores: edition.normaliseScores ? "on" : undefined,
            entriesPerUnitPerCategory: String(edition.entriesPerUnitPerCategory),
            trimFrom: String(edition.trimFrom),
            dataWeightPercent: String(edition.dataWeightPercent),
          }}
        />
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
