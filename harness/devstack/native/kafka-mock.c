/*
 * A Kafka wire-protocol cluster for machines without a Docker engine, built on
 * librdkafka's mock cluster. It stands in for Kafka only where no Java runtime
 * can run Apache Kafka's own broker (see src/embedded/kafka.ts).
 *
 * Contract (line protocol):
 *   argv[1]            number of brokers (default 1)
 *   stdout, first line "bootstrap <host:port,...> control <port> librdkafka <version>"
 *   commands, on stdin or one per TCP connection to 127.0.0.1:<control port>:
 *                      "down <broker|-1>", "up <broker|-1>",
 *                      "topic <name> <partitions>",
 *                      "quit"
 *   each command answers one line: "ok" or "error <reason>".
 * The process exits when stdin closes or its parent dies, so it can never
 * outlive the test run that started it.
 */
#include <arpa/inet.h>
#include <librdkafka/rdkafka.h>
#include <poll.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int broker_count = 1;

static void reply(FILE *out, rd_kafka_resp_err_t err) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
    fprintf(out, "ok\n");
  else
    fprintf(out, "error %s\n", rd_kafka_err2str(err));
  fflush(out);
}

/* Returns 0 when the command asks the launcher to quit. */
static int handle(rd_kafka_mock_cluster_t *cluster, const char *line, FILE *out) {
  char name[512];
  int a = 0, b = 0;
  if (sscanf(line, "down %d", &a) == 1) {
    reply(out, rd_kafka_mock_broker_set_down(cluster, a));
  } else if (sscanf(line, "up %d", &a) == 1) {
    reply(out, rd_kafka_mock_broker_set_up(cluster, a));
  } else if (sscanf(line, "topic %511s %d", name, &b) == 2) {
    reply(out, rd_kafka_mock_topic_create(cluster, name, b, 1));
  } else if (strncmp(line, "quit", 4) == 0) {
    fprintf(out, "ok\n");
    fflush(out);
    return 0;
  } else {
    fprintf(out, "error unknown command\n");
    fflush(out);
  }
  return 1;
}

static int open_control_socket(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      listen(fd, 16) != 0 || getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
    return -1;
  *port = ntohs(addr.sin_port);
  return fd;
}

int main(int argc, char **argv) {
  pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) return 1; /* parent died before prctl took effect */

  broker_count = argc > 1 ? atoi(argv[1]) : 1;
  if (broker_count < 1) broker_count = 1;

  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!rk) {
    fprintf(stderr, "kafka-mock: rd_kafka_new failed: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(rk, broker_count);
  if (!cluster) {
    fprintf(stderr, "kafka-mock: could not create the mock cluster\n");
    return 1;
  }
  int control_port = 0;
  int control_fd = open_control_socket(&control_port);
  if (control_fd < 0) {
    perror("kafka-mock: control socket");
    return 1;
  }
  printf("bootstrap %s control %d librdkafka %s\n", rd_kafka_mock_cluster_bootstraps(cluster), control_port,
         rd_kafka_version_str());
  fflush(stdout);

  char line[1024];
  int running = 1;
  struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = control_fd, .events = POLLIN}};
  while (running && poll(fds, 2, -1) >= 0) {
    if (fds[0].revents) {
      if (!fgets(line, sizeof line, stdin)) break; /* stdin closed: the owner is gone */
      running = handle(cluster, line, stdout);
    }
    if (fds[1].revents & POLLIN) {
      int client = accept(control_fd, NULL, NULL);
      if (client < 0) continue;
      FILE *conn = fdopen(client, "r+");
      if (fgets(line, sizeof line, conn)) running = handle(cluster, line, conn);
      fclose(conn);
    }
  }
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
