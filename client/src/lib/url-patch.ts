/**
 * The address bar's query with `patch` applied: a value sets its parameter, undefined or '' removes it, and
 * any change but to one of `keepPage` (the page itself, an opened item) goes back to page one. Read from the
 * address bar rather than a render's copy: two quick changes inside one pending navigation (from, then to)
 * would otherwise drop the first.
 */
export function patchedSearch(
  patch: Record<string, string | undefined>,
  keepPage: readonly string[] = ['page'],
): URLSearchParams {
  const next = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, v);
  }
  if (!keepPage.some((k) => k in patch)) next.delete('page');
  return next;
}
