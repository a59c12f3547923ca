#!/usr/bin/env python3
"""Writes the AdmissionReview bodies the load scripts send.

    python3 bench/gen-admission-bodies.py OUT_DIR

small.json    a minimal ScaledObject (one cron trigger), as in the server tests
typical.json  testdata/admission/validate/scaledobject-create-valid.json: three triggers,
              HPA behavior, fallback and managedFields, as kube-apiserver sends it (compact), plus
              the last-applied-configuration annotation `kubectl apply` writes: about 4.7 KB
large.json    the typical object with 40 triggers (kafka, prometheus, cron, rabbitmq, aws-sqs-queue,
              redis), managedFields and the last-applied annotation covering them
"""
import copy
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def add_last_applied(obj):
    """What client-side `kubectl apply` leaves on every object it applies: the applied manifest
    as a JSON string in an annotation, and a managedFields entry for that annotation. Most
    ScaledObjects reach the webhook with it, and it is the one long escaped string in them."""
    key = "kubectl.kubernetes.io/last-applied-configuration"
    metadata = {k: v for k, v in obj["metadata"].items() if k in ("name", "namespace", "labels")}
    own = {k: v for k, v in obj["metadata"].get("annotations", {}).items() if k != key}
    if own:
        metadata["annotations"] = own
    applied = {"apiVersion": obj["apiVersion"], "kind": obj["kind"], "metadata": metadata, "spec": obj["spec"]}
    annotations = obj["metadata"].setdefault("annotations", {})
    annotations[key] = json.dumps(applied, separators=(",", ":")) + "\n"
    fields = obj["metadata"]["managedFields"][0].setdefault("fieldsV1", {})
    fields.setdefault("f:metadata", {}).setdefault("f:annotations", {".": {}})[
        "f:kubectl.kubernetes.io/last-applied-configuration"] = {}


def main(out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(ROOT, "testdata/admission/validate/scaledobject-create-valid.json")) as f:
        typical = json.load(f)
    add_last_applied(typical["request"]["object"])

    small = {
        "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
        "request": {
            "uid": "5c0a9e51-0000-4000-8000-000000000001",
            "kind": {"group": "keda.sh", "version": "v1alpha1", "kind": "ScaledObject"},
            "name": "web", "namespace": "apps", "operation": "CREATE",
            "userInfo": {"username": "tester"},
            "object": {
                "apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
                "metadata": {"name": "web", "namespace": "apps"},
                "spec": {"scaleTargetRef": {"name": "web"}, "triggers": [{"type": "cron", "metadata": {
                    "timezone": "UTC", "start": "0 8 * * *", "end": "0 18 * * *", "desiredReplicas": "3"}}]},
            },
            "oldObject": None, "dryRun": False,
        },
    }

    large = copy.deepcopy(typical)
    obj = large["request"]["object"]
    triggers = []
    for i in range(40):
        kind = i % 6
        if kind == 0:
            t = {"type": "kafka", "metadata": {"bootstrapServers": f"kafka-{i}.kafka.shop.svc:9092", "consumerGroup": f"group-{i}",
                                                "topic": f"topic-{i}", "lagThreshold": str(10 + i), "offsetResetPolicy": "latest"}}
        elif kind == 1:
            t = {"type": "prometheus", "metadata": {"serverAddress": "http://prometheus-operated.monitoring.svc:9090",
                                                     "query": f'sum(rate(http_requests_total{{namespace="shop",service="svc-{i}"}}[2m]))',
                                                     "threshold": str(100 + i), "activationThreshold": "5"}}
        elif kind == 2:
            t = {"type": "cron", "metadata": {"timezone": "Europe/Berlin", "start": f"{i % 60} 8 * * 1-5",
                                               "end": f"{i % 60} 20 * * 1-5", "desiredReplicas": str(1 + i % 5)}}
        elif kind == 3:
            t = {"type": "rabbitmq", "metadata": {"protocol": "amqp", "queueName": f"queue-{i}", "mode": "QueueLength", "value": "20"},
                 "authenticationRef": {"name": "rabbitmq-auth"}}
        elif kind == 4:
            t = {"type": "aws-sqs-queue", "metadata": {"queueURL": f"https://sqs.eu-west-1.amazonaws.com/123456789012/queue-{i}",
                                                        "queueLength": "5", "awsRegion": "eu-west-1"},
                 "authenticationRef": {"name": "aws-auth"}}
        else:
            t = {"type": "redis", "metadata": {"address": "redis.shop.svc:6379", "listName": f"list-{i}", "listLength": "10"},
                 "authenticationRef": {"name": "redis-auth"}}
        t["name"] = f"trigger-{i}"
        triggers.append(t)
    obj["spec"]["triggers"] = triggers
    fields = obj["metadata"]["managedFields"][0]
    spec_fields = fields.setdefault("fieldsV1", {}).setdefault("f:spec", {})
    spec_fields["f:triggers"] = {f'k:{{"name":"trigger-{i}"}}': {".": {}, "f:metadata": {".": {}}, "f:name": {}, "f:type": {}}
                                 for i in range(len(triggers))}

    add_last_applied(obj)

    for name, body in (("small", small), ("typical", typical), ("large", large)):
        with open(os.path.join(out, f"{name}.json"), "w") as f:
            json.dump(body, f, separators=(",", ":"))
        print(f"{name}: {os.path.getsize(os.path.join(out, name + '.json'))} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
