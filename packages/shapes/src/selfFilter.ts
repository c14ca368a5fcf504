/** The global of <gadgetry/self_filter.h>: the thread group its programs leave out. */
export const SELF_TGID_GLOBAL = 'gadget_self_tgid';

/**
 * Optional globals that leave this process (the runtime) out in the kernel,
 * for objects that include <gadgetry/self_filter.h>; none with `traceSelf`.
 */
export function selfFilterGlobals(traceSelf: boolean | undefined): Record<string, number> {
  return traceSelf ? {} : { [SELF_TGID_GLOBAL]: process.pid };
}
