import { useState } from 'react';
import { errorInfo } from './trpc';

/**
 * Ties a Mantine form to server errors: zod/AppError field errors go next to their fields,
 * the translated message is kept for an alert above the form.
 */
export function useServerErrors(form: { setErrors: (errors: Record<string, string>) => void }) {
  const [message, setMessage] = useState<string | null>(null);
  return {
    message,
    clear: () => setMessage(null),
    apply: (error: unknown) => {
      const info = errorInfo(error);
      setMessage(info.message);
      const fields = Object.fromEntries(Object.entries(info.fieldErrors).filter(([path]) => path !== '_'));
      form.setErrors(fields);
    },
  };
}
