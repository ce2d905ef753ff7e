// SPDX-License-Identifier: GPL-2.0
/*
 * sysobj-churn: churn ordinary kernel objects that the kernel frees
 * through RCU by itself (no test driver): TCP over loopback (IPv4 and
 * IPv6), UDP and unix sockets with queued data, IPv4 and IPv6 routes on
 * a dummy device with a connected socket caching the route's dst, a
 * child process (fork, exec), and a tmpfs file with a long name.
 *
 *   sysobj-churn hold N       make N slots, print "ready", wait for end
 *                             of file on stdin, free them all
 *   sysobj-churn run SECS MS  for SECS seconds make slots and free each
 *                             one MS milliseconds after it was made (at
 *                             most 256 alive: the next waits)
 *
 * Every descriptor is close-on-exec: a child holds none of them.
 * One slot holds one of each kind; SYSOBJ_KINDS picks kinds by letter:
 * t TCP, u UDP, x unix, r routes, p process, f file (default "tuxrpf").
 * Instances that run at the same time need their own SYSOBJ_INSTANCE
 * (0-15): it picks their route prefixes and file names.  The guest sets
 * up dummy0 with 10.63.0.1/16 and 2001:db8:78::1/64 first
 * (guest/workloads/lib.sh).
 * Prints "# sysobj-churn slots=N ..." at the end; any failure prints
 * what failed and exits 1, so that a workload cannot silently do less.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DIR_NAME "/tmp/sysobj-churn"

struct slot {
	int fd[10];		/* TCP 4, UDP 2, unix 2, routed UDP 2 */
	int nfd;
	pid_t child;
	unsigned int id;
	long long born_ms;
};

static int lfd4, lfd6, nlfd, dummy_idx;
static const char *kinds = "tuxrpf";
static unsigned int instance;
static unsigned long made;

static void die(const char *what)
{
	fprintf(stderr, "sysobj-churn: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int listener(int family)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket(listen)");
	if (family == AF_INET ? bind(fd, (void *)&a4, sizeof(a4)) : bind(fd, (void *)&a6, sizeof(a6)))
		die("bind(listen)");
	if (listen(fd, 64))
		die("listen");
	return fd;
}

/* a TCP connection over loopback: client and accepted end, data sent */
static void tcp_pair(struct slot *s, int lfd)
{
	struct sockaddr_storage a;
	socklen_t len = sizeof(a);
	char buf[64] = "sysobj-churn";
	int c, d;

	if (getsockname(lfd, (void *)&a, &len))
		die("getsockname");
	c = socket(a.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c < 0 || connect(c, (void *)&a, len))
		die("connect(tcp)");
	d = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (d < 0)
		die("accept");
	if (write(c, buf, sizeof(buf)) != sizeof(buf) || read(d, buf, sizeof(buf)) <= 0 ||
	    write(d, buf, sizeof(buf)) != sizeof(buf))
		die("tcp exchange");
	s->fd[s->nfd++] = c;
	s->fd[s->nfd++] = d;
}

/* a UDP socket bound to loopback with a datagram to itself queued */
static void udp_self(struct slot *s, int family)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr *a = family == AF_INET ? (void *)&a4 : (void *)&a6;
	socklen_t len = family == AF_INET ? sizeof(a4) : sizeof(a6);
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, a, len) || getsockname(fd, a, &len))
		die("udp bind");
	if (sendto(fd, "x", 1, 0, a, len) != 1)
		die("udp sendto");
	s->fd[s->nfd++] = fd;
}

static void unix_pair(struct slot *s)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) || write(sv[0], "x", 1) != 1)
		die("socketpair");
	s->fd[s->nfd++] = sv[0];
	s->fd[s->nfd++] = sv[1];
}

