/**
 * Why gadgetry-bpf-build stopped, with a stable code:
 * - USAGE: bad command line (exit status 2);
 * - TOOL_MISSING: clang, llvm-strip or bpftool is not installed;
 * - COMPILE_FAILED: clang refused the program (its messages are above);
 * - BTF_INVALID: the object's BTF cannot be read;
 * - EVENT_UNSUPPORTED: an event struct has a member no event field can hold;
 * - SCHEMA_STALE: the checked-in event schema file no longer matches the structs.
 */
export class BuildError extends Error {
  /**
   * @param {'USAGE' | 'TOOL_MISSING' | 'COMPILE_FAILED' | 'BTF_INVALID' | 'EVENT_UNSUPPORTED' | 'SCHEMA_STALE'} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'BuildError';
    this.code = code;
  }
}
