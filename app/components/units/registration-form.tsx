import {
  getFormProps,
  getInputProps,
  getSelectProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { UNIT_LEVELS, UNIT_TYPES } from "#db/schema/units";
import { Field, FormErrors } from "~/components/field";
import type { MessageKey } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import {
  InvitedRegistrationSchema,
  PASSWORD_MIN,
  RegistrationSchema,
  regionForCreditCode,
} from "~/modules/units/schema";

type TextField = {
  name: "name" | "creditCode" | "regionName" | "contactName" | "contactPhone";
  label: MessageKey;
  help?: MessageKey;
  autoComplete?: string;
  inputMode?: "text" | "tel";
};

const UNIT: TextField[] = [
  { name: "name", label: "unit.name", autoComplete: "organization" },
  { name: "creditCode", label: "unit.creditCode", help: "unit.creditCodeHelp" },
  { name: "regionName", label: "unit.regionName", help: "unit.regionNameHelp" },
];
const CONTACT: TextField[] = [
  { name: "contactName", label: "unit.contactName", autoComplete: "name" },
  { name: "contactPhone", label: "unit.contactPhone", autoComplete: "tel", inputMode: "tel" },
];

/**
 * A unit's registration: the unit, its contact person and the first user's password. Without
 * `fixedEmail` the contact email is asked for (/register); with it, the email is the invitation's.
 * The region is proposed from the credit code's division when the field is still empty.
 */
export function RegistrationForm(props: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  fixedEmail?: string;
  submitLabel: MessageKey;
}) {
  const t = useT();
  // The invited variant has no email field; its fields are a subset of the full form's.
  const schema = (
    props.fixedEmail === undefined ? RegistrationSchema : InvitedRegistrationSchema
  ) as typeof RegistrationSchema;
  const [form, fields] = useForm<z.output<typeof RegistrationSchema>>({
    lastResult: props.lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const proposeRegion = (code: string) => {
    if (fields.regionName.value) return;
    const proposal = regionForCreditCode(code);
    if (proposal) form.update({ name: fields.regionName.name, value: proposal });
  };
  const input = (f: TextField) => {
    const meta = fields[f.name];
    return (
      <Field
        key={f.name}
        label={t(f.label)}
        htmlFor={meta.id}
        errorId={meta.errorId}
        errors={meta.errors}
        help={f.help ? t(f.help) : undefined}
      >
        <input
          {...getInputProps(meta, { type: "text" })}
          autoComplete={f.autoComplete}
          inputMode={f.inputMode}
          onBlur={f.name === "creditCode" ? (e) => proposeRegion(e.currentTarget.value) : undefined}
        />
      </Field>
    );
  };
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors errors={form.errors} />
      <fieldset>
        <legend>{t("register.unit")}</legend>
        {UNIT.map(input)}
        <div className="grid-2">
          <Field
            label={t("unit.level")}
            htmlFor={fields.level.id}
            errorId={fields.level.errorId}
            errors={fields.level.errors}
          >
            <select {...getSelectProps(fields.level)}>
              <option value="">{t("unit.choose")}</option>
              {UNIT_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`unit.level.${l}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label={t("unit.type")}
            htmlFor={fields.type.id}
            errorId={fields.type.errorId}
            errors={fields.type.errors}
          >
            <select {...getSelectProps(fields.type)}>
              <option value="">{t("unit.choose")}</option>
              {UNIT_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`unit.type.${ty}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t("register.contact")}</legend>
        <div className="grid-2">{CONTACT.map(input)}</div>
        {props.fixedEmail === undefined ? (
          <Field
            label={t("unit.contactEmail")}
            htmlFor={fields.contactEmail.id}
            errorId={fields.contactEmail.errorId}
            errors={fields.contactEmail.errors}
            help={t("register.emailHelp")}
          >
            <input {...getInputProps(fields.contactEmail, { type: "email" })} autoComplete="email" />
          </Field>
        ) : (
          <p>{t("invite.emailFixed", { email: props.fixedEmail })}</p>
        )}
        <div className="grid-2">
          <Field
            label={t("register.password")}
            htmlFor={fields.password.id}
            errorId={fields.password.errorId}
            errors={fields.password.errors}
            help={t("register.passwordHelp", { min: PASSWORD_MIN })}
          >
            <input {...getInputProps(fields.password, { type: "password" })} autoComplete="new-password" />
          </Field>
          <Field
            label={t("register.confirmPassword")}
            htmlFor={fields.confirmPassword.id}
            errorId={fields.confirmPassword.errorId}
            errors={fields.confirmPassword.errors}
          >
            <input
              {...getInputProps(fields.confirmPassword, { type: "password" })}
              autoComplete="new-password"
            />
          </Field>
        </div>
      </fieldset>
      <button type="submit" className="button primary">
        {t(props.submitLabel)}
      </button>
    </Form>
  );
}
