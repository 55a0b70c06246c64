import { useState } from 'react';
import { errorInfo } from './trpc';

/** What a form shows of a refusal: the translated message for the form and one message per field. */
interface FormMessages {
  message: string | null;
  fieldErrors: Record<string, string>;
}

/**
 * Ties a form to server errors: zod/AppError field errors go next to their fields,
 * the translated message is kept for an alert above the form.
 */
export function useServerErrors(form: { setErrors: (errors: Record<string, string>) => void }) {
  const [message, setMessage] = useState<string | null>(null);
  /** Shows a refusal (the server's, or the same one worked out before sending by use-form-errors.ts). */
  const show = (info: FormMessages) => {
    setMessage(info.message);
    form.setErrors(Object.fromEntries(Object.entries(info.fieldErrors).filter(([path]) => path !== '_')));
  };
  return {
    message,
    clear: () => setMessage(null),
    apply: (error: unknown) => show(errorInfo(error)),
    show,
  };
}
