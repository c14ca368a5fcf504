/**
 * One symbolized stack frame. `name` is the function, or `[unknown]` when no
 * symbol covers the address; `module` is the file it is in (absent for
 * kernel frames and for frames of processes that had exited).
 */
export interface Frame {
  name: string;
  module?: string;
  kernel?: boolean;
}

export const UNKNOWN = '[unknown]';
