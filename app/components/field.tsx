import { cloneElement, isValidElement, type ReactNode } from "react";
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

/**
 * A labelled input with its help text and inline errors. When the child is one element, it is
 * wired to them: aria-describedby names the help and the errors, aria-invalid is set while
 * there are errors (conform's getInputProps does part of this; this completes it).
 */
export function Field(props: {
  label: string;
  htmlFor: string;
  errorId: string;
  errors?: string[];
  help?: string;
  /** Id of the help text; defaults to `${htmlFor}-help`. */
  helpId?: string;
  children: ReactNode;
}) {
  const invalid = Boolean(props.errors?.length);
  const helpId = props.help ? (props.helpId ?? `${props.htmlFor}-help`) : undefined;
  const child = props.children;
  let wired = child;
  if (
    isValidElement<{ "aria-describedby"?: string; "aria-invalid"?: boolean | "true" | "false" }>(child) &&
    typeof child.type === "string"
  ) {
    // Keep what the input already names (e.g. a character counter), add help and errors, no repeats.
    const own = (child.props["aria-describedby"] ?? "").split(" ").filter((id) => id && id !== props.errorId);
    const ids = [...new Set([...own, helpId, invalid ? props.errorId : undefined].filter(Boolean))];
    wired = cloneElement(child, {
      "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
      "aria-invalid": invalid ? true : child.props["aria-invalid"],
    });
  }
  return (
    <div className={`field${invalid ? " field-invalid" : ""}`}>
      <label htmlFor={props.htmlFor}>{props.label}</label>
      {wired}
      {props.help ? (
        <p className="field-help" id={helpId}>
          {props.help}
        </p>
      ) : null}
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
