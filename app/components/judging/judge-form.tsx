import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { Field, FieldErrors, FormErrors } from "~/components/field";
import type { MessageKey } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import { JudgeInviteSchema, JudgeProfileSchema } from "~/modules/judging/schema";

export type JudgeFormDefaults = {
  email?: string;
  name?: string;
  title?: string;
  affiliation?: string;
  unitCreditCode?: string;
  regionCode?: string;
  categoryIds?: string[];
};

/**
 * A judge's name, title, affiliation (optionally a registered unit, by credit code), city and the
 * edition's categories they judge. `invite` adds the email; `profile` posts intent=profile.
 */
export function JudgeForm(props: {
  mode: "invite" | "profile";
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: JudgeFormDefaults;
  categories: { id: number; code: string; name: string }[];
  submitLabel: MessageKey;
}) {
  const t = useT();
  // The two schemas share their field names; the type names the invite's (which has them all).
  const schema = (
    props.mode === "invite" ? JudgeInviteSchema : JudgeProfileSchema
  ) as typeof JudgeInviteSchema;
  const [form, fields] = useForm<z.output<typeof JudgeInviteSchema>>({
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const raw = fields.categoryIds.value;
  const checked = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors errors={form.errors} />
      {props.mode === "profile" ? <input type="hidden" name="intent" value="profile" /> : null}
      <div className="grid-2">
        {props.mode === "invite" ? (
          <Field
            label={t("judge.email")}
            htmlFor={fields.email.id}
            errorId={fields.email.errorId}
            errors={fields.email.errors}
          >
            <input {...getInputProps(fields.email, { type: "email" })} />
          </Field>
        ) : null}
        <Field
          label={t("judge.name")}
          htmlFor={fields.name.id}
          errorId={fields.name.errorId}
          errors={fields.name.errors}
        >
          <input {...getInputProps(fields.name, { type: "text" })} />
        </Field>
        <Field
          label={t("judge.title")}
          htmlFor={fields.title.id}
          errorId={fields.title.errorId}
          errors={fields.title.errors}
          help={t("judge.titleHelp")}
        >
          <input {...getInputProps(fields.title, { type: "text" })} />
        </Field>
        <Field
          label={t("judge.affiliation")}
          htmlFor={fields.affiliation.id}
          errorId={fields.affiliation.errorId}
          errors={fields.affiliation.errors}
        >
          <input {...getInputProps(fields.affiliation, { type: "text" })} />
        </Field>
        <Field
          label={t("judge.unitCreditCode")}
          htmlFor={fields.unitCreditCode.id}
          errorId={fields.unitCreditCode.errorId}
          errors={fields.unitCreditCode.errors}
          help={t("judge.unitCreditCodeHelp")}
        >
          <input {...getInputProps(fields.unitCreditCode, { type: "text" })} />
        </Field>
        <Field
          label={t("judge.regionCode")}
          htmlFor={fields.regionCode.id}
          errorId={fields.regionCode.errorId}
          errors={fields.regionCode.errors}
          help={t("judge.regionCodeHelp")}
        >
          <input {...getInputProps(fields.regionCode, { type: "text" })} inputMode="numeric" />
        </Field>
      </div>
      <fieldset className="field choice-group">
        <legend>{t("judge.categories")}</legend>
        <div className="choices">
          {props.categories.map((c) => (
            <label key={c.id} className="choice">
              <input
                type="checkbox"
                name={fields.categoryIds.name}
                value={String(c.id)}
                defaultChecked={checked.has(String(c.id))}
              />
              {c.name} <code>{c.code}</code>
            </label>
          ))}
        </div>
        <FieldErrors id={fields.categoryIds.errorId} errors={fields.categoryIds.errors} />
      </fieldset>
      <button type="submit" className="button primary">
        {t(props.submitLabel)}
      </button>
    </Form>
  );
}
