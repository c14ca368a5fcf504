import { Type } from '@sinclair/typebox';

/** Values one common filter param takes at most. */
export const COMMON_FILTER_MAX_VALUES = 64;
/** Bytes of a command name the kernel keeps (TASK_COMM_LEN less the NUL). */
export const COMM_MAX_BYTES = 15;

// The count of values is checked by the shapes, whose message says so; a
// maxItems here would be refused as "expected integer[] (0..4294967295)".
// Process and thread ids start at 1: `--pid 0` (once "every process") is refused, not read as the idle task.
const ids = (what: string, minimum: 0 | 1) =>
  Type.Optional(
    Type.Array(Type.Integer({ minimum, maximum: 4294967295 }), {
      description: `Only these ${what} (comma-separated, up to ${COMMON_FILTER_MAX_VALUES}; filtered in the kernel)`,
    }),
  );

/**
 * The filters every BPF gadget offers: spread them into the params schema
 * (`Type.Object({ ...commonFilterParams, ... })`) and the shapes of
 * `@gadgetry/shapes` apply them in the kernel through
 * <gadgetry/common_filter.h>, which the gadget's programs must call. Each is
 * a comma-separated list (`--pid 42,43`): an event passes when its value is
 * one of them, and every filter given (`--pid` and `--uid`) must pass.
 */
export const commonFilterParams = {
  pid: ids('process ids', 1),
  tid: ids('thread ids', 1),
  uid: ids('user ids', 0),
  gid: ids('group ids', 0),
  comm: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: COMM_MAX_BYTES }), {
      description: `Only these command names, as the kernel keeps them (at most ${COMM_MAX_BYTES} bytes; comma-separated, up to ${COMMON_FILTER_MAX_VALUES}; filtered in the kernel)`,
    }),
  ),
};
