import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { EditionForm } from "~/components/editions/edition-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { clientIp } from "~/load-context";
import { requireOrganizer } from "~/modules/auth/guards.server";
import { createEdition, SlugTakenError } from "~/modules/editions/editions.server";
import { EditionSchema } from "~/modules/editions/schema";
import { longForm } from "~/modules/forms/body";
import { useT } from "~/modules/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request);
  return null;
}

export const handle = longForm;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireOrganizer(request);
  const submission = parseWithZod(await request.formData(), { schema: EditionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const { id } = await createEdition({ id: user.id, ip: clientIp(context) }, submission.value);
    return redirect(`/admin/editions/${id}`);
  } catch (error) {
    if (error instanceof SlugTakenError) {
      return data(submission.reply({ fieldErrors: { slug: ["edition.slugTaken"] } }), { status: 400 });
    }
    throw error;
  }
}

export default function NewEdition() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const year = new Date().getFullYear();
  return (
    <section>
      <h1>{t("admin.newEdition")}</h1>
      <EditionForm
        lastResult={lastResult}
        submitLabel="edition.create"
        defaultValue={{
          year: String(year),
          judgesPerEntry: "5",
          entriesPerUnitPerCategory: "3",
          trimFrom: "5",
          dataWeightPercent: "0",
          blindReview: "on",
          statsFrom: `${year}-01-01`,
          statsTo: `${year}-10-31`,
        }}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
