import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { editionHandle } from "~/components/edition-context";
import { CategoryForm } from "~/components/editions/category-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import {
  CodeTakenError,
  deleteCategory,
  getCategory,
  getEdition,
  PhaseLockedError,
  updateCategory,
} from "~/modules/editions/editions.server";
import { setupEditable } from "~/modules/editions/phases";
import { CategorySchema } from "~/modules/editions/schema";
import { longForm } from "~/modules/forms/body";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";

/** The header shows this page's edition and phase (see edition-context.ts). */
export const handle = { ...editionHandle, ...longForm };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  const edition = await getEdition(intParam(params, "editionId"));
  if (!edition) throw new Response("Not Found", { status: 404 });
  const category = await getCategory(edition.id, intParam(params, "categoryId"));
  if (!category) throw new Response("Not Found", { status: 404 });
  return {
    edition: { id: edition.id, name: edition.name, phase: edition.phase },
    category,
    editable: setupEditable(edition.phase),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const categoryId = intParam(params, "categoryId");
  const actor = { id: user.id, ip: clientIp(context) };
  const formData = await request.formData();
  try {
    if (formData.get("intent") === "delete") {
      await deleteCategory(actor, editionId, categoryId);
      return redirect(`/admin/editions/${editionId}`);
    }
    const submission = parseWithZod(formData, { schema: CategorySchema });
    if (submission.status !== "success") {
      return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
    }
    try {
      await updateCategory(actor, editionId, categoryId, submission.value);
    } catch (error) {
      if (error instanceof CodeTakenError) {
        return data(submission.reply({ fieldErrors: { code: ["category.codeTaken"] } }), { status: 400 });
      }
      throw error;
    }
    return redirect(`/admin/editions/${editionId}`);
  } catch (error) {
    if (error instanceof PhaseLockedError) {
      return data({ status: "error" as const, error: { "": ["category.locked"] } }, { status: 409 });
    }
    throw error;
  }
}

export default function EditCategory() {
  const { edition, category, editable } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  return (
    <section className="stack">
      <p>
        <Link to={`/admin/editions/${edition.id}`}>← {edition.name}</Link>
      </p>
      <h1>{category.name}</h1>
      {editable ? null : <p className="notice">{t("category.locked")}</p>}
      <CategoryForm
        lastResult={lastResult}
        submitLabel="form.save"
        disabled={!editable}
        defaultValue={{
          code: category.code,
          name: category.name,
          kind: category.kind,
          description: category.description,
          requiresVideo: category.requiresVideo ? "on" : undefined,
          summaryMaxLength: String(category.summaryMaxLength),
          platforms: category.platforms,
          tiers: category.tiers.map((tier) => ({ name: tier.name, quota: String(tier.quota) })),
          criteria: category.criteria.map((c) => ({
            name: c.name,
            descriptor: c.descriptor,
            maxPoints: String(c.maxPoints),
          })),
        }}
      />
      {editable ? (
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="button danger">
            {t("category.delete")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
