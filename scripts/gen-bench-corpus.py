#!/usr/bin/env python3
"""Writes a lint benchmark corpus: N files holding M KEDA documents in total (ScaledObjects,
ScaledJobs and TriggerAuthentications in equal parts, with realistic triggers).

    python3 scripts/gen-bench-corpus.py OUT_DIR [--files 1000] [--documents 10000]
"""
import argparse
import os

SCALED_OBJECT = """apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker-{i}
  namespace: team-{ns}
  labels: {{app: worker-{i}, tier: backend}}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: worker-{i}
  minReplicaCount: 0
  maxReplicaCount: 40
  pollingInterval: 15
  cooldownPeriod: 120
  fallback:
    failureThreshold: 3
    replicas: 4
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleUp:
          stabilizationWindowSeconds: 0
          policies:
            - {{type: Percent, value: 100, periodSeconds: 15}}
        scaleDown:
          stabilizationWindowSeconds: 300
          policies:
            - {{type: Pods, value: 2, periodSeconds: 60}}
  triggers:
    - type: prometheus
      name: rps
      metadata:
        serverAddress: http://prometheus.monitoring.svc:9090
        query: sum(rate(http_requests_total{{app="worker-{i}"}}[2m]))
        threshold: "100"
    - type: kafka
      name: lag
      authenticationRef:
        name: kafka-auth-{i}
      metadata:
        bootstrapServers: kafka-0.kafka:9092,kafka-1.kafka:9092
        consumerGroup: workers-{i}
        topic: orders
        lagThreshold: "50"
"""

SCALED_JOB = """apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: batch-{i}
  namespace: team-{ns}
spec:
  jobTargetRef:
    parallelism: 1
    completions: 1
    backoffLimit: 4
    template:
      spec:
        restartPolicy: Never
        containers:
          - name: batch
            image: registry.example/batch:{i}
            resources:
              requests: {{cpu: 500m, memory: 512Mi}}
  pollingInterval: 30
  maxReplicaCount: 20
  successfulJobsHistoryLimit: 5
  failedJobsHistoryLimit: 5
  triggers:
    - type: rabbitmq
      authenticationRef:
        name: rabbit-auth-{i}
      metadata:
        queueName: jobs-{i}
        mode: QueueLength
        value: "10"
"""

TRIGGER_AUTH = """apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: kafka-auth-{i}
  namespace: team-{ns}
spec:
  secretTargetRef:
    - parameter: sasl
      name: kafka-credentials
      key: sasl
    - parameter: username
      name: kafka-credentials
      key: username
    - parameter: password
      name: kafka-credentials
      key: password
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--documents", type=int, default=10000)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    templates = [SCALED_OBJECT, SCALED_JOB, TRIGGER_AUTH]
    per_file = args.documents // args.files
    doc = 0
    for f in range(args.files):
        docs = []
        for _ in range(per_file):
            docs.append(templates[doc % 3].format(i=doc, ns=doc % 20))
            doc += 1
        with open(os.path.join(args.out, f"manifests-{f:04d}.yaml"), "w") as fh:
            fh.write("---\n".join(docs))
    print(f"wrote {doc} documents in {args.files} files to {args.out}")


if __name__ == "__main__":
    main()
