#include "CConvKernels.h"
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

// A pool of one thread per core but one, made on first use and then kept. After a job a worker
// keeps its core busy for a moment, watching for the next job, before it sleeps: a sleeping core
// can take a millisecond to wake (a virtual machine's idle CPU is parked by its host), longer
// than a whole job, and the job then runs on one core. Dispatch's threads sleep at once.

static struct {
    pthread_mutex_t lock;    // guards everything below but `next`
    pthread_cond_t work;     // a job was posted
    pthread_cond_t done;     // the last worker inside a closed job left it
    atomic_ulong job;        // counts the jobs posted (read without the lock while watching)
    int open;                // workers may still join the current job
    int inside;              // workers running the current job
    void (*body)(void *, long);
    void *context;
    long count;
    atomic_long next;        // the next iteration to hand out
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER, .done = PTHREAD_COND_INITIALIZER};

// One job at a time; a call that finds the pool busy runs alone.
static pthread_mutex_t busy = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t started = PTHREAD_ONCE_INIT;

static void run(void (*body)(void *, long), void *context, long count) {
    for (long i; (i = atomic_fetch_add(&pool.next, 1)) < count;) body(context, i);
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/// Returns when job `seen` is no longer the latest, or after about a millisecond.
static void watch(unsigned long seen) {
    long long until = now_ns() + 1000000;
    while (atomic_load(&pool.job) == seen) {
        for (int i = 0; i < 64; i++) {
#if defined(__x86_64__)
            __builtin_ia32_pause();
#elif defined(__aarch64__)
            __asm__ volatile("yield");
#endif
        }
        if (now_ns() > until) return;
    }
}

static void *worker(void *unused) {
    (void)unused;
    unsigned long seen = 0;
    for (;;) {
        watch(seen);
        pthread_mutex_lock(&pool.lock);
        while (pool.job == seen) pthread_cond_wait(&pool.work, &pool.lock);
        seen = pool.job;
        // A job already closed is not touched: its context may be gone.
        if (!pool.open) {
            pthread_mutex_unlock(&pool.lock);
            continue;
        }
        pool.inside += 1;
        void (*body)(void *, long) = pool.body;
        void *context = pool.context;
        long count = pool.count;
        pthread_mutex_unlock(&pool.lock);
        run(body, context, count);
        pthread_mutex_lock(&pool.lock);
        pool.inside -= 1;
        if (pool.inside == 0 && !pool.open) pthread_cond_signal(&pool.done);
        pthread_mutex_unlock(&pool.lock);
    }
    return 0;
}

static void start(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 1; i < cores; i++) {
        pthread_t thread;
        if (pthread_create(&thread, 0, worker, 0) == 0) pthread_detach(thread);
    }
}

void convviz_parallel_for(long count, void (*body)(void *context, long i), void *context) {
    if (count <= 1 || pthread_mutex_trylock(&busy) != 0) {
        for (long i = 0; i < count; i++) body(context, i);
        return;
    }
    pthread_once(&started, start);
    pthread_mutex_lock(&pool.lock);
    pool.body = body;
    pool.context = context;
    pool.count = count;
    atomic_store(&pool.next, 0);
    pool.open = 1;
    pool.job += 1;
    pthread_cond_broadcast(&pool.work);
    pthread_mutex_unlock(&pool.lock);
    run(body, context, count);
    // Every iteration has been handed out: close the job, and wait for the workers inside it.
    pthread_mutex_lock(&pool.lock);
    pool.open = 0;
    while (pool.inside > 0) pthread_cond_wait(&pool.done, &pool.lock);
    pthread_mutex_unlock(&pool.lock);
    pthread_mutex_unlock(&busy);
}
