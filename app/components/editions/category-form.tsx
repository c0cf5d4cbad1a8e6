import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { PLATFORMS } from "#db/schema/editions";
import { Field, FieldErrors, FormErrors } from "~/components/field";
import { CategorySchema, RUBRIC_TOTAL } from "~/modules/editions/schema";
import type { MessageKey } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";

export type CategoryFormDefaults = {
  code?: string;
  name?: string;
  kind?: "case" | "account";
  description?: string;
  requiresVideo?: string;
  summaryMaxLength?: string;
  platforms?: string[];
  tiers?: { name: string; quota: string }[];
  criteria?: { name: string; descriptor: string; maxPoints: string }[];
};

/**
 * A category with its tiers (quota per tier) and rubric. Rows are added and removed with
 * conform's list intents, which also work before the page's script has loaded.
 */
export function CategoryForm(props: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: CategoryFormDefaults;
  submitLabel: MessageKey;
  disabled?: boolean;
}) {
  const t = useT();
  const [form, fields] = useForm<z.output<typeof CategorySchema>>({
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CategorySchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const tierRows = fields.tiers.getFieldList();
  const criterionRows = fields.criteria.getFieldList();
  const total = criterionRows.reduce((sum, row) => {
    const n = Number(row.getFieldset().maxPoints.value);
    return sum + (Number.isFinite(n) ? n : 0);
  }, 0);
  const platformValues = new Set(
    Array.isArray(fields.platforms.value)
      ? fields.platforms.value
      : fields.platforms.value
        ? [fields.platforms.value]
        : [],
  );

  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors errors={form.errors} />
      <fieldset disabled={props.disabled}>
        <legend>{t("category.basics")}</legend>
        <div className="grid-2">
          <Field
            label={t("category.code")}
            htmlFor={fields.code.id}
            errorId={fields.code.errorId}
            errors={fields.code.errors}
            help={t("category.codeHelp")}
          >
            <input {...getInputProps(fields.code, { type: "text" })} />
          </Field>
          <Field
            label={t("category.name")}
            htmlFor={fields.name.id}
            errorId={fields.name.errorId}
            errors={fields.name.errors}
          >
            <input {...getInputProps(fields.name, { type: "text" })} />
          </Field>
        </div>
        <fieldset className="field choice-group">
          <legend>{t("category.kind")}</legend>
          <div className="choices">
            {(["case", "account"] as const).map((kind) => (
              <label key={kind} className="choice">
                <input
                  type="radio"
                  name={fields.kind.name}
                  value={kind}
                  defaultChecked={fields.kind.initialValue === kind}
                />
                {t(`category.kind.${kind}`)}
              </label>
            ))}
          </div>
          <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
        <Field
          label={t("category.description")}
          htmlFor={fields.description.id}
          errorId={fields.description.errorId}
          errors={fields.description.errors}
        >
          <textarea {...getTextareaProps(fields.description)} rows={3} />
        </Field>
        <div className="grid-2">
          <Field
            label={t("category.summaryMaxLength")}
            htmlFor={fields.summaryMaxLength.id}
            errorId={fields.summaryMaxLength.errorId}
            errors={fields.summaryMaxLength.errors}
          >
            <input {...getInputProps(fields.summaryMaxLength, { type: "number" })} />
          </Field>
          <div className="field checkbox">
            <input {...getInputProps(fields.requiresVideo, { type: "checkbox" })} />
            <label htmlFor={fields.requiresVideo.id}>{t("category.requiresVideo")}</label>
          </div>
        </div>
        <fieldset className="field choice-group">
          <legend>{t("category.platforms")}</legend>
          <div className="choices">
            {PLATFORMS.map((p) => (
              <label key={p} className="choice">
                <input
                  type="checkbox"
                  name={fields.platforms.name}
                  value={p}
                  defaultChecked={platformValues.has(p)}
                />
                {t(`platform.${p}`)}
              </label>
            ))}
          </div>
          <FieldErrors id={fields.platforms.errorId} errors={fields.platforms.errors} />
        </fieldset>
      </fieldset>

      <fieldset disabled={props.disabled}>
        <legend>{t("category.tiers")}</legend>
        <FieldErrors id={fields.tiers.errorId} errors={fields.tiers.errors} />
        <table className="table editable">
          <thead>
            <tr>
              <th scope="col">{t("category.tierName")}</th>
              <th scope="col">{t("category.quota")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("form.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tierRows.map((row, index) => {
              const tier = row.getFieldset();
              return (
                <tr key={row.key ?? index}>
                  <td>
                    <input
                      {...getInputProps(tier.name, { type: "text" })}
                      aria-label={t("category.tierNameN", { n: index + 1 })}
                    />
                    <FieldErrors id={tier.name.errorId} errors={tier.name.errors} />
                  </td>
                  <td>
                    <input
                      {...getInputProps(tier.quota, { type: "number" })}
                      min={0}
                      aria-label={t("category.quotaN", { n: index + 1 })}
                    />
                    <FieldErrors id={tier.quota.errorId} errors={tier.quota.errors} />
                  </td>
                  <td>
                    <button
                      className="link-button"
                      {...form.remove.getButtonProps({ name: fields.tiers.name, index })}
                    >
                      {t("form.remove")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button
          className="button"
          {...form.insert.getButtonProps({ name: fields.tiers.name, defaultValue: { name: "", quota: "" } })}
        >
          {t("category.addTier")}
        </button>
      </fieldset>

      <fieldset disabled={props.disabled}>
        <legend>{t("category.rubric")}</legend>
        <p className={`rubric-total${total === RUBRIC_TOTAL ? " ok" : " bad"}`} aria-live="polite">
          {t("category.rubricTotal", { sum: total, total: RUBRIC_TOTAL })}
        </p>
        <FieldErrors id={fields.criteria.errorId} errors={fields.criteria.errors} />
        <table className="table editable">
          <thead>
            <tr>
              <th scope="col">{t("category.criterion")}</th>
              <th scope="col">{t("category.descriptor")}</th>
              <th scope="col">{t("category.maxPoints")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("form.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {criterionRows.map((row, index) => {
              const c = row.getFieldset();
              return (
                <tr key={row.key ?? index}>
                  <td>
                    <input
                      {...getInputProps(c.name, { type: "text" })}
                      aria-label={t("category.criterionN", { n: index + 1 })}
                    />
                    <FieldErrors id={c.name.errorId} errors={c.name.errors} />
                  </td>
                  <td>
                    <input
                      {...getInputProps(c.descriptor, { type: "text" })}
                      aria-label={t("category.descriptorN", { n: index + 1 })}
                    />
                    <FieldErrors id={c.descriptor.errorId} errors={c.descriptor.errors} />
                  </td>
                  <td>
                    <input
                      {...getInputProps(c.maxPoints, { type: "number" })}
                      min={1}
                      max={100}
                      aria-label={t("category.maxPointsN", { n: index + 1 })}
                    />
                    <FieldErrors id={c.maxPoints.errorId} errors={c.maxPoints.errors} />
                  </td>
                  <td>
                    <button
                      className="link-button"
                      {...form.remove.getButtonProps({ name: fields.criteria.name, index })}
                    >
                      {t("form.remove")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button
          className="button"
          {...form.insert.getButtonProps({
            name: fields.criteria.name,
            defaultValue: { name: "", descriptor: "", maxPoints: "" },
          })}
        >
          {t("category.addCriterion")}
        </button>
      </fieldset>

      {props.disabled ? null : (
        <button type="submit" className="button primary">
          {t(props.submitLabel)}
        </button>
      )}
    </Form>
  );
}
