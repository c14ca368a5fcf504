import { flagSet, flagTable, type FlagName } from './flagSet.js';

// include/uapi/linux/mount.h (MS_*)
// `NAME bit` pairs
const FLAGS: FlagName[] = flagTable(`
  MS_RDONLY 0
  MS_NOSUID 1
  MS_NODEV 2
  MS_NOEXEC 3
  MS_SYNCHRONOUS 4
  MS_REMOUNT 5
  MS_MANDLOCK 6
  MS_DIRSYNC 7
  MS_NOSYMFOLLOW 8
  MS_NOATIME 10
  MS_NODIRATIME 11
  MS_BIND 12
  MS_MOVE 13
  MS_REC 14
  MS_SILENT 15
  MS_POSIXACL 16
  MS_UNBINDABLE 17
  MS_PRIVATE 18
  MS_SLAVE 19
  MS_SHARED 20
  MS_RELATIME 21
  MS_KERNMOUNT 22
  MS_I_VERSION 23
  MS_STRICTATIME 24
  MS_LAZYTIME 25
`).map((f) => ({ name: f.name, bits: 2 ** f.bits }));

// Old callers put a magic number in the high half (MS_MGC_VAL): it means nothing.
const MS_MGC_MSK = 0xffff0000;
const MS_MGC_VAL = 0xc0ed0000;

/** mount_flags: mount(2) flags as MS_RDONLY|MS_NOSUID; no flags (0, as other calls than mount() leave it) show as nothing. */
export const mountFlagsKind = flagSet({
  flags: () => FLAGS,
  ignore: (v) => ((v & MS_MGC_MSK) >>> 0 === MS_MGC_VAL ? MS_MGC_MSK : 0),
  zero: '',
  width: 24,
  example: 'names joined by |, e.g. MS_RDONLY|MS_NOSUID, or a number',
});
