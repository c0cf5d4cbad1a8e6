import { useState } from "react";
import { translateMessage } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import type { ShownToast } from "~/modules/toast";

/**
 * The message after an action (see flash.server.ts). A polite live region, so screen readers
 * announce it without moving focus; it fades by itself (CSS, works without JavaScript) and can
 * be closed.
 */
export function ToastRegion({ toast }: { toast: ShownToast | null }) {
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast ? <ToastMessage key={toast.id} toast={toast} /> : null}
    </div>
  );
}

function ToastMessage({ toast }: { toast: ShownToast }) {
  const t = useT();
  const [open, setOpen] = useState(true);
  if (!open) return null;
  return (
    <div className={`toast tone-${toast.tone}`}>
      <p>{translateMessage(t, toast.key)}</p>
      <button type="button" onClick={() => setOpen(false)} aria-label={t("toast.dismiss")}>
        ×
      </button>
    </div>
  );
}
