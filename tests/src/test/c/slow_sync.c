/*
 * A slow-sync disk for benchmarks, preloaded into a process (LD_PRELOAD): every fsync and fdatasync waits
 * SLOW_SYNC_MS milliseconds before doing the real one, one at a time across the process, as calls queue on a
 * storage device that takes that long to make a write durable (an SD card or cheap eMMC on a board). Reads and
 * unsynced writes are untouched. Used where the kernel has no device-mapper `delay` target to put under a file
 * system (docs/scale.md). Built by CommandLatencyBench with `cc -shared -fPIC`.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

static pthread_mutex_t device = PTHREAD_MUTEX_INITIALIZER;

static void wait_for_device(void) {
    const char *ms = getenv("SLOW_SYNC_MS");
    long delay = ms == NULL ? 0 : atol(ms);
    if (delay <= 0) {
        return;
    }
    struct timespec t = {delay / 1000, (delay % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0) {
        /* interrupted by a signal: sleep the rest */
    }
}

static int synced(int fd, const char *name) {
    int (*real)(int) = (int (*)(int)) dlsym(RTLD_NEXT, name);
    pthread_mutex_lock(&device);
    wait_for_device();
    int result = real(fd);
    pthread_mutex_unlock(&device);
    return result;
}

int fsync(int fd) {
    return synced(fd, "fsync");
}

int fdatasync(int fd) {
    return synced(fd, "fdatasync");
}
