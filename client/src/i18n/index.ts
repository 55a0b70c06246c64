import i18next, { type BackendModule } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { loadTranslations } from './resources';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Any browser tag starting with "zh" means Simplified Chinese here; everything else falls back to English. */
function toSupported(tag: string): Language {
  return tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

// Fetches a language's chunk when i18next first needs it (at start, and on a switch).
const lazyTranslations: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (lng, _ns, done) => {
    loadTranslations(toSupported(lng)).then(
      (tree) => done(null, tree),
      (err: unknown) => done(err as Error, false),
    );
  },
};

export const i18n = i18next.createInstance();

/** Resolves once the detected language's strings are loaded: render nothing before (main.tsx waits for it). */
export const i18nReady = i18n
  .use(lazyTranslations)
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    supportedLngs: [...LANGUAGES],
    // Both languages have every key (test/unit/client/i18n.test.ts), so a Chinese page need not also
    // download English as a fallback.
    fallbackLng: false,
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: 'doorstep.language',
      caches: ['localStorage'],
      convertDetectedLanguage: toSupported,
    },
  })
  .then(() => {
    document.documentElement.lang = i18n.resolvedLanguage ?? 'en';
  });

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

/** The current UI language as one of the supported tags (for Intl formatting). */
export function currentLanguage(): Language {
  return toSupported(i18n.resolvedLanguage ?? i18n.language ?? 'en');
}

// The language a switch asked for while its strings still download: i18next changes `resolvedLanguage` only once
// they are in, so a request sent right after a click on 中文 went out in English and its answer stayed English on
// a page that turned Chinese a moment later (errors-and-language e2e, at load).
let switchingTo: Language | null = null;

/** Switches the UI language; requests sent from now on already ask for it (requestLanguage). */
export async function switchLanguage(lng: Language): Promise<void> {
  switchingTo = lng;
  try {
    await i18n.changeLanguage(lng);
  } finally {
    if (switchingTo === lng) switchingTo = null;
  }
}

/** The language the server should answer in (x-doorstep-locale): the one being switched to, else the current one. */
export function requestLanguage(): Language {
  return switchingTo ?? currentLanguage();
}
