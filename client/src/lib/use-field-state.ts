import { type ChangeEvent, useState } from 'react';

/**
 * Values and errors of a small form without a form library (the sign-in screens are in every first download):
 * `field(name)` gives an input its value, its error and an onChange that clears that error.
 */
export function useFieldState<K extends string>(initial: Record<K, string>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const field = (name: K) => ({
    value: values[name],
    error: errors[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [name]: value }));
      setErrors(({ [name]: _, ...rest }) => rest);
    },
  });
  return { values, errors, setErrors, field };
}
