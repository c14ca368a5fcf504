/** enum alloc_op in trace_malloc.h, by value. */
const OPS = ['malloc', 'free', 'calloc', 'realloc'] as const;

/** The function an event's op_code names. */
export function allocOp(code: number): string {
  return OPS[code] ?? `op${code}`;
}
