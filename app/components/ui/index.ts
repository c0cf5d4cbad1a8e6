/** The shared components of the design system (styles: app/styles/app.css). */
export { Button, ButtonLink, buttonClass } from "./button";
export { type Column, DataTable, Pager } from "./data-table";
export { EmptyState } from "./empty-state";
export { Field, FieldErrors, FormErrors } from "./field";
export { ProgressBar, percent } from "./progress-bar";
export { parseSort, type Sort, type SortDir, sortHref, sortRows } from "./sort";
export { Badge, entryTone, phaseTone, StatusBadge, type Tone } from "./status-badge";
export { ToastRegion } from "./toast";
