/**
 * What in a provider's settings could carry a credential, so an export leaves it out: headers named like one
 * (Authorization, X-Api-Key, X-Auth-Token, Cookie...) or whose value looks like one (`Bearer ...`, `sk-...`),
 * and the user name, password and key-like query parameters of a URL.
 */

/** Header and query parameter names that carry credentials. */
const CREDENTIAL_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|passw(or)?d|auth|session|signature|credential|(^|[-_])(key|sig|code)($|[-_])/i;
/** Values that look like a credential whatever the header is called. */
const CREDENTIAL_VALUE =
  /^(bearer|basic|token|digest)\s|\b(sk|pk|rk|gsk|xai|hf|ghp|glpat)[-_][A-Za-z0-9_-]{12,}|^AIza[0-9A-Za-z_-]{20,}/i;

/** The headers the settings store refuses outright (settings.ts): importing one would fail. */
export const REFUSED_HEADER =
  /^(authorization|proxy-authorization|x-api-key|api-key|x-goog-api-key|cookie)$/i;

export function isCredentialHeader(name: string, value: string): boolean {
  return CREDENTIAL_NAME.test(name) || CREDENTIAL_VALUE.test(value.trim());
}

/** The URL without user name, password or key-like query parameters; unparsable text is returned as is. */
export function withoutUrlCredentials(url: string): { url: string; removed: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, removed: false };
  }
  let removed = parsed.username !== '' || parsed.password !== '';
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (CREDENTIAL_NAME.test(name) || CREDENTIAL_VALUE.test(parsed.searchParams.get(name) ?? '')) {
      parsed.searchParams.delete(name);
      removed = true;
    }
  }
  if (!removed) return { url, removed: false };
  // URL writes a slash after a bare host: keep the text as the user wrote it.
  const text = parsed.toString();
  const wroteSlash = parsed.pathname !== '/' || url.toLowerCase().includes(`${parsed.host}/`);
  return { url: wroteSlash ? text : text.replace(`${parsed.host}/`, parsed.host), removed };
}
