/*
 * What a route's action takes in a posted body, declared in its `handle` and read by the HTTP
 * server before the body (server/requests.js): by default a plain form of a few KB; "long" for
 * forms with long texts or many rows; "upload" for routes that stream multipart files themselves
 * (with their own per-file limits). Anything larger is refused with 413 before any parsing.
 */
export type BodyKind = "long" | "upload";

export const longForm = { body: "long" } as const satisfies { body: BodyKind };
export const uploadForm = { body: "upload" } as const satisfies { body: BodyKind };
