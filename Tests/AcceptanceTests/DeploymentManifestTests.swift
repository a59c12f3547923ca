import Foundation
import FakeKubeAPI
import KedaguardCore
import Testing

/// Renders webhook-config/ with `kubectl kustomize` and checks what a cluster would receive, then
/// runs `kubectl apply --dry-run=client` on it. Client-side dry runs still need an API server
/// for discovery (kind to URL) and to look each object up; FakeKubeAPI plays a cluster that has
/// cert-manager and the Prometheus operator installed. kubectl's OpenAPI validation is off
/// (`--validate=false`): the fake serves no schema, and the field checks here cover that part.
@Suite(.serialized)
struct DeploymentManifestTests {
    static let variants = ["webhook-config", "webhook-config/overlays/cert-manager",
                           "webhook-config/overlays/cert-manager-warn-only", "testdata/deploy/all-components"]

    // MARK: Rendering

    struct Rendered {
        let path: String
        let objects: [Node]

        func all(_ kind: String) -> [Node] { objects.filter { $0["kind"]?.stringValue == kind } }
        func one(_ kind: String, _ name: String) -> Node? {
            objects.first { $0["kind"]?.stringValue == kind && $0["metadata"]?["name"]?.stringValue == name }
        }
    }

    static func kubectl() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("kubectl")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Missing(description: """
            kubectl is not installed, so the manifests in webhook-config/ cannot be rendered. \
            Install it (apt-get install -y kubernetes-client, or the kubectl package) and run again; \
            .ci/run does this.
            """)
    }

    struct Missing: Error, CustomStringConvertible { let description: String }

    static func render(_ relative: String) throws -> Rendered {
        let result = try runKubectl(["kustomize", Binary.repo.appendingPathComponent(relative).path])
        guard result.status == 0 else {
            throw Missing(description: """
                kubectl kustomize \(relative) failed: \(result.stderr) \
                (webhook-config/ uses kustomize components and `patches`: kubectl 1.21 or newer)
                """)
        }
        let parsed = YAMLParser.parse(result.stdout)
        guard parsed.problems.isEmpty else { throw Missing(description: "\(relative): rendered YAML does not parse: \(parsed.problems)") }
        return Rendered(path: relative, objects: parsed.documents.compactMap(\.root))
    }

    static func strings(_ node: Node?) -> [String] { (node?.sequenceValue ?? []).compactMap(\.stringValue) }

    /// Runs kubectl to completion, bounded in time. Both pipes are drained at once so a large
    /// output cannot block kubectl; the group's wait is what makes outData safe to read here
    /// (ThreadSanitizer checks that).
    static func runKubectl(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try kubectl()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var outData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        if group.wait(timeout: .now() + 120) == .timedOut {
            process.terminate()
            throw Missing(description: "kubectl \(arguments.joined(separator: " ")) did not finish within 120 s")
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// The resource types of a cluster with cert-manager and the Prometheus operator.
    static let clusterResources: [DiscoveredResource] = [
        .init(group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false),
        .init(group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", namespaced: true),
        .init(group: "", version: "v1", kind: "Service", plural: "services", namespaced: true),
        .init(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true),
        .init(group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true),
        .init(group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true),
        .init(group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets", namespaced: true),
        .init(group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies", namespaced: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles", namespaced: false),
        .init(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings", namespaced: false),
        .init(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", namespaced: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings", namespaced: true),
        .init(group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingWebhookConfiguration",
              plural: "validatingwebhookconfigurations", namespaced: false),
        .init(group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingWebhookConfiguration",
              plural: "mutatingwebhookconfigurations", namespaced: false),
        .init(group: "cert-manager.io", version: "v1", kind: "Issuer", plural: "issuers", namespaced: true),
        .init(group: "cert-manager.io", version: "v1", kind: "Certificate", plural: "certificates", namespaced: true),
        .init(group: "monitoring.coreos.com", version: "v1", kind: "PrometheusRule", plural: "prometheusrules", namespaced: true),
        .init(group: "monitoring.coreos.com", version: "v1", kind: "ServiceMonitor", plural: "servicemonitors", namespaced: true),
    ]

    // MARK: Checks on every variant

    /// What `kubectl apply -k` would send is accepted by kubectl's client-side dry run: every
    /// object maps to a known resource type, and each is reported as created.
    @Test(arguments: variants)
    func kubectlClientDryRunAccepts(variant: String) async throws {
        let rendered = try Self.render(variant)
        let api = try FakeKubeAPI()
        try await api.start()
        defer { Task { await api.stop() } }
        api.serveDiscovery(Self.clusterResources)
        let dir = try Binary.temporaryDirectory()
        let kubeconfig = dir.appendingPathComponent("kubeconfig")
        try api.kubeconfig().write(to: kubeconfig, atomically: true, encoding: .utf8)
        let result = try Self.runKubectl(["apply", "--dry-run=client", "--validate=false", "-k", Binary.repo.appendingPathComponent(variant).path,
                                          "--kubeconfig", kubeconfig.path, "--cache-dir", dir.appendingPathComponent("cache").path])
        #expect(result.status == 0, "\(variant): kubectl apply --dry-run=client failed: \(result.stderr)")
        let created = result.stdout.split(separator: "\n").filter { $0.hasSuffix(" created (dry run)") }
        #expect(created.count == rendered.objects.count, "\(variant): \(rendered.objects.count) objects, kubectl reported \(result.stdout)")
    }

    @Test(arguments: variants)
    func containersAreBoundedAndLockedDown(variant: String) throws {
        let r = try Self.render(variant)
        let workloads = r.objects.filter { ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"].contains($0["kind"]?.stringValue ?? "") }
        #expect(!workloads.isEmpty)
        for workload in workloads {
            let name = workload["metadata"]?["name"]?.stringValue ?? "?"
            let pod = workload["kind"]?.stringValue == "Pod" ? workload["spec"] : workload["spec"]?["template"]?["spec"]
            let podSecurity = pod?["securityContext"]
            #expect(podSecurity?["runAsNonRoot"]?.boolValue == true, "\(variant) \(name): pod runAsNonRoot")
            for container in (pod?["containers"]?.sequenceValue ?? []) + (pod?["initContainers"]?.sequenceValue ?? []) {
                let id = "\(variant) \(name)/\(container["name"]?.stringValue ?? "?")"
                for key in ["cpu", "memory"] {
                    #expect(container["resources"]?["limits"]?[key] != nil, "\(id): resources.limits.\(key)")
                    #expect(container["resources"]?["requests"]?[key] != nil, "\(id): resources.requests.\(key)")
                }
                let sc = container["securityContext"]
                #expect(sc != nil, "\(id): securityContext")
                #expect((sc?["runAsNonRoot"] ?? podSecurity?["runAsNonRoot"])?.boolValue == true, "\(id): runAsNonRoot")
                #expect(sc?["readOnlyRootFilesystem"]?.boolValue == true, "\(id): readOnlyRootFilesystem")
                #expect(sc?["allowPrivilegeEscalation"]?.boolValue == false, "\(id): allowPrivilegeEscalation false")
                #expect(sc?["privileged"]?.boolValue != true, "\(id): not privileged")
                let dropped = Self.strings(sc?["capabilities"]?["drop"]), added = Self.strings(sc?["capabilities"]?["add"])
                #expect(dropped.contains("ALL"), "\(id): drops ALL capabilities")
                #expect(added.isEmpty, "\(id): adds no capability")
                #expect((sc?["seccompProfile"] ?? podSecurity?["seccompProfile"])?["type"]?.stringValue == "RuntimeDefault", "\(id): seccomp RuntimeDefault")
                let image = container["image"]?.stringValue ?? ""
                #expect(!image.isEmpty && !image.hasSuffix(":latest") && image.contains(":"), "\(id): image pinned to a tag, got \(image)")
            }
        }
    }

    @Test(arguments: variants)
    func rbacIsReadOnlyWithoutWildcards(variant: String) throws {
        let r = try Self.render(variant)
        let roles = r.all("ClusterRole") + r.all("Role")
        #expect(!roles.isEmpty)
        let secretsOptIn = variant.contains("all-components")
        for role in roles {
            let name = role["metadata"]?["name"]?.stringValue ?? "?"
            for rule in role["rules"]?.sequenceValue ?? [] {
                let groups = Self.strings(rule["apiGroups"]), resources = Self.strings(rule["resources"]), verbs = Self.strings(rule["verbs"])
                #expect(!(groups + resources + verbs).contains("*"), "\(variant) \(name): no wildcards")
                #expect(rule["nonResourceURLs"] == nil, "\(variant) \(name): no non-resource URLs")
                #expect(Set(verbs).isSubset(of: ["get", "list", "watch"]), "\(variant) \(name): read-only verbs, got \(verbs)")
                if resources.contains("secrets") {
                    #expect(secretsOptIn && name == "kedaguard-secret-reader", "\(variant) \(name): Secrets only through components/secret-read-access")
                    // With --read-secrets the cache lists and watches Secrets (key names only).
                    #expect(Set(verbs) == ["get", "list", "watch"])
                }
            }
        }
        // The webhook's own role is exactly what its cluster cache reads.
        let role = try #require(r.one("ClusterRole", "kedaguard"))
        var granted: Set<String> = []
        for rule in role["rules"]?.sequenceValue ?? [] {
            #expect(Set(Self.strings(rule["verbs"])) == ["get", "list", "watch"])
            for g in Self.strings(rule["apiGroups"]) { for res in Self.strings(rule["resources"]) { granted.insert("\(g)/\(res)") } }
        }
        #expect(granted == ["autoscaling/horizontalpodautoscalers", "keda.sh/scaledobjects", "keda.sh/triggerauthentications",
                            "keda.sh/clustertriggerauthentications", "apps/deployments", "apps/statefulsets", "/limitranges"])
        // Bound to the ServiceAccount the pods run as.
        let deployment = try #require(r.one("Deployment", "kedaguard"))
        let account = deployment["spec"]?["template"]?["spec"]?["serviceAccountName"]?.stringValue
        for binding in r.all("ClusterRoleBinding") {
            let subjects = binding["subjects"]?.sequenceValue ?? []
            #expect(subjects.count == 1 && subjects[0]["kind"]?.stringValue == "ServiceAccount"
                    && subjects[0]["name"]?.stringValue == account && subjects[0]["namespace"]?.stringValue == "kedaguard-system")
            let roleName = binding["roleRef"]?["name"]?.stringValue ?? ""
            #expect(r.one("ClusterRole", roleName) != nil, "\(variant): binding to missing role \(roleName)")
        }
        #expect(r.one("ServiceAccount", account ?? "") != nil)
    }

    @Test(arguments: variants)
    func webhookConfigurationsFitTheServer(variant: String) throws {
        let r = try Self.render(variant)
        let service = try #require(r.one("Service", "kedaguard"))
        let validating = try #require(r.one("ValidatingWebhookConfiguration", "kedaguard"))
        let mutating = try #require(r.one("MutatingWebhookConfiguration", "kedaguard"))
        var validated: Set<String> = [], mutated: Set<String> = []
        for (config, isMutating) in [(validating, false), (mutating, true)] {
            let webhooks = config["webhooks"]?.sequenceValue ?? []
            #expect(!webhooks.isEmpty)
            for webhook in webhooks {
                let id = "\(variant) \(webhook["name"]?.stringValue ?? "?")"
                #expect(Self.strings(webhook["admissionReviewVersions"]) == ["v1"], "\(id): admissionReviewVersions [v1]")
                #expect(webhook["sideEffects"]?.stringValue == "None", "\(id): sideEffects None")
                #expect(webhook["matchPolicy"]?.stringValue == "Equivalent", "\(id): matchPolicy Equivalent")
                let timeout = webhook["timeoutSeconds"]?.intValue ?? 0
                #expect((1...5).contains(timeout), "\(id): timeoutSeconds small, got \(timeout)")
                #expect(["Fail", "Ignore"].contains(webhook["failurePolicy"]?.stringValue ?? ""), "\(id): failurePolicy explicit")
                if isMutating {
                    #expect(webhook["reinvocationPolicy"]?.stringValue == "IfNeeded", "\(id): reinvocationPolicy IfNeeded")
                    #expect(webhook["failurePolicy"]?.stringValue == "Ignore", "\(id): defaults are never worth a failed write")
                }
                let excluded = (webhook["namespaceSelector"]?["matchExpressions"]?.sequenceValue ?? []).filter {
                    $0["key"]?.stringValue == "kubernetes.io/metadata.name" && $0["operator"]?.stringValue == "NotIn"
                }.flatMap { Self.strings($0["values"]) }
                #expect(Set(["kube-system", "kedaguard-system"]).isSubset(of: Set(excluded)), "\(id): namespaceSelector excludes kube-system and kedaguard-system")
                let ref = webhook["clientConfig"]?["service"]
                #expect(ref?["name"]?.stringValue == "kedaguard" && ref?["namespace"]?.stringValue == service["metadata"]?["namespace"]?.stringValue,
                        "\(id): calls the kedaguard Service")
                #expect(ref?["port"]?.intValue == 443)
                let path = ref?["path"]?.stringValue ?? ""
                let endpoint = AdmissionEndpoint(path: path)
                #expect(endpoint != nil, "\(id): \(path) is not a path kedaguard serve answers")
                #expect(endpoint?.mode == (isMutating ? .mutate : .validate), "\(id): \(path) is the wrong mode")
                for rule in webhook["rules"]?.sequenceValue ?? [] {
                    #expect(Set(Self.strings(rule["operations"])) == ["CREATE", "UPDATE"], "\(id): CREATE and UPDATE only")
                    #expect(Self.strings(rule["apiVersions"]) == ["v1alpha1"])
                    for group in Self.strings(rule["apiGroups"]) {
                        for resource in Self.strings(rule["resources"]) {
                            #expect(!resource.contains("/") && resource != "*", "\(id): whole objects, no subresources or wildcards")
                            if isMutating { mutated.insert("\(group)/\(resource)") } else { validated.insert("\(group)/\(resource)") }
                        }
                    }
                }
            }
        }
        // Every kind the server knows is validated; only the kinds with defaults are mutated.
        #expect(validated == Set(ResourceKind.allCases.map { "\($0.group)/\($0.plural)" }))
        #expect(mutated == ["keda.sh/scaledobjects", "keda.sh/scaledjobs"])
        let validatingPolicy = validating["webhooks"]?[0]?["failurePolicy"]?.stringValue
        #expect(validatingPolicy == (variant.contains("warn") || variant.contains("all-components") ? "Ignore" : "Fail"))
    }

    @Test(arguments: variants)
    func deploymentIsHighlyAvailableAndWiredToItsParts(variant: String) throws {
        let r = try Self.render(variant)
        let deployment = try #require(r.one("Deployment", "kedaguard"))
        let spec = try #require(deployment["spec"])
        #expect((spec["replicas"]?.intValue ?? 0) >= 2)
        let pod = try #require(spec["template"]?["spec"])
        let labels = spec["template"]?["metadata"]?["labels"]
        #expect(pod["affinity"]?["podAntiAffinity"] != nil || pod["topologySpreadConstraints"] != nil)
        func selects(_ selector: Node?) -> Bool {
            guard let entries = selector?.entries, !entries.isEmpty else { return false }
            return entries.allSatisfy { labels?[$0.key]?.stringValue == $0.value.stringValue }
        }
        let pdb = try #require(r.one("PodDisruptionBudget", "kedaguard"))
        #expect(pdb["spec"]?["minAvailable"]?.intValue == 1)
        #expect(selects(pdb["spec"]?["selector"]?["matchLabels"]))

        let container = try #require(pod["containers"]?[0])
        let args = Self.strings(container["args"])
        #expect(args.first == "serve")
        func flag(_ name: String) -> String? {
            args.first { $0.hasPrefix("--\(name)=") }.map { String($0.dropFirst(name.count + 3)) }
        }
        func containerPort(_ ref: Node?) -> Int64? {
            if let n = ref?.intValue { return n }
            return (container["ports"]?.sequenceValue ?? []).first { $0["name"]?.stringValue == ref?.stringValue }?["containerPort"]?.intValue
        }
        // Probes on the probe port, admission Service to the TLS port.
        let probePort = Int64(flag("health-probe-bind-address")?.split(separator: ":").last ?? "")
        #expect(probePort != nil)
        for probe in ["livenessProbe", "readinessProbe"] {
            #expect(containerPort(container[probe]?["httpGet"]?["port"]) == probePort, "\(variant): \(probe) on the probe port")
        }
        #expect(container["livenessProbe"]?["httpGet"]?["path"]?.stringValue == "/healthz")
        #expect(container["readinessProbe"]?["httpGet"]?["path"]?.stringValue == "/readyz")
        let service = try #require(r.one("Service", "kedaguard"))
        #expect(selects(service["spec"]?["selector"]))
        let port = try #require(service["spec"]?["ports"]?[0])
        #expect(port["port"]?.intValue == 443)
        #expect(containerPort(port["targetPort"]) == Int64(flag("port") ?? ""))
        let metrics = try #require(r.one("Service", "kedaguard-metrics"))
        #expect(selects(metrics["spec"]?["selector"]))
        #expect(containerPort(metrics["spec"]?["ports"]?[0]?["targetPort"]) == Int64(flag("metrics-bind-address")?.split(separator: ":").last ?? ""))

        // The certificate Secret is mounted where --cert-dir points, and is the one cert-manager writes.
        let tls = try #require((pod["volumes"]?.sequenceValue ?? []).first { $0["secret"] != nil })
        let secretName = tls["secret"]?["secretName"]?.stringValue
        let mount = (container["volumeMounts"]?.sequenceValue ?? []).first { $0["name"]?.stringValue == tls["name"]?.stringValue }
        #expect(mount?["mountPath"]?.stringValue == flag("cert-dir"))
        for certificate in r.all("Certificate") where certificate["spec"]?["isCA"]?.boolValue != true {
            #expect(certificate["spec"]?["secretName"]?.stringValue == secretName)
            let dnsNames = Self.strings(certificate["spec"]?["dnsNames"])
            #expect(dnsNames.contains("kedaguard.kedaguard-system.svc"))
        }
        // The configuration file the pods read is one kedaguard accepts.
        let configMapName = (pod["volumes"]?.sequenceValue ?? []).compactMap { $0["configMap"]?["name"]?.stringValue }.first
        let configMap = try #require(r.one("ConfigMap", configMapName ?? ""))
        let configPath = try #require(flag("config"))
        let configMount = (container["volumeMounts"]?.sequenceValue ?? []).first { $0["name"]?.stringValue == "config" }?["mountPath"]?.stringValue
        let fileName = String(configPath.dropFirst((configMount ?? "").count + 1))
        var bytes = Array((configMap["data"]?[fileName]?.stringValue ?? "").utf8)
        #expect(!bytes.isEmpty, "\(variant): \(configPath) comes from the ConfigMap")
        _ = try SettingsFile.parse(bytes: &bytes, path: configPath, knownRuleIDs: Set(RuleRegistry.descriptors.map(\.id)))

        // The flags exist.
        let help = try Binary.run(["serve", "--help"])
        for arg in args.dropFirst() {
            let name = String(arg.split(separator: "=").first ?? "")
            #expect(help.stdout.contains(name + " "), "\(variant): kedaguard serve has no flag \(name)")
        }
        #expect(args.contains("--enforcement=warn") == (variant.contains("warn") || variant.contains("all-components")))
        #expect(args.contains("--cluster-state"), "\(variant): the webhook reads cluster state")
        #expect(args.contains("--read-secrets") == variant.contains("all-components"), "\(variant): Secrets only with secret-read-access")
        // SIGTERM comes after preStop; the server's shutdown (drain delay plus in-flight
        // requests) is capped at 25 s. All of it must fit in the grace period, or the kubelet
        // kills the pod with requests in flight.
        let preStop = container["lifecycle"]?["preStop"]?["sleep"]?["seconds"]?.intValue ?? 0
        let shutdownDelay = Int64(flag("shutdown-delay") ?? "0") ?? -1
        #expect(shutdownDelay > 0, "\(variant): keep-alive connections are drained with --shutdown-delay")
        #expect(shutdownDelay < 25, "\(variant): --shutdown-delay leaves time for requests in flight")
        #expect(preStop + 25 < pod["terminationGracePeriodSeconds"]?.intValue ?? 30,
                "\(variant): preStop and the server's shutdown fit in terminationGracePeriodSeconds")

        // The NetworkPolicy lets the admission port in.
        let policy = try #require(r.one("NetworkPolicy", "kedaguard"))
        #expect(selects(policy["spec"]?["podSelector"]?["matchLabels"]))
        let open = (policy["spec"]?["ingress"]?.sequenceValue ?? []).flatMap { $0["ports"]?.sequenceValue ?? [] }.compactMap { $0["port"]?.intValue }
        #expect(open.contains(Int64(flag("port") ?? "") ?? -1))
    }

    @Test func certManagerInjectsTheCAOfARenderedCertificate() throws {
        for variant in Self.variants where variant != "webhook-config" {
            let r = try Self.render(variant)
            for kind in ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"] {
                let ref = r.one(kind, "kedaguard")?["metadata"]?["annotations"]?["cert-manager.io/inject-ca-from"]?.stringValue ?? ""
                let parts = ref.split(separator: "/").map(String.init)
                #expect(parts.count == 2, "\(variant) \(kind): cert-manager.io/inject-ca-from")
                let certificate = r.one("Certificate", parts.last ?? "")
                #expect(certificate?["metadata"]?["namespace"]?.stringValue == parts.first, "\(variant) \(kind): \(ref) is rendered")
            }
        }
        let plain = try Self.render("webhook-config")
        #expect(plain.all("Certificate").isEmpty)
        #expect(plain.one("ValidatingWebhookConfiguration", "kedaguard")?["metadata"]?["annotations"] == nil)
    }

    @Test func namespacedObjectsLandInTheNamespace() throws {
        let clusterScoped: Set<String> = ["Namespace", "ClusterRole", "ClusterRoleBinding", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]
        for variant in Self.variants {
            let r = try Self.render(variant)
            #expect(r.one("Namespace", "kedaguard-system") != nil)
            for object in r.objects where !clusterScoped.contains(object["kind"]?.stringValue ?? "") {
                #expect(object["metadata"]?["namespace"]?.stringValue == "kedaguard-system",
                        "\(variant): \(object["kind"]?.stringValue ?? "") \(object["metadata"]?["name"]?.stringValue ?? "")")
            }
        }
    }
}
