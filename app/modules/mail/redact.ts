/*
 * What an organizer may read of a queued message. The outbox keeps every message whole, because it
 * goes out whole; but a password-reset or invitation link in it is a credential of its recipient,
 * and an organizer who could read it could take over that account. So the organizer's mail page
 * shows messages with every secret link replaced by SECRET_MARK.
 */

export const SECRET_MARK = "•••";

/** Paths whose last segment is a credential (the token of an invitation or of a password reset). */
const SECRET_PATH = /(\/(?:invite|reset-password)\/)[^\s"'<>&\])]+/g;

/*
 * Any other token: the portal's tokens are 32 random bytes in base64url (43 characters). A run of
 * 32 or more such characters with both upper- and lower-case letters is taken for one, wherever it
 * stands, so a token link added later is hidden without being listed here. Lower-case runs such as
 * an edition's slug stay readable.
 */
const TOKEN_LIKE = /[A-Za-z0-9_-]{32,}/g;

function looksRandom(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run);
}

export function redactSecrets(content: string): string {
  return content
    .replace(SECRET_PATH, (_match, prefix: string) => `${prefix}${SECRET_MARK}`)
    .replace(TOKEN_LIKE, (run) => (looksRandom(run) ? SECRET_MARK : run));
}
