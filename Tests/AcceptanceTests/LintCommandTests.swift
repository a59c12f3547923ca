import Foundation
import Testing

/// The real binary over real files: exit codes, formats, stdin, config, bad input.
struct LintCommandTests {
    static let clean = """
    apiVersion: keda.sh/v1alpha1
    kind: ScaledObject
    metadata:
      name: clean
    spec:
      scaleTargetRef:
        name: web
      triggers:
        - type: cron
          metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "3"}

    """

    static let warningOnly = """
    apiVersion: keda.sh/v1alpha1
    kind: ScaledObject
    metadata:
      name: warn
    spec:
      scaleTargetRef:
        name: web
      minReplicaCount: 1
      cooldownPeriod: 60
      triggers:
        - type: cron
          metadata: {timezone: UTC, start: 0 8 * * *, end: 0 18 * * *, desiredReplicas: "3"}

    """

    @Test func cleanFileExitsZero() throws {
        let dir = try Binary.temporaryDirectory()
        try Self.clean.write(to: dir.appendingPathComponent("so.yaml"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["lint", "so.yaml"], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("0 errors, 0 warnings"))
    }

    @Test func examplesShowFindingsWithPositions() throws {
        let r = try Binary.run(["lint", "testdata/golden/input"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("testdata/golden/input/broken.yaml:16:13: error: unknown trigger type \"Cron\""))
        #expect(r.stdout.contains("[trigger-type-unknown]"))
    }

    /// The README's first command: real findings with positions, exit 1.
    @Test func readmeExampleShowsCommonMistakes() throws {
        let r = try Binary.run(["lint", "testdata/examples/common-mistakes"])
        #expect(r.status == 1)
        for expected in [
            "checkout.yaml:44:33: error: autoscaling.keda.sh/paused is \"no\"",
            "checkout.yaml:46:3: error: Deployment.apps shop/checkout is already scaled by HPA \"checkout\"",
            "checkout.yaml:52:7: error: triggers[0] (cpu) needs metricType",
            "workers.yaml:12:3: error: unknown field \"spec.pollingIntervall\"; did you mean \"pollingInterval\"?",
            "workers.yaml:14:13: error: unknown trigger type \"rabbitMQ\"",
        ] {
            #expect(r.stdout.contains("testdata/examples/common-mistakes/" + expected), "missing: \(expected)\n\(r.stdout)")
        }
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let dir = try Binary.temporaryDirectory()
        try Self.warningOnly.write(to: dir.appendingPathComponent("so.yaml"), atomically: true, encoding: .utf8)
        #expect(try Binary.run(["lint", "so.yaml"], cwd: dir).status == 0)
        #expect(try Binary.run(["lint", "--strict", "so.yaml"], cwd: dir).status == 1)
    }

    @Test func stdinIsRead() throws {
        let r = try Binary.run(["lint", "-"], stdin: Data(Self.warningOnly.utf8))
        #expect(r.status == 0)
        #expect(r.stdout.contains("<stdin>:9:3: warning:"))
        let piped = try Binary.run(["lint"], stdin: Data("kind: [".utf8))
        #expect(piped.status == 1)
        #expect(piped.stdout.contains("<stdin>:"))
        #expect(piped.stdout.contains("[yaml-syntax]"))
    }

    @Test func missingPathIsExitTwoAndOthersStillLinted() throws {
        let dir = try Binary.temporaryDirectory()
        try Self.warningOnly.write(to: dir.appendingPathComponent("so.yaml"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["lint", "nope.yaml", "so.yaml"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stdout.contains("nope.yaml: error: no such file or directory"))
        #expect(r.stdout.contains("so.yaml:9:3: warning:"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Binary.run(["lint", "--format", "xml", "x.yaml"]).status == 2)
        #expect(try Binary.run(["lint", "--keda-version", "v1.0.0", "x.yaml"]).status == 2)
        #expect(try Binary.run(["lint", "--no-such-flag"]).status == 2)
    }

    @Test func configFileSetsSeverityVersionAndExcludes() throws {
        let dir = try Binary.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("vendor"), withIntermediateDirectories: true)
        try Self.warningOnly.write(to: dir.appendingPathComponent("so.yaml"), atomically: true, encoding: .utf8)
        try "kind: [".write(to: dir.appendingPathComponent("vendor/broken.yaml"), atomically: true, encoding: .utf8)
        try """
        kedaVersion: v2.17.0
        exclude: ["vendor/"]
        rules:
          scaledobject-setting-not-relevant: error

        """.write(to: dir.appendingPathComponent(".kedaguard.yaml"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["lint", "--format", "json", "."], cwd: dir)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\"kedaVersion\": \"v2.17.0\""))
        #expect(r.stdout.contains("\"severity\": \"error\""))
        #expect(!r.stdout.contains("broken.yaml"))
        // A rule switched off in a --config file.
        try "rules:\n  scaledobject-setting-not-relevant: off\n".write(to: dir.appendingPathComponent("quiet.yaml"), atomically: true, encoding: .utf8)
        let quiet = try Binary.run(["lint", "--strict", "--config", "quiet.yaml", "so.yaml"], cwd: dir)
        #expect(quiet.status == 0, "\(quiet.stdout)")
    }

    @Test func badConfigIsExitTwoWithPosition() throws {
        let dir = try Binary.temporaryDirectory()
        try "rules:\n  no-such-rule: off\n".write(to: dir.appendingPathComponent(".kedaguard.yaml"), atomically: true, encoding: .utf8)
        try Self.clean.write(to: dir.appendingPathComponent("so.yaml"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["lint", "so.yaml"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains(".kedaguard.yaml:2:3: unknown rule \"no-such-rule\""))
    }

    @Test func machineFormatsParse() throws {
        for format in ["json", "sarif"] {
            let r = try Binary.run(["lint", "--format", format, "testdata/golden/input"])
            #expect(r.status == 1)
            #expect(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) is [String: Any])
        }
        let gh = try Binary.run(["lint", "--format", "github", "testdata/golden/input"])
        #expect(gh.stdout.contains("::error file=testdata/golden/input/broken.yaml,line=16,col=13,title=trigger-type-unknown::"))
    }

    @Test func outputFileIsWritten() throws {
        let dir = try Binary.temporaryDirectory()
        let out = dir.appendingPathComponent("report.sarif")
        let r = try Binary.run(["lint", "--format", "sarif", "--output", out.path, "testdata/golden/input"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(try String(contentsOf: out, encoding: .utf8).contains("\"version\": \"2.1.0\""))
    }

    @Test func rulesCommandListsAndExplains() throws {
        let list = try Binary.run(["rules"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("scaledobject-hpa-conflict"))
        let one = try Binary.run(["rules", "scaledobject-hpa-conflict"])
        #expect(one.stdout.contains("transfer-hpa-ownership"))
        let unknown = try Binary.run(["rules", "scaledobject-hpa-conflic"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean \"scaledobject-hpa-conflict\""))
    }

    @Test func docsRulesMarkdownIsCurrent() throws {
        let r = try Binary.run(["rules", "--format", "markdown"])
        let committed = try String(contentsOf: Binary.repo.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(r.stdout == committed, "docs/rules.md is stale: run `swift run kedaguard rules --format markdown > docs/rules.md`")
    }
}
