/*
 * Form fields of the design system. The implementation lives in ~/components/field (used by the
 * forms written before this folder existed); this is the one place new code imports them from.
 */
export { Field, FieldErrors, FormErrors } from "~/components/field";
