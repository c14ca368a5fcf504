import { GadgetryError } from '../errors.js';
import type { TrustProblem } from './TrustPolicy.js';

/** Code was not imported because a file or folder on its path breaks the trust rules. */
export class UntrustedPathError extends GadgetryError {
  readonly path: string;

  constructor(
    readonly what: string,
    readonly problem: TrustProblem,
  ) {
    super('UNTRUSTED_PATH', `refusing to load ${what}: ${problem.message}`);
    this.path = problem.path;
  }
}
