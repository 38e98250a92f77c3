#!/bin/sh
# One-shot, once the brokers are healthy: as admin (the only principal that may create topics),
# create the orders topic and its DLT, and grant each app only what it needs. The grants are
# the order-api and order-listener rows of tools/kafka/src/acls.ts (a test keeps them equal).
set -eu
# The defaults are the compose network's; a test runs this script against a one-node copy.
bootstrap="${BOOTSTRAP:-kafka-1:29092}"
config="${SECRETS_DIR:-/secrets}/admin.properties"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
replicas="${REPLICATION_FACTOR:-3}"
# As the apps' prod profile declares: with 3 replicas an acknowledged write is on at least 2.
min_insync=$((replicas >= 3 ? 2 : 1))
topics() { "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$config" "$@"; }
acl() { "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --add --allow-principal "$@"; }
for topic in tacocloud.orders.topic tacocloud.orders.topic.DLT; do
  topics --create --if-not-exists --topic "$topic" --partitions 6 --replication-factor "$replicas" \
    --config min.insync.replicas="$min_insync" --config unclean.leader.election.enable=false
done
acl User:order-api --operation Write --operation Describe --operation DescribeConfigs --topic tacocloud.orders.topic
acl User:order-api --operation Describe --operation DescribeConfigs --topic tacocloud.orders.topic.DLT
acl User:order-api --operation IdempotentWrite --cluster
acl User:order-listener --operation Read --operation Describe --operation DescribeConfigs --topic tacocloud.orders.topic
acl User:order-listener --operation Read --operation Describe --group order-listener
acl User:order-listener --operation Write --operation Describe --operation DescribeConfigs --topic tacocloud.orders.topic.DLT
acl User:order-listener --operation IdempotentWrite --cluster
echo "topics and ACLs in place"
