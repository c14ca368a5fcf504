/** File types by the S_IFMT bits of an inode's mode. */
const TYPES: Record<number, string> = {
  0o140000: 'socket',
  0o120000: 'symlink',
  0o100000: 'regular',
  0o060000: 'block',
  0o040000: 'dir',
  0o020000: 'char',
  0o010000: 'pipe', // a pipe or a named FIFO
};

/**
 * What kind of file an open fd is, from its inode's mode: regular, dir,
 * socket, pipe, char, block, symlink, or anon_inode for the inodes with no
 * type at all that eventfd, epoll, timerfd, signalfd, bpf ... hand out.
 */
export function fileType(mode: number): string {
  const type = mode & 0o170000;
  if (type === 0) return 'anon_inode';
  return TYPES[type] ?? `unknown (${type.toString(8)})`;
}
