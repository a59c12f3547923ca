#!/usr/bin/env bash
# End-to-end check of `kedaguard audit` against a real kube-apiserver in kind (needs Docker,
# kind and kubectl on PATH). It:
#   1. creates a kind cluster (KIND_CLUSTER, default kedaguard-e2e) and installs KEDA's CRDs
#      (KEDA_CRDS: a file or URL, default the CRDs of KEDA_VERSION's release);
#   2. applies objects with known problems: a Deployment without cpu requests, a manual HPA on
#      it, and a ScaledObject with a cpu trigger on the same Deployment;
#   3. runs the audit with your admin kubeconfig and expects those findings (exit status 1);
#   4. runs it again as a ServiceAccount bound only to the kedaguard-audit role (webhook-config/audit/rbac.yaml), through a
#      kubeconfig with a short-lived token, to prove those permissions are enough, and checks
#      that the account cannot read Secrets;
#   5. deletes the cluster (KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."

cluster=${KIND_CLUSTER:-kedaguard-e2e}
keda_version=${KEDA_VERSION:-2.17.0}
crds=${KEDA_CRDS:-https://github.com/kedacore/keda/releases/download/v${keda_version}/keda-${keda_version}-crds.yaml}
work=$(mktemp -d)
context="kind-${cluster}"

for tool in docker kind kubectl swift; do
  command -v "$tool" >/dev/null || { echo "hack/kind-e2e.sh: $tool is not on PATH" >&2; exit 2; }
done

cleanup() {
  rm -rf "$work"
  if [ "${KEEP:-0}" != 1 ]; then kind delete cluster --name "$cluster" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

echo "== building kedaguard"
swift build --product kedaguard >/dev/null
kedaguard="$(swift build --show-bin-path)/kedaguard"

echo "== creating kind cluster $cluster"
kind get clusters | grep -qx "$cluster" || kind create cluster --name "$cluster" --wait 120s
kubectl --context "$context" apply --server-side -f "$crds" >/dev/null
kubectl --context "$context" wait --for=condition=Established --timeout=60s crd/scaledobjects.keda.sh crd/triggerauthentications.keda.sh >/dev/null

echo "== applying objects with known problems"
kubectl --context "$context" create namespace shop --dry-run=client -o yaml | kubectl --context "$context" apply -f - >/dev/null
kubectl --context "$context" apply -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "busybox:1.36", command: [sleep, "3600"]}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: manual, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: orders, namespace: shop}
spec:
  scaleTargetRef: {name: web}
  minReplicaCount: 1
  triggers:
    - type: cpu
      metricType: Utilization
      metadata: {value: "60"}
YAML

expect_findings() {
  local out=$1
  for rule in scaledobject-hpa-conflict scaledobject-cpu-memory-requests; do
    grep -q "shop/ScaledObject/orders: error: .*\[$rule\]" "$out" || { echo "missing $rule in:"; cat "$out"; exit 1; }
  done
}

echo "== audit as cluster admin"
set +e
"$kedaguard" audit --context "$context" --namespace shop >"$work/admin.txt" 2>&1
status=$?
set -e
cat "$work/admin.txt"
[ "$status" = 1 ] || { echo "expected exit status 1, got $status"; exit 1; }
expect_findings "$work/admin.txt"

echo "== audit as a ServiceAccount with only the kedaguard-audit role"
kubectl --context "$context" create namespace kedaguard --dry-run=client -o yaml | kubectl --context "$context" apply -f - >/dev/null
kubectl --context "$context" -n kedaguard create serviceaccount kedaguard --dry-run=client -o yaml | kubectl --context "$context" apply -f - >/dev/null
kubectl --context "$context" apply -f webhook-config/audit/rbac.yaml >/dev/null
kubectl --context "$context" create clusterrolebinding kedaguard-audit --clusterrole kedaguard-audit \
  --serviceaccount kedaguard:kedaguard --dry-run=client -o yaml | kubectl --context "$context" apply -f - >/dev/null
if kubectl --context "$context" auth can-i list secrets --as=system:serviceaccount:kedaguard:kedaguard -A >/dev/null 2>&1; then
  echo "the ServiceAccount must not read Secrets"; exit 1
fi
token=$(kubectl --context "$context" -n kedaguard create token kedaguard --duration=10m)
server=$(kubectl --context "$context" config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}')
ca=$(kubectl --context "$context" config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
cat >"$work/sa.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
current-context: sa
clusters: [{name: kind, cluster: {server: "$server", certificate-authority-data: "$ca"}}]
users: [{name: sa, user: {token: "$token"}}]
contexts: [{name: sa, context: {cluster: kind, user: sa, namespace: shop}}]
KUBECONFIG
set +e
"$kedaguard" audit --kubeconfig "$work/sa.kubeconfig" --all-namespaces >"$work/sa.txt" 2>&1
status=$?
set -e
cat "$work/sa.txt"
[ "$status" = 1 ] || { echo "expected exit status 1, got $status"; exit 1; }
expect_findings "$work/sa.txt"
if grep -q "cluster-state-unavailable\|forbidden" "$work/sa.txt"; then echo "the RBAC rules are not enough"; exit 1; fi

echo "== passed"
