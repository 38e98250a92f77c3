#!/usr/bin/env python3
"""Reads Taco Cloud order events from Kafka and validates each against the published JSON
Schema alone, the way a team outside TypeScript would. Uses Debian's python3-confluent-kafka
and python3-jsonschema.

usage: consume_orders.py BOOTSTRAP TOPIC COUNT SCHEMA_DIR
Prints one JSON line: {"valid": [...order ids...], "invalid": [{"offset": ..., "error": ...}]}
"""
import json
import os
import re
import sys
import time
import uuid

from confluent_kafka import Consumer
from jsonschema import Draft202012Validator


def schema_file(message_type, version):
    kebab = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", message_type).lower()
    return f"{kebab}.v{version}.schema.json"


def main(bootstrap, topic, count, schema_dir):
    validators = {}
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": f"python-{uuid.uuid4()}",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
    })
    consumer.subscribe([topic])
    valid, invalid = [], []
    deadline = time.time() + 60
    try:
        while len(valid) + len(invalid) < count and time.time() < deadline:
            record = consumer.poll(1.0)
            if record is None:
                continue
            if record.error():
                raise RuntimeError(record.error())
            headers = {key: value.decode() for key, value in (record.headers() or [])}
            name = schema_file(headers.get("message-type", "?"), headers.get("message-version", "?"))
            path = os.path.join(schema_dir, name)
            if not os.path.exists(path):
                invalid.append({"offset": record.offset(), "error": f"no published schema {name}"})
                continue
            if name not in validators:
                with open(path, encoding="utf-8") as handle:
                    validators[name] = Draft202012Validator(json.load(handle))
            event = json.loads(record.value())
            errors = sorted(error.message for error in validators[name].iter_errors(event))
            if errors:
                invalid.append({"offset": record.offset(), "error": "; ".join(errors)})
            elif event.get("orderId") != record.key().decode():
                invalid.append({"offset": record.offset(), "error": "key is not the order id"})
            else:
                valid.append({"orderId": event["orderId"], "version": headers["message-version"]})
    finally:
        consumer.close()
    print(json.dumps({"valid": valid, "invalid": invalid}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
