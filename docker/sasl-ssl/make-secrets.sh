#!/bin/sh
# One-shot, before the brokers start: a throwaway CA, one broker certificate valid for every
# broker's name, and a random password per principal, in the kafka-secrets volume. Made with
# the JDK's keytool from the Kafka image itself (nothing downloaded); kept across restarts.
set -eu
# SECRETS_DIR: where the volume is mounted (a test runs this script on a temporary directory).
dir="${SECRETS_DIR:-/secrets}"
cd "$dir"
if [ -f ca.pem ]; then echo "secrets exist; keeping them"; exit 0; fi
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }
store="$(secret)"
keytool -genkeypair -alias ca -dname CN=tacocloud-compose-ca -ext bc:c -keyalg RSA -keysize 2048 -validity 365 \
  -storetype PKCS12 -keystore ca.p12 -storepass "$store"
keytool -exportcert -rfc -alias ca -keystore ca.p12 -storepass "$store" -file ca.pem
keytool -genkeypair -alias broker -dname CN=broker -keyalg RSA -keysize 2048 -validity 365 \
  -storetype PKCS12 -keystore broker.p12 -storepass "$store"
keytool -certreq -alias broker -keystore broker.p12 -storepass "$store" -file broker.csr
keytool -gencert -alias ca -keystore ca.p12 -storepass "$store" -infile broker.csr -outfile broker.pem -rfc -validity 365 \
  -ext SAN=dns:kafka-1,dns:kafka-2,dns:kafka-3,dns:localhost
keytool -importcert -noprompt -alias ca -file ca.pem -keystore broker.p12 -storepass "$store"
keytool -importcert -noprompt -alias broker -file broker.pem -keystore broker.p12 -storepass "$store"
rm broker.csr broker.pem ca.p12
printf '%s' "$store" > keystore.password
for principal in admin order-api order-listener; do secret > "$principal.password"; done
# Kafka's own tools (healthcheck, kafka-setup) connect as admin with this.
cat > admin.properties <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$(cat admin.password)";
ssl.truststore.type=PEM
ssl.truststore.location=$dir/ca.pem
PROPERTIES
# The brokers (appuser) and the apps (node) both run as uid 1000; nobody else reads these.
chown 1000:1000 ./*
chmod 0400 ./*
echo "made a CA, the broker certificate and passwords for admin, order-api and order-listener"
