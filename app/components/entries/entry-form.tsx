import {
  getFormProps,
  getInputProps,
  getTextareaProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useState } from "react";
import type { z } from "zod";
import type { Platform } from "#db/schema/editions";
import { Field, FormErrors } from "~/components/field";
import { EntryDraftSchema } from "~/modules/entries/schema";
import type { MessageKey } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";

export type EntryFormProps = {
  lastResult: SubmissionResult<string[]> | null | undefined;
  defaultValue: Record<string, string | undefined>;
  kind: "case" | "account";
  requiresVideo: boolean;
  summaryMaxLength: number;
  platforms: Platform[];
  accounts: { id: number; name: string; platform: Platform }[];
  statsWindow: string;
  disabled: boolean;
  /** Already submitted once: saving keeps it submitted, so the button says so. */
  submitted: boolean;
};

const METRICS = ["reads", "plays", "likes", "shares", "comments"] as const;

/**
 * The entry form. "Save draft" keeps whatever is filled in; "Submit" asks the server to check
 * completeness, which answers with field-level messages.
 */
export function EntryForm(props: EntryFormProps) {
  const t = useT();
  const [form, fields] = useForm<z.output<typeof EntryDraftSchema>>({
    lastResult: props.lastResult,
    defaultValue: props.defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EntryDraftSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const [summaryLength, setSummaryLength] = useState([...(props.defaultValue.summary ?? "")].length);
  const over = summaryLength > props.summaryMaxLength;
  const text = (
    name: "title" | "link" | "videoLink",
    label: MessageKey,
    type: "text" | "url",
    help?: string,
  ) => (
    <Field
      label={t(label)}
      htmlFor={fields[name].id}
      errorId={fields[name].errorId}
      errors={fields[name].errors}
      help={help}
    >
      <input {...getInputProps(fields[name], { type })} disabled={props.disabled} />
    </Field>
  );
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="version" value={props.defaultValue.version} />
      <fieldset disabled={props.disabled}>
        <legend>{t("entry.basics")}</legend>
        {text("title", "entry.title", "text")}
        <div className="grid-2">
          <Field
            label={t("entry.account")}
            htmlFor={fields.accountId.id}
            errorId={fields.accountId.errorId}
            errors={fields.accountId.errors}
            help={props.accounts.length === 0 ? t("entry.noAccounts") : undefined}
          >
            <select
              {...getInputProps(fields.accountId, { type: "text" })}
              defaultValue={props.defaultValue.accountId}
            >
              <option value="">{t("entry.choose")}</option>
              {props.accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {t("ui.withNote", { text: a.name, note: t(`platform.${a.platform}`) })}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label={t("entry.platform")}
            htmlFor={fields.platform.id}
            errorId={fields.platform.errorId}
            errors={fields.platform.errors}
          >
            <select
              {...getInputProps(fields.platform, { type: "text" })}
              defaultValue={props.defaultValue.platform}
            >
              <option value="">{t("entry.choose")}</option>
              {props.platforms.map((p) => (
                <option key={p} value={p}>
                  {t(`platform.${p}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {props.kind === "case" ? (
          <div className="grid-2">
            {text("link", "entry.link", "url", t("entry.linkHelp"))}
            <Field
              label={t("entry.publishDate")}
              htmlFor={fields.publishDate.id}
              errorId={fields.publishDate.errorId}
              errors={fields.publishDate.errors}
              help={t("entry.publishDateHelp", { window: props.statsWindow })}
            >
              <input {...getInputProps(fields.publishDate, { type: "date" })} />
            </Field>
          </div>
        ) : null}
        <Field
          label={t("entry.summary")}
          htmlFor={fields.summary.id}
          errorId={fields.summary.errorId}
          errors={fields.summary.errors}
        >
          <textarea
            {...getTextareaProps(fields.summary)}
            rows={8}
            onInput={(e) => setSummaryLength([...e.currentTarget.value].length)}
          />
          <p className={`counter${over ? " over" : ""}`} aria-live="polite">
            {t("entry.summaryCount", { n: summaryLength, max: props.summaryMaxLength })}
          </p>
        </Field>
        {props.requiresVideo ? text("videoLink", "entry.videoLink", "url", t("entry.videoHelp")) : null}
      </fieldset>
      <fieldset disabled={props.disabled}>
        <legend>{t("entry.metrics")}</legend>
        <p className="field-help">{t("entry.metricsHelp")}</p>
        <div className="grid-5">
          {METRICS.map((m) => (
            <Field
              key={m}
              label={t(`entry.metric.${m}`)}
              htmlFor={fields[m].id}
              errorId={fields[m].errorId}
              errors={fields[m].errors}
            >
              <input {...getInputProps(fields[m], { type: "text" })} inputMode="numeric" />
            </Field>
          ))}
        </div>
      </fieldset>
      {props.disabled ? null : (
        <div className="row">
          <button type="submit" name="intent" value="save" className="button">
            {t(props.submitted ? "entry.saveChanges" : "entry.saveDraft")}
          </button>
          <button type="submit" name="intent" value="submit" className="button primary">
            {t("entry.submit")}
          </button>
        </div>
      )}
    </Form>
  );
}
