package io.dblab.engine.isolation;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The C library calls behind ID-mapped mounts. Numbers of the new mount API's system calls are the
 * same on every architecture (they were added after the tables were unified).
 */
interface LinuxCalls extends Library {
    LinuxCalls LIBC = Native.load("c", LinuxCalls.class);

    long SYS_OPEN_TREE = 428;
    long SYS_MOVE_MOUNT = 429;
    long SYS_MOUNT_SETATTR = 442;
    long AT_FDCWD = -100;
    long AT_SYMLINK_NOFOLLOW = 0x100;
    long AT_EMPTY_PATH = 0x1000;
    long OPEN_TREE_CLONE = 1;
    long OPEN_TREE_CLOEXEC = 0x80000;
    long MOUNT_ATTR_IDMAP = 0x00100000;
    long MOVE_MOUNT_F_EMPTY_PATH = 0x4;
    /** {@code struct mount_attr}: attr_set, attr_clr, propagation, userns_fd, each 64 bits. */
    int MOUNT_ATTR_SIZE = 32;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int UMOUNT_NOFOLLOW = 8;
    int EBUSY = 16;

    long syscall(long number, Object... args) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;
}
