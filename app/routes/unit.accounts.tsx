import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AccountForm } from "~/components/units/account-form";
import { AccountsTable } from "~/components/units/unit-tables";
import { clientIp } from "~/load-context";
import { intParam } from "~/modules/http";
import { useT } from "~/modules/i18n/use-t";
import { requireApprovedUnit } from "~/modules/units/guards.server";
import { AccountSchema } from "~/modules/units/schema";
import {
  AccountDuplicateError,
  createAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  updateAccount,
} from "~/modules/units/units.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { unitId, unitName } = await requireApprovedUnit(request);
  const editParam = new URL(request.url).searchParams.get("edit");
  // Another unit's account is "not found", exactly like one that does not exist.
  const editing = editParam ? await getAccount(unitId, intParam({ edit: editParam }, "edit")) : undefined;
  if (editParam && !editing) throw new Response("Not Found", { status: 404 });
  return { unitName, accounts: await listAccounts(unitId), editing: editing ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, unitId } = await requireApprovedUnit(request);
  const actor = { id: user.id, ip: clientIp(context) };
  const formData = await request.formData();
  const intent = formData.get("intent");
  const accountId = () => intParam({ id: String(formData.get("accountId") ?? "") }, "id");

  if (intent === "delete") {
    await deleteAccount(actor, unitId, accountId());
    return redirect("/unit/accounts");
  }
  if (intent !== "create" && intent !== "update") throw new Response("Bad Request", { status: 400 });
  const id = intent === "update" ? accountId() : undefined;
  const submission = parseWithZod(formData, { schema: AccountSchema });
  if (submission.status !== "success") return data({ id, result: submission.reply() }, { status: 400 });
  try {
    if (id === undefined) await createAccount(actor, unitId, submission.value);
    else await updateAccount(actor, unitId, id, submission.value);
  } catch (error) {
    if (error instanceof AccountDuplicateError) {
      return data(
        { id, result: submission.reply({ fieldErrors: { name: ["account.duplicate"] } }) },
        { status: 400 },
      );
    }
    throw error;
  }
  return redirect("/unit/accounts");
}

export default function UnitAccounts() {
  const { unitName, accounts, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const editResult = editing && actionData?.id === editing.id ? actionData.result : undefined;
  const createResult = actionData && actionData.id === undefined ? actionData.result : undefined;
  return (
    <section className="stack">
      <header className="page-header">
        <p>
          <Link to="/unit">{t("unit.backHome")}</Link>
        </p>
        <h1>{t("account.title")}</h1>
        <p className="muted">{t("account.lead", { unitName })}</p>
      </header>
      <AccountsTable
        accounts={accounts}
        actions={(a) => (
          <>
            <Link to={`?edit=${a.id}`}>{t("account.edit")}</Link>{" "}
            <Form method="post" className="inline-form">
              <input type="hidden" name="accountId" value={a.id} />
              <button type="submit" name="intent" value="delete" className="link-button">
                {t("form.remove")}
              </button>
            </Form>
          </>
        )}
      />
      {editing ? (
        <section className="card">
          <h2>{t("account.editTitle", { name: editing.name })}</h2>
          <AccountForm
            key={editing.id}
            lastResult={editResult}
            accountId={editing.id}
            defaultValue={{ platform: editing.platform, name: editing.name, handle: editing.handle }}
          />
        </section>
      ) : (
        <section className="card">
          <h2>{t("account.addTitle")}</h2>
          <p className="muted">{t("account.rule")}</p>
          <AccountForm lastResult={createResult} />
        </section>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
