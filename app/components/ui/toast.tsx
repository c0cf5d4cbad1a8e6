import { useEffect, useRef, useState } from "react";
import { translateMessage } from "~/modules/i18n/i18n";
import { useT } from "~/modules/i18n/use-t";
import type { ShownToast, Toast } from "~/modules/toast";
import { createStore } from "./store";

const shownHere = createStore<ShownToast | null>(null);

/**
 * Shows a message from browser code, after work the page did without an action's redirect (the
 * streamed tally): the message a redirect would have carried in its cookie.
 */
export function showToast(toast: Toast): void {
  shownHere.set({ ...toast, id: crypto.randomUUID() });
}

/**
 * The message after an action (see flash.server.ts), or one shown since by showToast, whichever
 * came last. A polite live region, so screen readers announce it without moving focus; it fades
 * by itself (CSS, works without JavaScript) and can be closed.
 */
export function ToastRegion({ toast }: { toast: ShownToast | null }) {
  const local = shownHere.useValue();
  const serverId = useRef(toast?.id);
  // A page arriving with a message of its own replaces one shown here before.
  useEffect(() => {
    if (toast && toast.id !== serverId.current) shownHere.set(null);
    serverId.current = toast?.id;
  }, [toast]);
  const shown = local ?? toast;
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {shown ? <ToastMessage key={shown.id} toast={shown} /> : null}
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
