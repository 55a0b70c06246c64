import { useState } from 'react';
import type { z } from 'zod';
import { currentLanguage } from '../i18n';
import { type FormInput, formRefusal } from './form-input';
import { useServerErrors } from './use-server-form';

/**
 * The errors of a form that keeps its values itself and sends one procedure's input: `check` refuses, before
 * sending, what the procedure's schema refuses, in the server's words; `apply` shows the server's refusal the same
 * way — field messages next to their fields, the form's message for an alert or under its one field. (Kept apart
 * from use-server-form.ts so the sign-in screens do not download the message catalogue.)
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const server = useServerErrors({ setErrors });
  return {
    errors,
    message: server.message,
    apply: server.apply,
    clear: () => server.show({ message: null, fieldErrors: {} }),
    /** The input to send (earlier messages cleared), or null after showing what the server would refuse in it. */
    check<S extends z.ZodType, V>(input: FormInput<S, V>, values: V): z.input<S> | null {
      const refusal = formRefusal(input, values, currentLanguage());
      server.show(refusal ?? { message: null, fieldErrors: {} });
      return refusal ? null : input.build(values);
    },
  };
}
