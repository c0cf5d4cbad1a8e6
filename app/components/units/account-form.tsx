import {
  getFormProps,
  getInputProps,
  getSelectProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { z } from "zod";
import { PLATFORMS } from "#db/schema/editions";
import { Field, FormErrors } from "~/components/field";
import { useT } from "~/modules/i18n/use-t";
import { AccountSchema, isAccountLink } from "~/modules/units/schema";

/** An account's ID, or its address as a link (only http and https are ever stored). */
export function AccountHandle({ handle }: { handle: string }) {
  if (!handle) return <span className="muted">—</span>;
  if (isAccountLink(handle)) {
    return (
      <a href={handle} rel="noopener noreferrer nofollow" target="_blank">
        {handle}
      </a>
    );
  }
  return <code>{handle}</code>;
}

/** Add or edit one of the unit's accounts. */
export function AccountForm(props: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  accountId?: number;
  defaultValue?: { platform: string; name: string; handle: string };
}) {
  const t = useT();
  const editing = props.accountId !== undefined;
  const [form, fields] = useForm<z.output<typeof AccountSchema>>({
    id: editing ? `account-${props.accountId}` : "account-new",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AccountSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value={editing ? "update" : "create"} />
      {editing ? <input type="hidden" name="accountId" value={props.accountId} /> : null}
      <div className="grid-2">
        <Field
          label={t("account.platform")}
          htmlFor={fields.platform.id}
          errorId={fields.platform.errorId}
          errors={fields.platform.errors}
        >
          <select {...getSelectProps(fields.platform)}>
            <option value="">{t("unit.choose")}</option>
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {t(`platform.${p}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t("account.name")}
          htmlFor={fields.name.id}
          errorId={fields.name.errorId}
          errors={fields.name.errors}
        >
          <input {...getInputProps(fields.name, { type: "text" })} />
        </Field>
      </div>
      <Field
        label={t("account.handle")}
        htmlFor={fields.handle.id}
        errorId={fields.handle.errorId}
        errors={fields.handle.errors}
        help={t("account.handleHelp")}
      >
        <input {...getInputProps(fields.handle, { type: "text" })} />
      </Field>
      <div className="row">
        <button type="submit" className="button primary">
          {t(editing ? "form.save" : "account.add")}
        </button>
        {editing ? <Link to="/unit/accounts">{t("account.cancel")}</Link> : null}
      </div>
    </Form>
  );
}
