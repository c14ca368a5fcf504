/* Mount calls for trace_mount's tests, made directly (no library deciding
 * which calls to make), in a mount namespace of the test's own (run under
 * `unshare -m`). Usage: mount_calls classic|api DIR TAG. Exits 0 when every
 * call had the outcome expected, else with the number of the first that did not. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

static int step;

/* Counts a step; fails the run when `ok` is false. */
static void expect(int ok, const char *what)
{
	step++;
	if (!ok) {
		fprintf(stderr, "mount_calls: step %d (%s): %s\n", step, what, strerror(errno));
		_exit(step);
	}
}

static int classic(const char *dir, const char *tag)
{
	char missing[256];
	snprintf(missing, sizeof(missing), "/nonexistent-%s", tag);
	expect(mount(tag, dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") == 0, "mount tmpfs");
	expect(umount2(dir, 0) == 0, "umount2");
	expect(mount(missing, dir, NULL, MS_BIND, NULL) == -1 && errno == ENOENT, "bind mount of a missing source");
	expect(umount2(dir, MNT_DETACH) == -1 && errno == EINVAL, "umount2 of no mount");
	return 0;
}

static int api(const char *dir, const char *tag)
{
	char nofs[64];
	snprintf(nofs, sizeof(nofs), "nofs%s", tag);
	int fs = syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	expect(fs >= 0, "fsopen");
	expect(syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", tag, 0) == 0, "fsconfig source");
	expect(syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "1m", 0) == 0, "fsconfig size");
	expect(syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0, "fsconfig create");
	int mnt = syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV);
	expect(mnt >= 0, "fsmount");
	expect(syscall(SYS_move_mount, mnt, "", AT_FDCWD, dir, MOVE_MOUNT_F_EMPTY_PATH) == 0, "move_mount");
	int tree = syscall(SYS_open_tree, AT_FDCWD, dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	expect(tree >= 0, "open_tree");
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	expect(syscall(SYS_mount_setattr, AT_FDCWD, dir, 0, &attr, sizeof(attr)) == 0, "mount_setattr");
	/* fds on the mount keep it busy */
	close(tree);
	close(mnt);
	close(fs);
	expect(umount2(dir, 0) == 0, "umount2");
	expect(syscall(SYS_fsopen, nofs, 0) == -1 && errno == ENODEV, "fsopen of no file system");
	printf("%d %d %d\n", fs, mnt, tree); /* the fds, for the test to compare */
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return 100;
	if (!strcmp(argv[1], "classic"))
		return classic(argv[2], argv[3]);
	if (!strcmp(argv[1], "api"))
		return api(argv[2], argv[3]);
	return 100;
}
