import type { ErrorCode } from '@gadgetry/errors';
import { GadgetryError } from '../errors.js';

/** Where on the way from the kernel to the output an event failed. */
export type EventPathStage = 'gadget' | 'operator' | 'schema' | 'unfilled' | 'output' | 'pipeline';

const CODES: Record<EventPathStage, ErrorCode> = {
  gadget: 'GADGET_EVENT_FAILED',
  operator: 'OPERATOR_FAILED',
  schema: 'EVENT_SCHEMA_MISMATCH',
  unfilled: 'FIELD_NOT_FILLED',
  output: 'OUTPUT_FAILED',
  pipeline: 'EVENT_PIPELINE_FAILED',
};

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A failure on the event path (the gadget's reader or per-event code, an
 * operator's enricher, schema validation under `strict`, the output). It ends
 * the run like a failed lifecycle step: stop, postGadgetRun and close still run.
 */
export class EventPathError extends GadgetryError {
  constructor(
    readonly stage: EventPathStage,
    readonly gadget: string,
    message: string,
    cause?: unknown,
  ) {
    super(CODES[stage], message, { cause });
  }

  /** The gadget reported (or threw) an error while producing events. */
  static gadget(gadget: string, cause: unknown): EventPathError {
    return new EventPathError('gadget', gadget, `gadget "${gadget}" failed while producing events: ${messageOf(cause)}`, cause);
  }

  static operator(gadget: string, operator: string, cause: unknown): EventPathError {
    return new EventPathError('operator', gadget, `operator "${operator}" failed on an event of gadget "${gadget}": ${messageOf(cause)}`, cause);
  }

  static output(gadget: string, cause: unknown): EventPathError {
    return new EventPathError('output', gadget, `cannot write the events of gadget "${gadget}": ${messageOf(cause)}`, cause);
  }

  static pipeline(gadget: string, cause: unknown): EventPathError {
    return new EventPathError('pipeline', gadget, `the event pipeline of gadget "${gadget}" failed: ${messageOf(cause)}`, cause);
  }
}
