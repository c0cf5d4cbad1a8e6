import { createContext, useContext } from "react";

/*
 * The per-request nonce of the Content-Security-Policy (made in server/app.js): the only inline
 * scripts the browser runs are Remix's, which carry it.
 */
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
