import { useState } from 'react';
import type { z } from 'zod';
import { currentLanguage } from '../i18n';
import { type FormInput, formRefusal } from './form-input';
import { errorInfo } from './trpc';

/**
 * Ties a form's field errors to the shared schema and to the server: a form checks its input with the
 * procedure's schema before sending (`check`), and the server's refusal (`apply`) is shown the same way — field
 * messages next to their fields, the translated message kept for the form (an alert or under its one field).
 */
export function useServerErrors(form: { setErrors: (errors: Record<string, string>) => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const show = (info: { message: string | null; fieldErrors: Record<string, string> }) => {
    setMessage(info.message);
    form.setErrors(Object.fromEntries(Object.entries(info.fieldErrors).filter(([path]) => path !== '_')));
  };
  return {
    message,
    clear: () => setMessage(null),
    apply: (error: unknown) => show(errorInfo(error)),
    /** The input to send (earlier messages cleared), or null after showing what the server would refuse in it. */
    check<S extends z.ZodType, V>(input: FormInput<S, V>, values: V): z.input<S> | null {
      const refusal = formRefusal(input, values, currentLanguage());
      show(refusal ?? { message: null, fieldErrors: {} });
      return refusal ? null : input.build(values);
    },
  };
}

/** useServerErrors for a form that keeps its values itself: it owns the field errors too. */
export function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const server = useServerErrors({ setErrors });
  return {
    ...server,
    errors,
    clear: () => {
      server.clear();
      setErrors({});
    },
  };
}
