import type { ReactNode } from "react";
import { translateMessage } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";

/** Field errors from conform carry locale keys; this shows them in the user's language. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const t = useT();
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={id} className="field-errors" aria-live="polite">
      {errors.map((e) => (
        <li key={e}>{translateMessage(t, e)}</li>
      ))}
    </ul>
  );
}

/** A labelled input with its help text and inline errors. */
export function Field(props: {
  label: string;
  htmlFor: string;
  errorId: string;
  errors?: string[];
  help?: string;
  children: ReactNode;
}) {
  return (
    <div className={`field${props.errors?.length ? " field-invalid" : ""}`}>
      <label htmlFor={props.htmlFor}>{props.label}</label>
      {props.children}
      {props.help ? <p className="field-help">{props.help}</p> : null}
      <FieldErrors id={props.errorId} errors={props.errors} />
    </div>
  );
}

/** Errors of the whole form (e.g. "wrong email or password"). */
export function FormErrors({ errors }: { errors?: string[] }) {
  const t = useT();
  if (!errors || errors.length === 0) return null;
  return (
    <div className="form-errors" role="alert">
      {errors.map((e) => (
        <p key={e}>{translateMessage(t, e)}</p>
      ))}
    </div>
  );
}