static void addattr(struct nlmsghdr *n, int type, const void *data, int len)
{
	struct rtattr *rta = (void *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

/* add or delete a host route to DST via dummy0 (rtnetlink, acked) */
static void route(int add, int family, const void *dst)
{
	static char req[256] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *n = (void *)req;
	struct rtmsg *r = NLMSG_DATA(n);
	struct {
		struct nlmsghdr n;
		struct nlmsgerr e;
		char buf[256];
	} ack;
	int alen = family == AF_INET ? 4 : 16;

	memset(req, 0, sizeof(req));
	n->nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	n->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	n->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	r->rtm_family = family;
	r->rtm_dst_len = alen * 8;
	r->rtm_table = RT_TABLE_MAIN;
	r->rtm_protocol = RTPROT_BOOT;
	r->rtm_scope = RT_SCOPE_LINK;
	r->rtm_type = RTN_UNICAST;
	addattr(n, RTA_DST, dst, alen);
	addattr(n, RTA_OIF, &dummy_idx, 4);
	if (send(nlfd, n, n->nlmsg_len, 0) < 0)
		die("rtnetlink send");
	if (recv(nlfd, &ack, sizeof(ack), 0) < 0)
		die("rtnetlink recv");
	if (ack.n.nlmsg_type == NLMSG_ERROR && ack.e.error) {
		errno = -ack.e.error;
		die(add ? "route add" : "route del");
	}
}

static void route_addr(unsigned int id, int family, void *dst)
{
	if (family == AF_INET) {
		struct in_addr *a = dst;

		/* 10.(64 + instance).x.y */
		a->s_addr = htonl(0x0a400000 + (instance << 16) + (id & 0xffff));
	} else {
		struct in6_addr *a = dst;

		inet_pton(AF_INET6, "2001:db8:77::", a);	/* 2001:db8:77:I::id */
		a->s6_addr[6] = instance >> 8;
		a->s6_addr[7] = instance;
		a->s6_addr[12] = id >> 24;
		a->s6_addr[13] = id >> 16;
		a->s6_addr[14] = id >> 8;
		a->s6_addr[15] = id;
	}
}

/* a route of its own and a UDP socket connected through it (dst cached) */
static void routed_socket(struct slot *s, int family)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(9) };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(9) };
	int fd;

	if (family == AF_INET)
		route_addr(s->id, family, &a4.sin_addr);
	else
		route_addr(s->id, family, &a6.sin6_addr);
	route(1, family, family == AF_INET ? (void *)&a4.sin_addr : (void *)&a6.sin6_addr);
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket(udp routed)");
	if (family == AF_INET ? connect(fd, (void *)&a4, sizeof(a4)) :
				connect(fd, (void *)&a6, sizeof(a6)))
		die("connect(udp routed)");
	if (send(fd, "x", 1, 0) != 1)
		die("send(udp routed)");
	s->fd[s->nfd++] = fd;
}

static void file_path(char *p, size_t len, unsigned int id)
{
	/* longer than a dentry's inline name: the name is allocated too */
	snprintf(p, len, DIR_NAME "/a-file-name-longer-than-the-inline-dentry-name-%u-%u",
		 instance, id);
}

static void make_slot(struct slot *s, unsigned int id)
{
	char path[128];
	int fd;

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->born_ms = now_ms();
	if (strchr(kinds, 't')) {
		tcp_pair(s, lfd4);
		tcp_pair(s, lfd6);
	}
	if (strchr(kinds, 'u')) {
		udp_self(s, AF_INET);
		udp_self(s, AF_INET6);
	}
	if (strchr(kinds, 'x'))
		unix_pair(s);
	if (strchr(kinds, 'r')) {
		routed_socket(s, AF_INET);
		routed_socket(s, AF_INET6);
	}
	if (strchr(kinds, 'f')) {
		file_path(path, sizeof(path), id);
		fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 || write(fd, path, 64) != 64 || close(fd))
			die("tmpfs file");
	}
	if (strchr(kinds, 'p')) {
		s->child = fork();
		if (s->child < 0)
			die("fork");
		if (!s->child) {
			execl("/bin/sleep", "sleep", "100000", (char *)NULL);
			_exit(127);
		}
	}
	made++;
}

