import type { CodeLabels } from '@shared/domain/labels';
import type { Language } from './index';

/** A translation tree: nested keys down to strings. */
export type Tree = { [key: string]: string | Tree };

// Each feature may keep its strings in its own pair of files, `features/<namespace>.<lang>.json`, merged
// under `<namespace>.` — so work on one screen never edits another screen's translations.
/**
 * One language's translations: the shared base, its feature files (as `import.meta.glob` gives them) and the
 * words for the domain's codes (status, visit type, outcome) from shared/, which the server's exports and
 * history use too.
 */
export function withFeatures(base: Tree, featureFiles: Record<string, { default: Tree }>, codes: CodeLabels): Tree {
  const out: Tree = { ...base };
  for (const [path, mod] of Object.entries(featureFiles)) {
    const match = /\/([\w-]+)\.(en|zh-CN)\.json$/.exec(path);
    if (match) out[match[1] as string] = mod.default;
  }
  return { ...out, ...codes };
}

/**
 * One language's translations, fetched when it is first needed: a page downloads only the language it shows
 * (each is its own chunk, ~10 KB gzip), and switching language loads the other.
 */
export async function loadTranslations(lang: Language): Promise<Tree> {
  const bundle = lang === 'zh-CN' ? await import('./bundles/zh-CN') : await import('./bundles/en');
  return bundle.default;
}
