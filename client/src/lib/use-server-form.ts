import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from '../i18n';
import { errorInfo } from './trpc';

/** What a form shows of a refusal: the translated message for the form and one message per field. */
interface FormMessages {
  message: string | null;
  fieldErrors: Record<string, string>;
  /** The language the message is in (errorInfo: the server's answer says); unset: the UI's current one. */
  language?: Language;
}

/**
 * Ties a form to server errors: zod/AppError field errors go next to their fields,
 * the translated message is kept for an alert above the form.
 */
export function useServerErrors(form: { setErrors: (errors: Record<string, string>) => void }) {
  // Re-renders on a language switch, so a message in the language left behind is no longer shown.
  useTranslation();
  const [shown, setShown] = useState<{ message: string; language: Language } | null>(null);
  /** Shows a refusal (the server's, or the same one worked out before sending by use-form-errors.ts). */
  const show = (info: FormMessages) => {
    // The language the message is written in, as its answer says: a request sent before a switch answers in the
    // old language even if the answer arrives after the click.
    setShown(info.message === null ? null : { message: info.message, language: info.language ?? currentLanguage() });
    form.setErrors(Object.fromEntries(Object.entries(info.fieldErrors).filter(([path]) => path !== '_')));
  };
  return {
    // After a switch it would sit in the old language under a title in the new one, so it goes until the next
    // submit asks again, in the new language.
    message: shown && shown.language === currentLanguage() ? shown.message : null,
    clear: () => setShown(null),
    apply: (error: unknown) => show(errorInfo(error)),
    show,
  };
}
