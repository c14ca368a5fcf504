import type { HeadlessRunSpec } from '../HeadlessRunner.js';
import { fromWire, toWire } from '../wireValue.js';
import { RunSpecInvalidError } from './headlessErrors.js';
import type { SavedRun } from './SpecStore.js';

/** What a saved run's file says it is. */
const FORMAT = 'gadgetry-headless-run';
const VERSION = 1;

/** The file's JSON: params through toWire (a u64 param keeps its value), and the resumed count. */
export function specToFile({ spec, resumed }: SavedRun): Record<string, unknown> {
  return { format: FORMAT, version: VERSION, ...spec, params: toWire(spec.params), resumed };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The run a file holds; anything else is RUN_SPEC_INVALID naming the file and what is wrong. */
export function specFromFile(text: string, path: string): SavedRun {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new RunSpecInvalidError(path, 'it is not JSON', err);
  }
  if (!isObject(data) || data.format !== FORMAT) throw new RunSpecInvalidError(path, `it is not a ${FORMAT} file`);
  if (data.version !== VERSION) throw new RunSpecInvalidError(path, `it has version ${JSON.stringify(data.version)}; this agent reads version ${VERSION}`);
  const { name, gadget, params, options, createdAt, resumed } = data;
  if (typeof name !== 'string' || typeof gadget !== 'string' || typeof createdAt !== 'string') {
    throw new RunSpecInvalidError(path, 'its name, gadget or createdAt is missing');
  }
  if (!isObject(params) || !isObject(options)) throw new RunSpecInvalidError(path, 'its params or options are not objects');
  const o: HeadlessRunSpec['options'] = {};
  if (typeof options.strict === 'boolean') o.strict = options.strict;
  if (typeof options.traceSelf === 'boolean') o.traceSelf = options.traceSelf;
  if (typeof options.timeoutMs === 'number' && options.timeoutMs >= 0) o.timeoutMs = options.timeoutMs;
  if (typeof options.stats === 'boolean') o.stats = options.stats;
  if (typeof options.statsIntervalMs === 'number' && options.statsIntervalMs >= 100) o.statsIntervalMs = options.statsIntervalMs;
  if (typeof options.timestampFormat === 'string') o.timestampFormat = options.timestampFormat as NonNullable<HeadlessRunSpec['options']['timestampFormat']>;
  const spec: HeadlessRunSpec = { name, gadget, params: fromWire(params) as Record<string, unknown>, options: o, createdAt };
  return { spec, resumed: typeof resumed === 'number' && Number.isInteger(resumed) && resumed >= 0 ? resumed : 0 };
}
