import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { editionHandle } from "~/components/edition-context";
import { CategoryForm } from "~/components/editions/category-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import {
  CodeTakenError,
  createCategory,
  getEdition,
  PhaseLockedError,
} from "~/modules/editions/editions.server";
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
  return { edition: { id: edition.id, name: edition.name, phase: edition.phase } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const editionId = intParam(params, "editionId");
  const submission = parseWithZod(await request.formData(), { schema: CategorySchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: submission.status === "error" ? 400 : 200 });
  }
  try {
    await createCategory({ id: user.id, ip: clientIp(context) }, editionId, submission.value);
  } catch (error) {
    if (error instanceof CodeTakenError) {
      return data(submission.reply({ fieldErrors: { code: ["category.codeTaken"] } }), { status: 400 });
    }
    if (error instanceof PhaseLockedError) {
      return data(submission.reply({ formErrors: ["category.locked"] }), { status: 409 });
    }
    throw error;
  }
  return redirect(`/admin/editions/${editionId}`);
}

export default function NewCategory() {
  const { edition } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const t = useT();
  return (
    <section>
      <p>
        <Link to={`/admin/editions/${edition.id}`}>← {edition.name}</Link>
      </p>
      <h1>{t("category.new")}</h1>
      <CategoryForm
        lastResult={lastResult}
        submitLabel="category.create"
        defaultValue={{
          kind: "case",
          summaryMaxLength: "800",
          platforms: ["weibo", "wechat", "channels", "douyin"],
          tiers: [
            { name: "一等奖", quota: "1" },
            { name: "二等奖", quota: "3" },
            { name: "三等奖", quota: "5" },
          ],
          criteria: [{ name: "", descriptor: "", maxPoints: "" }],
        }}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
