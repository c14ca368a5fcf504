import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { escapeTerminal } from '@gadgetry/errors';
import type { TrustPolicy, TrustProblem } from './TrustPolicy.js';
import { UntrustedPathError } from './UntrustedPathError.js';

/**
 * Applies the trust rules to every module Node resolves from now on, not only
 * to the entries of gadget and operator packages: a trusted gadget's own
 * imports (`@gadgetry/sdk`, its dependencies) are found by walking up from
 * its folder, and a copy planted in a node_modules above it must not be what
 * runs as root. Each file is checked once.
 */
export function guardModuleResolution(trust: TrustPolicy): void {
  const verdicts = new Map<string, TrustProblem | undefined>();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      if (!resolved.url.startsWith('file:')) return resolved;
      const path = fileURLToPath(resolved.url);
      if (!verdicts.has(path)) verdicts.set(path, trust.check(path, 'file'));
      const problem = verdicts.get(path);
      if (problem) throw new UntrustedPathError(escapeTerminal(specifier), problem);
      return resolved;
    },
  });
}
