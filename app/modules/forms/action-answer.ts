import { decode } from "turbo-stream";

/*
 * A route action's answer to a form posted to its data address (`/path.data`, `/_root.data` for
 * "/"), the request Remix itself makes for a <Form> submission when scripts run. Used where the
 * page sends that request itself, with XMLHttpRequest, to watch the upload; this reads the answer
 * the way Remix reads it (turbo-stream, with Remix's markers for redirects and errors), so the page
 * then behaves as if Remix had sent the form.
 */

export type ActionAnswer =
  | { kind: "data"; data: unknown }
  | {
      kind: "redirect";
      location: string;
      status: number;
      revalidate: boolean;
      reload: boolean;
      replace: boolean;
    }
  /** The action threw: a Response (status, statusText, data) or an Error (status 500). */
  | { kind: "error"; status: number; statusText: string; data: unknown };

/** The address Remix posts a form to when scripts run: the form's action plus ".data". */
export function actionDataUrl(action: string, origin: string): URL {
  const url = new URL(action, origin);
  url.pathname = url.pathname === "/" ? "/_root.data" : `${url.pathname.replace(/\/$/, "")}.data`;
  return url;
}

type ThrownResponse = { thrown: "response"; data: unknown; status: number; statusText: string };
type ThrownError = { thrown: "error"; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const REDIRECT = Symbol("redirect");

/** Decodes the body of an answer from an action's data address. */
export async function decodeActionAnswer(body: ReadableStream<Uint8Array>): Promise<ActionAnswer> {
  const decoded = await decode(body, {
    plugins: [
      (type, ...rest) => {
        if (type === "SingleFetchRedirect") return { value: { [REDIRECT]: rest[0] } };
        if (type === "ErrorResponse") {
          const [data, status, statusText] = rest;
          const value: ThrownResponse = {
            thrown: "response",
            data,
            status: Number(status),
            statusText: String(statusText ?? ""),
          };
          return { value };
        }
        if (type === "SanitizedError") {
          const value: ThrownError = { thrown: "error", message: String(rest[1] ?? "") };
          return { value };
        }
        return undefined;
      },
      (type, value) => {
        if (type === "SingleFetchClassInstance") return { value };
        if (type === "SingleFetchFallback") return { value: undefined };
        return undefined;
      },
    ],
  });
  await decoded.done;
  const result = decoded.value;
  if (!isObject(result)) throw new Error("Not an action's answer");
  // A redirect arrives as a bare object for actions, wrapped in the marker for loaders.
  const redirect = (REDIRECT in result ? result[REDIRECT] : "redirect" in result ? result : null) as
    | Record<string, unknown>
    | null
    | undefined;
  if (isObject(redirect) && typeof redirect.redirect === "string") {
    return {
      kind: "redirect",
      location: redirect.redirect,
      status: Number(redirect.status) || 302,
      revalidate: redirect.revalidate === true,
      reload: redirect.reload === true,
      replace: redirect.replace === true,
    };
  }
  if ("error" in result) {
    const error = result.error as ThrownResponse | ThrownError | undefined;
    if (error?.thrown === "response") {
      return { kind: "error", status: error.status, statusText: error.statusText, data: error.data };
    }
    return { kind: "error", status: 500, statusText: "", data: error?.message ?? null };
  }
  if ("data" in result) return { kind: "data", data: result.data };
  throw new Error("Not an action's answer");
}
