// SPDX-License-Identifier: GPL-2.0-only
/*
 * Out-of-tree churn driver for `make demo`: builds against the stock and
 * the patched kernel alike (it uses only the public kmemleak API), so
 * both run the same workload.  Userspace drives it through
 * /sys/kernel/debug/kmemleak_churn/ctl and reads the addresses of its
 * objects from .../objects, then scans and matches kmemleak's reports.
 *
 * ctl commands:
 *   alloc N K   N zeroed objects to queue, K planted plain leaks, a
 *               child that only the first object points to (a leak
 *               once that object is freed) and one object whose
 *               callback "forgets" to free it
 *   stall on|off  hold / release the grace period with an RCU reader
 *   stall-srcu on|off, stall-tasks on|off  the same for the driver's
 *               SRCU domain (srcu_down_read()) and for Tasks RCU (a
 *               thread that does not switch voluntarily)
 *   queue M     queue every object: M=0 call_rcu(); 1 call_rcu() and a
 *               tracked kfree() after each one, so that kmemleak metadata
 *               enters the chain; 2 kfree_rcu() (through slab sheaves,
 *               whose rcu_heads follow kmemleak metadata), with the same
 *               tracked kfree()s;
 *               3 call_srcu() and 4 call_rcu_tasks(), each object
 *               followed by one that kmemleak does not scan, as a chain
 *               breaker (standing in for the untracked objects of a
 *               real system: kmalloc_nolock() objects, kmemleak's own
 *               metadata); the forgotten object goes through call_rcu()
 *               for M <= 2, through the same flavour otherwise
 *   barrier     wait for every callback queued so far: rcu_barrier(),
 *               the kvfree_rcu() batches and the Tasks RCU barriers
 *   free        free the planted leaks
 *   bench N     N x (kzalloc, call_rcu, tracked kfree); the time it took,
 *               in ns, is then read from .../bench_ns
 *   callrcu N   N zeroed objects allocated first, then call_rcu() on each:
 *               .../bench_ns is the time of the call_rcu() loop alone
 *               (on the patched kernel, what the queue hook adds to it)
 *   plant K     K zeroed plain leaks per pattern, allocated the ways slab
 *               sheaves serve: kmalloc() of five sizes, a cache of the
 *               driver's own, kmem_cache_alloc_bulk() from it, and
 *               kmalloc(64) on one CPU while another churns that size;
 *               and from two other caches that hand out pointers from
 *               an array kmemleak scans: a mempool's reserve
 *               (mempool_alloc_preallocated()) and the NAPI skb cache
 *               (napi_skb_cache_get_bulk());
 *               .../objects lists them as "sheaf-PATTERN ADDR"
 *   unplant     free them
 *   overlap     register with kmemleak_alloc() a block it tracks already:
 *               kmemleak fails while linking it and disables itself
 */

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/kmemleak.h>
#include <linux/ktime.h>
#include <linux/kthread.h>
#include <linux/mempool.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/rcupdate_trace.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/uaccess.h>

struct churn_obj {
	struct rcu_head rcu;
	unsigned long payload[8];
};

/* the leaks "plant" makes, by pattern */
enum {
	PLANT_KMALLOC, PLANT_CACHE, PLANT_BULK, PLANT_BUSY, PLANT_MEMPOOL,
	PLANT_NAPI, NR_PLANT
};
static const char *const plant_names[NR_PLANT] = {
	"kmalloc", "cache", "bulk", "busy", "mempool", "napi",
};
static const size_t plant_sizes[] = { 16, 64, 192, 512, 1024 };
#define PLANT_MAX	64
#define PLANT_SIZE	72	/* the driver's own cache */
static void **planted;		/* not scanned: kmemleak_ignore() */
static int nr_plant;		/* per pattern */
static struct kmem_cache *plant_cache;
static mempool_t *plant_pool;	/* scanned, and so is its elements array */

enum { Q_CALL_RCU, Q_METADATA, Q_KFREE_RCU, Q_SRCU, Q_TASKS, NR_Q };

DEFINE_STATIC_SRCU(churn_srcu);
static int srcu_idx = -1;
static struct task_struct *tasks_holder;

