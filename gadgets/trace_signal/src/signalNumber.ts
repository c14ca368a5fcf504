import { constants } from 'node:os';
import { GadgetryError, quoteInput } from '@gadgetry/errors';

/** Highest signal number Linux has (_NSIG): the real-time signals end there. */
const LAST_SIGNAL = 64;

/**
 * The signal number `--signal` names: a number (1 to 64) or a name as this
 * system numbers it, with or without SIG, in any case (USR1, sigusr1,
 * SIGUSR1); '' is every signal (0). Anything else is refused in one line.
 */
export function signalNumber(given: string): number {
  const text = given.trim();
  if (text === '') return 0;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= LAST_SIGNAL) return n;
  } else {
    const name = text.toUpperCase().replace(/^(?!SIG)/, 'SIG');
    const n = (constants.signals as Record<string, number | undefined>)[name];
    if (n !== undefined) return n;
  }
  throw new GadgetryError(
    'PARAM_INVALID',
    `invalid value ${quoteInput(text)} for --signal: expected a signal name (TERM, SIGUSR1, ...) or a number from 1 to ${LAST_SIGNAL}`,
  );
}
