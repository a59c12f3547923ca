import Foundation
import KedaguardCore
import Testing

/// "Never deny what KEDA accepts": runs the accept/reject cases transcribed from KEDA's own
/// scaler tests (testdata/agreement/<scaler>.yaml) through the full rule engine and compares.
///
/// Per case a ScaledObject (or ScaledJob) is built around the trigger, with a
/// TriggerAuthentication supplying the named parameters and a Deployment defining the named env
/// vars. A false denial is an error-severity finding on a case KEDA accepts (must not happen);
/// a miss is a case KEDA rejects on which kedaguard says nothing, not counted when KEDA's verdict
/// hinges on values kedaguard cannot see (`hidden`).
///
/// `swift test --filter ScalerAgreement` prints the per-scaler table.
struct ScalerAgreementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/agreement")

    struct Case: Sendable {
        var file: String
        var name: String
        var type: String
        var metadata: [(String, String)]
        var auth: [String]
        var env: [String]
        var podIdentity: String?
        var metricType: String?
        var scalingModifiers: Bool
        var scaledJob: Bool
        var kedaAccepts: Bool
        var hidden: String?
    }

    struct Outcome: Sendable {
        var testCase: Case
        /// Error findings, rendered "rule-id: message".
        var errors: [String]
    }

    static func loadCases() throws -> [String: [Case]] {
        var out: [String: [Case]] = [:]
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yaml") }.sorted()
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let parsed = YAMLParser.parse(text)
            guard parsed.problems.isEmpty, let doc = parsed.documents.first?.root else {
                Issue.record("\(file): does not parse: \(parsed.problems.map(\.message))")
                continue
            }
            let scaler = doc["scaler"]?.stringValue ?? file
            for (i, c) in (doc["cases"]?.sequenceValue ?? []).enumerated() {
                let expect = c["expect"]?.stringValue
                guard expect == "accept" || expect == "reject" else {
                    Issue.record("\(file) case \(i): expect must be accept or reject")
                    continue
                }
                out[scaler, default: []].append(Case(
                    file: file,
                    name: c["name"]?.stringValue ?? "case \(i)",
                    type: c["type"]?.stringValue ?? scaler,
                    metadata: (c["metadata"]?.entries ?? []).map { ($0.key, $0.value.scalarText ?? "") },
                    auth: c["auth"]?.sequenceValue?.compactMap(\.stringValue) ?? [],
                    env: c["env"]?.sequenceValue?.compactMap(\.stringValue) ?? [],
                    podIdentity: c["podIdentity"]?.stringValue,
                    metricType: c["metricType"]?.stringValue,
                    scalingModifiers: c["scalingModifiers"]?.boolValue ?? false,
                    scaledJob: c["kind"]?.stringValue == "ScaledJob",
                    kedaAccepts: expect == "accept",
                    hidden: c["hidden"]?.stringValue))
            }
        }
        return out
    }

    /// JSON string syntax is valid YAML double-quoted syntax.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func manifest(_ c: Case) -> String {
        let ns = "agreement"
        var docs: [String] = []
        let envLines = c.env.map { "            - {name: \(quoted($0)), value: \"x\"}" }.joined(separator: "\n")
        docs.append("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: \(ns)}
        spec:
          selector: {matchLabels: {app: app}}
          template:
            metadata: {labels: {app: app}}
            spec:
              containers:
                - name: app
                  image: example.org/app:1
                  resources: {requests: {cpu: 100m, memory: 128Mi}}
                  env:\(c.env.isEmpty ? " []" : "\n" + envLines)
        """)
        let usesAuth = !c.auth.isEmpty || c.podIdentity != nil
        if usesAuth {
            var spec = ""
            if let p = c.podIdentity { spec += "  podIdentity: {provider: \(quoted(p))}\n" }
            if !c.auth.isEmpty {
                spec += "  secretTargetRef:\n" + c.auth.map { "    - {parameter: \(quoted($0)), name: creds, key: \(quoted($0))}" }.joined(separator: "\n") + "\n"
            }
            docs.append("""
            apiVersion: keda.sh/v1alpha1
            kind: TriggerAuthentication
            metadata: {name: auth, namespace: \(ns)}
            spec:
            \(spec)
            """)
        }
        var trigger = "    - type: \(quoted(c.type))\n"
        if c.scalingModifiers { trigger += "      name: t0\n" }
        if let m = c.metricType { trigger += "      metricType: \(quoted(m))\n" }
        trigger += "      metadata: {" + c.metadata.map { "\(quoted($0.0)): \(quoted($0.1))" }.joined(separator: ", ") + "}\n"
        if usesAuth { trigger += "      authenticationRef: {name: auth}\n" }
        if c.scaledJob {
            docs.append("""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledJob
            metadata: {name: subject, namespace: \(ns)}
            spec:
              jobTargetRef:
                template:
                  spec:
                    restartPolicy: Never
                    containers:
                      - name: app
                        image: example.org/app:1
              triggers:
            \(trigger)
            """)
        } else {
            var advanced = ""
            if c.scalingModifiers {
                advanced = "  advanced:\n    scalingModifiers: {formula: \"t0\", target: \"5\", metricType: AverageValue}\n"
            }
            docs.append("""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: {name: subject, namespace: \(ns)}
            spec:
              scaleTargetRef: {name: app}
              minReplicaCount: 1
            \(advanced)  triggers:
            \(trigger)
            """)
        }
        return docs.joined(separator: "\n---\n")
    }

    static func run(_ c: Case, engine: RuleEngine) async -> Outcome {
        var bytes = Array(manifest(c).utf8)
        let loaded = DocumentLoader.load(bytes: &bytes, syntax: .yaml, file: "agreement.yaml")
        let options = CheckOptions(kedaVersion: .main, defaultNamespace: "agreement")
        let lookup = FileSetLookup(objects: loaded.objects, defaultNamespace: "agreement")
        var errors = loaded.problems.map { "input: \($0.message)" }
        for object in loaded.objects where object.resourceKind == .scaledObject || object.resourceKind == .scaledJob {
            let result = await engine.check(object, lookup: lookup, options: options)
            errors += result.diagnostics.filter { $0.severity == .error }.map { "\($0.ruleID): \($0.message)" }
            errors += result.failures.map { "\($0.ruleID) threw: \($0.message)" }
        }
        return Outcome(testCase: c, errors: errors)
    }

    struct Tally {
        var cases = 0, agreed = 0, falseDenials = 0, misses = 0, hiddenRejects = 0
        /// Misses a catalog-level check would report (missing required parameter, value of the
        /// wrong type or outside its allowed values, deprecated parameter, env var not defined):
        /// the generic trigger-metadata rules cover those, not the scaler rules.
        var genericMisses = 0
    }

    /// Whether a plain catalog check explains KEDA's rejection of `c` (see Tally.genericMisses).
    static func catalogExplains(_ c: Case) -> Bool {
        guard let scaler = ScalerCatalog.forVersion(.main).scaler(c.type) else { return false }
        let metadata = Dictionary(c.metadata, uniquingKeysWith: { _, last in last })
        func present(_ p: ParameterSpec) -> Bool {
            p.names.contains { n in
                (p.accepts(from: .metadata) && !(metadata[n] ?? "").trimmingCharacters(in: .whitespaces).isEmpty)
                    || (p.accepts(from: .environment) && metadata[n + "FromEnv"].map { c.env.contains($0) } == true)
                    || (p.accepts(from: .authentication) && c.auth.contains(n))
            }
        }
        for p in scaler.parameters {
            if p.required == true && !present(p) { return true }
            if p.deprecated != nil && present(p) { return true }
            for n in p.names where p.accepts(from: .metadata) {
                guard let raw = metadata[n] else { continue }
                let v = raw.trimmingCharacters(in: .whitespaces)
                if v.isEmpty { continue }
                if KEDAValueSyntax.problem(v, type: p.valueType) != nil { return true }
                if !p.allowedValues.isEmpty,
                   v.split(separator: ",").contains(where: { !p.allowedValues.contains($0.trimmingCharacters(in: .whitespaces)) }) { return true }
            }
        }
        for (k, v) in metadata where k.hasSuffix("FromEnv") && !c.env.contains(v) { return true }
        return false
    }

    static func tally(_ outcomes: [Outcome]) -> Tally {
        var t = Tally()
        for o in outcomes {
            t.cases += 1
            let denied = !o.errors.isEmpty
            if o.testCase.kedaAccepts {
                if denied { t.falseDenials += 1 } else { t.agreed += 1 }
            } else if denied {
                t.agreed += 1
            } else if o.testCase.hidden != nil {
                t.hiddenRejects += 1
            } else {
                t.misses += 1
                if catalogExplains(o.testCase) { t.genericMisses += 1 }
            }
        }
        return t
    }

    static func table(_ results: [(String, Tally)]) -> String {
        func row(_ name: String, _ t: Tally) -> String {
            name.padding(toLength: 24, withPad: " ", startingAt: 0)
                + [t.cases, t.agreed, t.falseDenials, t.misses, t.genericMisses, t.hiddenRejects].map { String($0).leftPadded(8) }.joined()
        }
        var lines = ["scaler".padding(toLength: 24, withPad: " ", startingAt: 0)
            + ["cases", "agreed", "falseDn", "misses", "generic", "hidden"].map { $0.leftPadded(8) }.joined()]
        var total = Tally()
        for (name, t) in results {
            lines.append(row(name, t))
            total.cases += t.cases; total.agreed += t.agreed; total.falseDenials += t.falseDenials
            total.misses += t.misses; total.hiddenRejects += t.hiddenRejects; total.genericMisses += t.genericMisses
        }
        lines.append(row("TOTAL", total))
        return lines.map { "agreement| " + $0 }.joined(separator: "\n")
    }

    @Test func agreementWithKEDA() async throws {
        let cases = try Self.loadCases()
        #expect(!cases.isEmpty, "no agreement fixtures found")
        let engine = RuleEngine()
        var results: [(String, Tally)] = []
        for scaler in cases.keys.sorted() {
            var outcomes: [Outcome] = []
            for c in cases[scaler]! { outcomes.append(await Self.run(c, engine: engine)) }
            for o in outcomes where o.testCase.kedaAccepts && !o.errors.isEmpty {
                Issue.record("false denial in \(o.testCase.file) \"\(o.testCase.name)\": \(o.errors.joined(separator: " | "))")
            }
            if ProcessInfo.processInfo.environment["KEDAGUARD_AGREEMENT_MISSES"] != nil {
                for o in outcomes where !o.testCase.kedaAccepts && o.errors.isEmpty && o.testCase.hidden == nil {
                    print("agreement-miss| \(scaler) \"\(o.testCase.name)\"\(Self.catalogExplains(o.testCase) ? " (generic)" : "")")
                }
            }
            results.append((scaler, Self.tally(outcomes)))
        }
        print(Self.table(results))
    }

    /// The scaffold around each case must be clean, or every case would look like a denial.
    @Test func scaffoldIsClean() async throws {
        let c = Case(file: "-", name: "scaffold", type: "cron",
                     metadata: [("timezone", "Etc/UTC"), ("start", "0 8 * * *"), ("end", "0 18 * * *"), ("desiredReplicas", "2")],
                     auth: ["unused"], env: ["SOME_ENV"], podIdentity: nil, metricType: nil,
                     scalingModifiers: true, scaledJob: false, kedaAccepts: true, hidden: nil)
        let outcome = await Self.run(c, engine: RuleEngine())
        #expect(outcome.errors.isEmpty, "scaffold draws errors: \(outcome.errors)")
        var job = c
        job.scaledJob = true
        job.scalingModifiers = false
        let jobOutcome = await Self.run(job, engine: RuleEngine())
        #expect(jobOutcome.errors.isEmpty, "ScaledJob scaffold draws errors: \(jobOutcome.errors)")
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