static DEFINE_MUTEX(churn_lock);
static struct churn_obj **objs, **leaks;
static int nr_objs, nr_leaks;	/* leaks[nr_leaks - 1] is the forgotten one */
static bool queued;		/* objs[] belong to RCU once queued */
static struct task_struct *reader;
static bool reader_stop;
static DECLARE_COMPLETION(reader_started);
static struct dentry *dir;
static u64 bench_ns;

static int reader_fn(void *arg)
{
	rcu_read_lock();
	complete(&reader_started);
	while (!READ_ONCE(reader_stop))
		cpu_relax();
	rcu_read_unlock();
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * Cleared before it is freed: memory that kmalloc() hands out again
 * uninitialised is scanned with what it held, and a stale pointer to the
 * child or to the next object's rcu_head would hide that leak.
 */
static void free_cb(struct rcu_head *head)
{
	struct churn_obj *obj = container_of(head, struct churn_obj, rcu);

	memzero_explicit(obj, sizeof(*obj));
	kfree(obj);
}

static void forget_cb(struct rcu_head *head)
{
}

static void do_free(void);

static struct churn_obj **alloc_array(int n)
{
	struct churn_obj **a = kvcalloc(n, sizeof(*a), GFP_KERNEL);
	int i;

	if (!a)
		return NULL;
	kmemleak_ignore(a);	/* kmemleak must not find the objects here */
	for (i = 0; i < n; i++) {
		a[i] = kzalloc(sizeof(*a[i]), GFP_KERNEL);
		if (!(i % 1024))
			cond_resched();
	}
	return a;
}

/* leaks[]: K plain leaks, the child of objs[0], the forgotten one */
static int do_alloc(int n, int k)
{
	int i;

	if (objs || n < 1 || k < 0 || n > 1000000 || k > 1000)
		return -EINVAL;
	objs = alloc_array(n);
	leaks = alloc_array(k + 2);
	nr_objs = n;
	nr_leaks = k + 2;
	queued = false;
	if (!objs || !leaks) {
		do_free();
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (!objs[i])
			break;
	for (k = 0; k < nr_leaks; k++)
		if (!leaks[k])
			break;
	if (i < n || k < nr_leaks) {
		do_free();
		return -ENOMEM;
	}
	objs[0]->payload[0] = (unsigned long)leaks[nr_leaks - 2];
	return 0;
}

/*
 * kvfree_rcu_barrier() is not exported; destroying a cache drains the
 * kvfree_rcu() batches of every cache (kvfree_rcu_barrier_on_cache()),
 * though only this cache's rcu_free sheaves.
 */
static void kvfree_rcu_drain(void)
{
	struct kmem_cache *c = kmem_cache_create("kmemleak_churn_drain", 64, 0,
						 SLAB_NO_MERGE, NULL);

	kmem_cache_destroy(c);
}

static void do_barrier(void)
{
	rcu_barrier();
	kvfree_rcu_drain();
	srcu_barrier(&churn_srcu);
	if (IS_ENABLED(CONFIG_TASKS_RCU))
		rcu_barrier_tasks();
#ifdef CONFIG_TASKS_TRACE_RCU
	rcu_barrier_tasks_trace();
#endif
}

static int do_stall(bool on)
{
	if (on == !!reader)
		return -EINVAL;
	if (on) {
		reader_stop = false;
		reinit_completion(&reader_started);
		reader = kthread_run(reader_fn, NULL, "kmemleak_churn_rd");
		if (IS_ERR(reader)) {
			reader = NULL;
			return -ENOMEM;
		}
		wait_for_completion(&reader_started);
	} else {
		WRITE_ONCE(reader_stop, true);
		kthread_stop(reader);
		reader = NULL;
	}
	return 0;
}

static int tasks_holder_fn(void *arg)
{
	/* no voluntary switch: a Tasks RCU grace period waits */
	while (!kthread_should_stop())
		cpu_relax();
	return 0;
}

static int do_stall_srcu(bool on)
{
	if (on == (srcu_idx >= 0))
		return -EINVAL;
	if (on) {
		srcu_idx = srcu_down_read(&churn_srcu);
	} else {
		srcu_up_read(&churn_srcu, srcu_idx);
		srcu_idx = -1;
	}
	return 0;
}

static int do_stall_tasks(bool on)
{
	if (!IS_ENABLED(CONFIG_TASKS_RCU) || on == !!tasks_holder)
		return -EINVAL;
	if (on) {
		tasks_holder = kthread_run(tasks_holder_fn, NULL, "kmemleak_churn_tk");
		if (IS_ERR(tasks_holder)) {
			tasks_holder = NULL;
			return -ENOMEM;
		}
	} else {
		kthread_stop(tasks_holder);
		tasks_holder = NULL;
	}
	return 0;
}

static void queue_one(int mode, struct churn_obj *obj, rcu_callback_t cb)
{
	switch (mode) {
	case Q_SRCU:
		call_srcu(&churn_srcu, &obj->rcu, cb);
		break;
	case Q_TASKS:
		if (IS_ENABLED(CONFIG_TASKS_RCU))
			call_rcu_tasks(&obj->rcu, cb);
		else
			call_rcu(&obj->rcu, cb);
		break;
	default:
		call_rcu(&obj->rcu, cb);
	}
}

/* an object kmemleak does not scan, queued behind @obj: a chain breaker */
static void queue_blocker(int mode)
{
	struct churn_obj *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return;
	kmemleak_ignore(b);
	queue_one(mode, b, free_cb);
}

static int do_queue(int mode)
{
	int i;

	if (!objs || queued || mode < 0 || mode >= NR_Q)
		return -EINVAL;
	for (i = 0; i < nr_objs; i++) {
		if (mode == Q_KFREE_RCU)
			kfree_rcu(objs[i], rcu);
		else
			queue_one(mode, objs[i], free_cb);
		if (mode == Q_METADATA || mode == Q_KFREE_RCU)
			kfree(kzalloc(16, GFP_KERNEL));
		if (mode == Q_SRCU || mode == Q_TASKS)
			queue_blocker(mode);
		if (!(i % 1024))
			cond_resched();
	}
	queue_one(mode == Q_KFREE_RCU ? Q_CALL_RCU : mode, leaks[nr_leaks - 1], forget_cb);
	queued = true;
	/* the objects now belong to RCU; keep only their addresses */
	return 0;
}

static int do_bench(int n)
{
	struct churn_obj *obj;
	ktime_t start;
	int i;

	if (n < 1 || n > 10000000)
		return -EINVAL;
	start = ktime_get();
	for (i = 0; i < n; i++) {
		obj = kzalloc(sizeof(*obj), GFP_KERNEL);
		if (!obj)
			return -ENOMEM;
		call_rcu(&obj->rcu, free_cb);
		kfree(kzalloc(16, GFP_KERNEL));
		if (!(i % 1024))
			cond_resched();
	}
	bench_ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	return 0;
}

static void do_free(void)
{
	int i;

	if (leaks) {
		for (i = 0; i < nr_leaks; i++)
			kfree(leaks[i]);
		kvfree(leaks);
	}
	if (objs && !queued)
		for (i = 0; i < nr_objs; i++)
			kfree(objs[i]);
	kvfree(objs);
	objs = NULL;
	leaks = NULL;
	nr_objs = 0;
	nr_leaks = 0;
}

static int do_callrcu(int n)
{
	struct churn_obj **batch;
	ktime_t start;
	int i;

	if (n < 1 || n > 1000000)
		return -EINVAL;
	batch = kvcalloc(n, sizeof(*batch), GFP_KERNEL);
	if (!batch)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		batch[i] = kzalloc(sizeof(*batch[i]), GFP_KERNEL);
		if (!batch[i]) {
			while (i--)
				kfree(batch[i]);
			kvfree(batch);
			return -ENOMEM;
		}
	}
	start = ktime_get();
	for (i = 0; i < n; i++)
		call_rcu(&batch[i]->rcu, free_cb);
	bench_ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	kvfree(batch);
	return 0;
}

/*
 * Overwrite what the frames below may have left on this stack: kmemleak
 * scans task stacks, and a stale copy of a planted pointer there would
 * hide the leak.
 */
static noinline void scrub_stack(int depth)
{
	char buf[1024];

	memzero_explicit(buf, sizeof(buf));
	if (depth > 1)
		scrub_stack(depth - 1);
	barrier_data(buf);
}

/*
 * Its stack keeps stale copies of the objects it freed, which the
 * planting thread may get back as its leaks: scrub it before it ends.
 */
static int busy_fn(void *arg)
{
	while (!kthread_should_stop()) {
		kfree(kmalloc(64, GFP_KERNEL));
		cond_resched();
	}
	scrub_stack(8);
	return 0;
}

static noinline void plant_all(void)
{
	struct task_struct *busy = NULL;
	int i, k = nr_plant, cpu;
	void **p;

	p = planted + PLANT_KMALLOC * k;
	for (i = 0; i < k; i++)
		p[i] = kzalloc(plant_sizes[i % ARRAY_SIZE(plant_sizes)], GFP_KERNEL);
	p = planted + PLANT_CACHE * k;
	for (i = 0; i < k; i++)
		p[i] = kmem_cache_zalloc(plant_cache, GFP_KERNEL);
	p = planted + PLANT_BULK * k;
	if (kmem_cache_alloc_bulk(plant_cache, GFP_KERNEL, k, p))
		for (i = 0; i < k; i++)
			memset(p[i], 0, PLANT_SIZE);
	else
		memset(p, 0, k * sizeof(*p));
	/* kmalloc(64) on this CPU while another frees and allocates it */
	migrate_disable();
	cpu = cpumask_any_but(cpu_online_mask, smp_processor_id());
	if (cpu < nr_cpu_ids) {
		busy = kthread_create(busy_fn, NULL, "kmemleak_churn_busy");
		if (!IS_ERR(busy)) {
			kthread_bind(busy, cpu);
			wake_up_process(busy);
		} else {
			busy = NULL;
		}
	}
	p = planted + PLANT_BUSY * k;
	for (i = 0; i < k; i++) {
		p[i] = kzalloc(64, GFP_KERNEL);
		if (busy)
			usleep_range(100, 200);
	}
	migrate_enable();
	if (busy)
		kthread_stop(busy);
	/* a mempool's reserve, handed out as when its allocator fails */
	p = planted + PLANT_MEMPOOL * k;
	for (i = 0; i < k; i++) {
		p[i] = mempool_alloc_preallocated(plant_pool);
		if (p[i])
			memset(p[i], 0, PLANT_SIZE);
	}
	/* skb heads from this CPU's NAPI cache, in bottom-half context */
	p = planted + PLANT_NAPI * k;
	local_bh_disable();
	i = napi_skb_cache_get_bulk(p, k);
	local_bh_enable();
	while (i--)
		memset(p[i], 0, sizeof(struct sk_buff));
}

static int plant_fn(void *arg)
{
	plant_all();
	scrub_stack(8);
	complete(arg);
	return 0;
}

static void do_unplant(void)
{
	int i;

	if (!planted)
		return;
	for (i = 0; i < NR_PLANT * nr_plant; i++)
		kfree(planted[i]);
	kfree(planted);
	planted = NULL;
	nr_plant = 0;
	mempool_destroy(plant_pool);
	plant_pool = NULL;
}

/* in a thread of its own, whose stack it scrubs before it ends */
static int do_plant(int k)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct task_struct *t;

	if (planted || k < 1 || k > PLANT_MAX)
		return -EINVAL;
	if (!plant_cache) {
		plant_cache = kmem_cache_create("kmemleak_churn_plant", PLANT_SIZE,
						0, SLAB_NO_MERGE, NULL);
		if (!plant_cache)
			return -ENOMEM;
	}
	planted = kcalloc(NR_PLANT * k, sizeof(*planted), GFP_KERNEL);
	if (!planted)
		return -ENOMEM;
	kmemleak_ignore(planted);	/* kmemleak must not find them here */
	nr_plant = k;
	plant_pool = mempool_create_slab_pool(k, plant_cache);
	if (!plant_pool) {
		do_unplant();
		return -ENOMEM;
	}
	t = kthread_run(plant_fn, &done, "kmemleak_churn_plant");
	if (IS_ERR(t)) {
		do_unplant();
		return PTR_ERR(t);
	}
	wait_for_completion(&done);
	for (k = 0; k < NR_PLANT * nr_plant; k++)
		if (!planted[k]) {
			do_unplant();
			return -ENOMEM;
		}
	return 0;
}

