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
import { Field, FormErrors } from "~/components/field";
import { EditionSchema } from "~/modules/editions/schema";
import type { MessageKey } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";

export type EditionFormDefaults = Partial<Record<string, string | boolean | number | null | undefined>>;

type InputField = {
  name:
    | "name"
    | "slug"
    | "year"
    | "statsFrom"
    | "statsTo"
    | "submissionOpensAt"
    | "submissionClosesAt"
    | "judgingStartsAt"
    | "judgingEndsAt"
    | "noticeStartsAt"
    | "noticeEndsAt"
    | "ceremonyAt"
    | "judgesPerEntry"
    | "entriesPerUnitPerCategory"
    | "trimFrom"
    | "dataWeightPercent";
  type: "text" | "number" | "date" | "datetime-local";
  label: MessageKey;
  help?: MessageKey;
};

const BASICS: InputField[] = [
  { name: "name", type: "text", label: "edition.name" },
  { name: "slug", type: "text", label: "edition.slug", help: "edition.slugHelp" },
  { name: "year", type: "number", label: "edition.year" },
];
const TIMELINE: InputField[] = [
  { name: "statsFrom", type: "date", label: "edition.statsFrom" },
  { name: "statsTo", type: "date", label: "edition.statsTo" },
  { name: "submissionOpensAt", type: "datetime-local", label: "edition.submissionOpensAt" },
  { name: "submissionClosesAt", type: "datetime-local", label: "edition.submissionClosesAt" },
  { name: "judgingStartsAt", type: "datetime-local", label: "edition.judgingStartsAt" },
  { name: "judgingEndsAt", type: "datetime-local", label: "edition.judgingEndsAt" },
  { name: "noticeStartsAt", type: "datetime-local", label: "edition.noticeStartsAt" },
  { name: "noticeEndsAt", type: "datetime-local", label: "edition.noticeEndsAt" },
  { name: "ceremonyAt", type: "datetime-local", label: "edition.ceremonyAt" },
];
const SETTINGS: InputField[] = [
  { name: "judgesPerEntry", type: "number", label: "edition.judgesPerEntry" },
  { name: "entriesPerUnitPerCategory", type: "number", label: "edition.entriesPerUnitPerCategory" },
  { name: "trimFrom", type: "number", label: "edition.trimFrom", help: "edition.trimFromHelp" },
  {
    name: "dataWeightPercent",
    type: "number",
    label: "edition.dataWeightPercent",
    help: "edition.dataWeightHelp",
  },
];

/** Create and edit an edition: basics, timeline (China Standard Time) and judging settings. */
export function EditionForm(props: {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue?: EditionFormDefaults;
  submitLabel: MessageKey;
  disabled?: boolean;
}) {
  const t = useT();
  const [form, fields] = useForm<z.output<typeof EditionSchema>>({
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const input = (f: InputField) => {
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
          {...getInputProps<string | number | undefined, { type: InputField["type"] }>(meta, {
            type: f.type,
          })}
          disabled={props.disabled}
        />
      </Field>
    );
  };
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors errors={form.errors} />
      <fieldset>
        <legend>{t("edition.basics")}</legend>
        {BASICS.map(input)}
        <Field
          label={t("edition.organizers")}
          htmlFor={fields.organizers.id}
          errorId={fields.organizers.errorId}
          errors={fields.organizers.errors}
          help={t("edition.organizersHelp")}
        >
          <textarea {...getTextareaProps(fields.organizers)} rows={3} disabled={props.disabled} />
        </Field>
        <Field
          label={t("edition.description")}
          htmlFor={fields.description.id}
          errorId={fields.description.errorId}
          errors={fields.description.errors}
        >
          <textarea {...getTextareaProps(fields.description)} rows={4} disabled={props.disabled} />
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t("edition.timeline")}</legend>
        <p className="field-help">{t("edition.timezoneHelp")}</p>
        <div className="grid-2">{TIMELINE.map(input)}</div>
      </fieldset>
      <fieldset>
        <legend>{t("edition.settings")}</legend>
        <div className="grid-2">{SETTINGS.map(input)}</div>
        <div className="field checkbox">
          <input {...getInputProps(fields.blindReview, { type: "checkbox" })} disabled={props.disabled} />
          <label htmlFor={fields.blindReview.id}>{t("edition.blindReview")}</label>
        </div>
        <div className="field checkbox">
          <input
            {...getInputProps(fields.conflictSameRegion, { type: "checkbox" })}
            disabled={props.disabled}
          />
          <label htmlFor={fields.conflictSameRegion.id}>{t("edition.conflictSameRegion")}</label>
        </div>
        <div className="field checkbox">
          <input {...getInputProps(fields.normaliseScores, { type: "checkbox" })} disabled={props.disabled} />
          <label htmlFor={fields.normaliseScores.id}>{t("edition.normaliseScores")}</label>
        </div>
      </fieldset>
      {props.disabled ? null : (
        <button type="submit" className="button primary" name="intent" value="save">
          {t(props.submitLabel)}
        </button>
      )}
    </Form>
  );
}
