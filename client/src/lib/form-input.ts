import type { Locale } from '@shared/errors';
import { checkInput, type InputRefusal } from '@shared/validation-messages';
import type { z } from 'zod';

/**
 * A form that sends one procedure's input: the procedure's own schema (the object its router's `.input()` holds,
 * from shared/schemas) and how the form's values become that input. The form checks the input with that schema
 * before sending, so it refuses exactly what the server refuses, in the server's words.
 */
export interface FormInput<S extends z.ZodType, V> {
  schema: S;
  build: (values: V) => z.input<S>;
}

/** A form's input and schema; without `build` the form's values are the input as they are. */
export function formInput<S extends z.ZodType, V = z.input<S>>(
  schema: S,
  build: (values: V) => z.input<S> = (values) => values as z.input<S>,
): FormInput<S, V> {
  return { schema, build };
}

/** What the server would answer to the form's values (null when its schema accepts them). */
export function formRefusal<S extends z.ZodType, V>(
  form: FormInput<S, V>,
  values: V,
  locale: Locale,
): InputRefusal | null {
  return checkInput(form.schema, form.build(values), locale);
}