static ssize_t ctl_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	char buf[64], word[16];
	int a = 0, b = 0, ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	if (sscanf(buf, "%15s %d %d", word, &a, &b) < 1)
		return -EINVAL;

	mutex_lock(&churn_lock);
	if (!strcmp(word, "alloc")) {
		ret = do_alloc(a, b);
	} else if (!strcmp(word, "stall")) {
		char arg[8] = "";

		ret = sscanf(buf, "%*s %7s", arg) == 1 ? 0 : -EINVAL;
		if (!ret && !strcmp(arg, "on"))
			ret = do_stall(true);
		else if (!ret && !strcmp(arg, "off"))
			ret = do_stall(false);
		else
			ret = -EINVAL;
	} else if (!strcmp(word, "stall-srcu") || !strcmp(word, "stall-tasks")) {
		char arg[8] = "";
		bool srcu = !strcmp(word, "stall-srcu");

		ret = sscanf(buf, "%*s %7s", arg) == 1 ? 0 : -EINVAL;
		if (!ret && (!strcmp(arg, "on") || !strcmp(arg, "off")))
			ret = srcu ? do_stall_srcu(!strcmp(arg, "on")) :
				     do_stall_tasks(!strcmp(arg, "on"));
		else
			ret = -EINVAL;
	} else if (!strcmp(word, "queue")) {
		ret = do_queue(a);
	} else if (!strcmp(word, "barrier")) {
		do_barrier();
		ret = 0;
	} else if (!strcmp(word, "bench")) {
		ret = do_bench(a);
	} else if (!strcmp(word, "callrcu")) {
		ret = do_callrcu(a);
	} else if (!strcmp(word, "free")) {
		do_free();
		ret = 0;
	} else if (!strcmp(word, "plant")) {
		ret = do_plant(a);
	} else if (!strcmp(word, "overlap")) {
		void *p = kzalloc(64, GFP_KERNEL);

		ret = p ? 0 : -ENOMEM;
		kmemleak_alloc(p, 64, 1, GFP_KERNEL);
		kfree(p);
	} else if (!strcmp(word, "unplant")) {
		do_unplant();
		ret = 0;
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&churn_lock);
	return ret ? ret : len;
}