static void free_slot(struct slot *s)
{
	struct in6_addr a6;
	struct in_addr a4;
	char path[128];
	int i, st;

	for (i = 0; i < s->nfd; i++)
		close(s->fd[i]);
	s->nfd = 0;
	if (strchr(kinds, 'r')) {
		route_addr(s->id, AF_INET, &a4);
		route(0, AF_INET, &a4);
		route_addr(s->id, AF_INET6, &a6);
		route(0, AF_INET6, &a6);
	}
	file_path(path, sizeof(path), s->id);
	if (strchr(kinds, 'f') && unlink(path))
		die("unlink");
	if (strchr(kinds, 'p')) {
		kill(s->child, SIGKILL);
		if (waitpid(s->child, &st, 0) != s->child)
			die("waitpid");
	}
}

/* a decimal number from 0 to MAX, nothing else: 0, or 1 if it is not */
static int number(const char *str, unsigned int max, unsigned int *val)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(str, &end, 10);
	if (!*str || *end || errno || v > max || *str == '-' || *str == '+')
		return 1;
	*val = v;
	return 0;
}

static void setup(void)
{
	struct rlimit rl = { 1 << 16, 1 << 16 };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit");
	dummy_idx = if_nametoindex("dummy0");
	if (!dummy_idx)
		die("dummy0");
	nlfd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nlfd < 0 || bind(nlfd, (void *)&sa, sizeof(sa)))
		die("netlink");
	lfd4 = listener(AF_INET);
	lfd6 = listener(AF_INET6);
	if (mkdir(DIR_NAME, 0755) && errno != EEXIST)
		die("mkdir");
}

int main(int argc, char **argv)
{
	struct slot *slots;
	unsigned long n, i, head = 0, tail = 0;
	unsigned int count, secs, ms;
	char c;

	if (getenv("SYSOBJ_KINDS"))
		kinds = getenv("SYSOBJ_KINDS");
	if (!*kinds || strspn(kinds, "tuxrpf") != strlen(kinds))
		goto usage;
	if (getenv("SYSOBJ_INSTANCE") && number(getenv("SYSOBJ_INSTANCE"), 15, &instance))
		goto usage;

	if (argc == 3 && !strcmp(argv[1], "hold")) {
		if (number(argv[2], 5000, &count) || !count)
			goto usage;
		n = count;
		setup();
		slots = calloc(n, sizeof(*slots));
		if (!slots)
			die("calloc");
		for (i = 0; i < n; i++)
			make_slot(&slots[i], i);
		printf("ready\n");
		fflush(stdout);
		while (read(0, &c, 1) > 0)
			;
		for (i = 0; i < n; i++)
			free_slot(&slots[i]);
	} else if (argc == 4 && !strcmp(argv[1], "run")) {
		long long end;

		if (number(argv[2], 86400, &secs) || !secs || number(argv[3], 3600000, &ms))
			goto usage;
		n = 256;
		setup();
		slots = calloc(n, sizeof(*slots));
		if (!slots)
			die("calloc");
		end = now_ms() + secs * 1000LL;
		while (now_ms() < end) {
			while (tail < head && now_ms() - slots[tail % n].born_ms >= ms)
				free_slot(&slots[tail++ % n]);
			if (head - tail < n) {
				make_slot(&slots[head % n], head);
				head++;
			} else {
				usleep(1000);
			}
		}
		while (tail < head)
			free_slot(&slots[tail++ % n]);
	} else {
		goto usage;
	}
	printf("# sysobj-churn slots=%lu\n", made);
	return 0;
usage:
	fprintf(stderr, "usage: sysobj-churn hold N (1-5000) | run SECS (1-86400) MS (0-3600000)\n"
		"  SYSOBJ_KINDS: letters of tuxrpf; SYSOBJ_INSTANCE: 0-15\n");
	return 2;
}
