import { type ClientActionFunctionArgs, redirect } from "@remix-run/react";
import { actionDataUrl, decodeActionAnswer } from "~/modules/forms/action-answer";
import { useT } from "~/modules/i18n/use-t";
import { formatMegabytes } from "~/modules/storage/file-type";
import { ProgressBar, percent } from "./progress-bar";
import { createStore } from "./store";

/*
 * Upload progress for the forms that send files. fetch cannot report how much of a request body
 * has gone out, so a file form is sent with XMLHttpRequest instead, from the route's client action
 * (`export const clientAction = uploadWithProgress`): to the same address Remix would use, and
 * its answer is followed as Remix would follow it (a redirect navigates, data becomes the action
 * data, so field errors show in the form as after a plain post). Other forms of the route go as
 * usual, and without scripts every form is the plain post it always was.
 */

export type UploadState =
  | { status: "idle" }
  | { status: "sending"; loaded: number; total: number }
  /** Every byte is sent; the server is storing and checking the files. */
  | { status: "processing"; total: number };

const IDLE: UploadState = { status: "idle" };
const upload = createStore<UploadState>(IDLE);

/** The upload of this page, if one is under way. */
export function useUploadProgress(): UploadState {
  return upload.useValue();
}

type Sent = { status: number; statusText: string; fromRemix: boolean; body: ArrayBuffer };

function send(url: URL, body: FormData, signal: AbortSignal): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "arraybuffer";
    xhr.upload.onloadstart = (event) => upload.set({ status: "sending", loaded: 0, total: event.total });
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) upload.set({ status: "sending", loaded: event.loaded, total: event.total });
    };
    xhr.upload.onload = () => {
      const current = upload.get();
      upload.set({ status: "processing", total: current.status === "idle" ? 0 : current.total });
    };
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        statusText: xhr.statusText,
        fromRemix: xhr.getResponseHeader("X-Remix-Response") === "yes",
        body: xhr.response as ArrayBuffer,
      });
    // As fetch would fail, so the page shows what it shows when Remix's own request fails.
    xhr.onerror = () => reject(new TypeError("Failed to fetch"));
    xhr.onabort = () => reject(signal.reason ?? new DOMException("Aborted", "AbortError"));
    if (signal.aborted) return xhr.abort();
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** What the action answered, turned into what a client action returns or throws. */
async function follow(sent: Sent): Promise<unknown> {
  const text = () => new TextDecoder().decode(sent.body);
  // Answered by something in front of the action (the same-origin check, a proxy's size limit).
  if (!sent.fromRemix) throw new Response(text(), { status: sent.status, statusText: sent.statusText });
  if (sent.status === 204 || sent.status === 205) return null;
  const answer = await decodeActionAnswer(new Blob([sent.body]).stream());
  if (answer.kind === "redirect") {
    const headers = new Headers();
    if (answer.revalidate) headers.set("X-Remix-Revalidate", "yes");
    if (answer.reload) headers.set("X-Remix-Reload-Document", "yes");
    if (answer.replace) headers.set("X-Remix-Replace", "yes");
    return redirect(answer.location, { status: answer.status, headers });
  }
  if (answer.kind === "error") {
    const init = { status: answer.status, statusText: answer.statusText };
    throw typeof answer.data === "string"
      ? new Response(answer.data, init)
      : Response.json(answer.data, init);
  }
  return answer.data;
}

/** A route's client action: file forms go with upload progress, every other form as usual. */
export async function uploadWithProgress({ request, serverAction }: ClientActionFunctionArgs) {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return serverAction();
  const body = await request.formData();
  try {
    return await follow(await send(actionDataUrl(request.url, window.location.origin), body, request.signal));
  } finally {
    upload.set(IDLE);
  }
}

/**
 * The bar of the upload under way: bytes sent of the total and the percentage, then a message
 * (in a polite live region, present from the start so it is announced) once every byte is sent.
 */
export function UploadProgress() {
  const t = useT();
  const state = useUploadProgress();
  const total = state.status === "idle" ? 0 : state.total;
  const loaded = state.status === "sending" ? state.loaded : total;
  return (
    <div className="upload-progress">
      {state.status === "idle" ? null : (
        <ProgressBar
          label={t("upload.progress")}
          value={loaded}
          max={total}
          valueText={t("upload.progressValue", {
            loaded: loaded === 0 ? "0 KB" : formatMegabytes(loaded),
            total: formatMegabytes(total),
            percent: percent(loaded, total),
          })}
        />
      )}
      <div role="status" className="muted">
        {state.status === "processing" ? t("upload.processing") : null}
      </div>
    </div>
  );
}
