#!/bin/sh
# A broker with SASL_SSL listeners: reads the keystore password and the principals' passwords
# from the secrets volume into the image's KAFKA_* variables (never into the compose file),
# then runs the image's own start script.
set -eu
# SECRETS_DIR and KAFKA_RUN are for the test that runs this script outside the image.
dir="${SECRETS_DIR:-/secrets}"
pw() { cat "$dir/$1.password"; }
plain_users="user_admin=\"$(pw admin)\" user_order-api=\"$(pw order-api)\" user_order-listener=\"$(pw order-listener)\""
jaas="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$(pw admin)\" $plain_users;"
export KAFKA_SSL_KEYSTORE_PASSWORD="$(cat "$dir/keystore.password")"
export KAFKA_SSL_TRUSTSTORE_PASSWORD="$KAFKA_SSL_KEYSTORE_PASSWORD"
export KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG="$jaas"
export KAFKA_LISTENER_NAME_EXTERNAL_PLAIN_SASL_JAAS_CONFIG="$jaas"
export KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG="$jaas"
exec "${KAFKA_RUN:-/etc/kafka/docker/run}"
