import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FieldErrors, FormErrors } from "~/components/field";
import { useT } from "~/modules/i18n/use-t";
import type { UnitStatus } from "~/modules/units/schema";

/** A status in the organizer's and the unit's words, coloured like the other badges. */
export function UnitStatusBadge({ status }: { status: UnitStatus }) {
  const t = useT();
  const tone = status === "approved" ? "badge-open" : status === "pending" ? "badge-review" : "mail-failed";
  return (
    <span className={`badge ${tone}`} style={{ whiteSpace: "nowrap" }}>
      {t(`unit.status.${status}`)}
    </span>
  );
}

/**
 * Approve and reject buttons for a registration; rejecting asks for the reason the unit will read.
 * `unitId` is sent along for the list page, whose one action serves every row.
 */
export function ReviewForms(props: {
  unitId: number;
  status: UnitStatus;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const t = useT();
  const reasonErrors = props.lastResult?.error?.reason ?? undefined;
  const formErrors = props.lastResult?.error?.[""] ?? undefined;
  const typedReason = (props.lastResult?.initialValue?.reason as string | undefined) ?? "";
  const errorId = `reason-error-${props.unitId}`;
  return (
    <div className="stack">
      <FormErrors errors={formErrors} />
      <div className="row">
        <Form method="post" className="inline-form">
          <input type="hidden" name="unitId" value={props.unitId} />
          <button type="submit" name="intent" value="approve" className="button primary">
            {t("unit.approve")}
          </button>
        </Form>
        {props.status === "pending" ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="unitId" value={props.unitId} />
            <label className="visually-hidden" htmlFor={`reason-${props.unitId}`}>
              {t("unit.rejectReason")}
            </label>
            <input
              id={`reason-${props.unitId}`}
              name="reason"
              type="text"
              maxLength={500}
              placeholder={t("unit.rejectReason")}
              defaultValue={typedReason}
              aria-invalid={reasonErrors ? true : undefined}
              aria-describedby={reasonErrors ? errorId : undefined}
            />
            <button type="submit" name="intent" value="reject" className="button danger">
              {t("unit.reject")}
            </button>
            <FieldErrors id={errorId} errors={reasonErrors} />
          </Form>
        ) : null}
      </div>
    </div>
  );
}