static const struct file_operations ctl_fops = {
	.write = ctl_write,
};

static int objects_show(struct seq_file *seq, void *v)
{
	int i;

	mutex_lock(&churn_lock);
	for (i = 0; i < nr_objs; i++)
		seq_printf(seq, "pending 0x%lx\n", (unsigned long)objs[i]);
	for (i = 0; i < nr_leaks; i++)
		seq_printf(seq, "%s 0x%lx\n", i == nr_leaks - 1 ? "forgot" :
			   i == nr_leaks - 2 ? "child" : "leak", (unsigned long)leaks[i]);
	for (i = 0; i < NR_PLANT * nr_plant; i++)
		seq_printf(seq, "sheaf-%s 0x%lx\n", plant_names[i / nr_plant],
			   (unsigned long)planted[i]);
	mutex_unlock(&churn_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(objects);

static int __init churn_init(void)
{
	dir = debugfs_create_dir("kmemleak_churn", NULL);
	debugfs_create_file("ctl", 0200, dir, NULL, &ctl_fops);
	debugfs_create_file("objects", 0400, dir, NULL, &objects_fops);
	debugfs_create_u64("bench_ns", 0400, dir, &bench_ns);
	return 0;
}

static void __exit churn_exit(void)
{
	debugfs_remove_recursive(dir);
	if (reader)
		do_stall(false);
	if (srcu_idx >= 0)
		do_stall_srcu(false);
	if (tasks_holder)
		do_stall_tasks(false);
	do_barrier();
	do_free();
	do_unplant();
	kmem_cache_destroy(plant_cache);
}

module_init(churn_init);
module_exit(churn_exit);
MODULE_DESCRIPTION("call_rcu() churn driver for the kmemleak-rcu demo");
MODULE_LICENSE("GPL");
