/* One record per process. The build generates its TypeBox schema
 * (src/event.generated.ts) from this struct's BTF; the gadget_* kind typedefs
 * give each member its usual presentation. */
#ifndef __NAME_UPPER___H
#define __NAME_UPPER___H

struct record {
	gadget_pid pid;
	gadget_ppid ppid;
	gadget_uid uid;
	__u32 _pad; /* a leading underscore: padding, not a field */
	gadget_mntns_id mntns_id;
	gadget_comm comm;
};

#endif
