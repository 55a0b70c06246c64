import { CODE_LABELS } from '@shared/domain/labels';
import en from './en.json';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: string | Tree };

// Each feature may keep its strings in its own pair of files, `features/<namespace>.<lang>.json`, merged
// under `<namespace>.` — so work on one screen never edits another screen's translations.
const featureFiles = import.meta.glob<{ default: Tree }>('./features/*.json', { eager: true });

function withFeatures(base: Tree, lang: 'en' | 'zh-CN'): Tree {
  const out: Tree = { ...base };
  for (const [path, mod] of Object.entries(featureFiles)) {
    const match = /\/([\w-]+)\.(en|zh-CN)\.json$/.exec(path);
    if (match?.[2] === lang) out[match[1] as string] = mod.default;
  }
  return out;
}

/**
 * All translations per language: the shared base, every feature's file, and the words for the domain's codes
 * (status, visit type, outcome) from shared/, which the server's exports and history use too.
 */
export const resources = {
  en: { translation: { ...withFeatures(en as Tree, 'en'), ...CODE_LABELS.en } },
  'zh-CN': { translation: { ...withFeatures(zhCN as Tree, 'zh-CN'), ...CODE_LABELS['zh-CN'] } },
};
