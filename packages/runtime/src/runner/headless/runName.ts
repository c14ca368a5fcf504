import { RunNameInvalidError } from './headlessErrors.js';

/** What a headless run's name may be: it names a file in the agent's state folder and a row of `gadgetry ps`. */
const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const RUN_NAME_MAX = 63;

/** Returns the name when it is a valid run name; throws RunNameInvalidError (exit 2) otherwise. */
export function checkRunName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new RunNameInvalidError(String(name ?? ''), 'it is empty');
  if (name.length > RUN_NAME_MAX) throw new RunNameInvalidError(name, `it has ${name.length} characters`);
  if (!RUN_NAME.test(name)) {
    const why = /^[A-Za-z0-9]/.test(name) ? 'it has a character other than letters, digits, \'-\', \'_\' and \'.\'' : 'it does not start with a letter or digit';
    throw new RunNameInvalidError(name, why);
  }
  return name;
}

export const isRunName = (name: unknown): name is string => typeof name === 'string' && name.length <= RUN_NAME_MAX && RUN_NAME.test(name);
