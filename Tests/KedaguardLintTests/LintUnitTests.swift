import KedaguardCore
@testable import KedaguardLint
import Testing

struct GlobTests {
    @Test func anchoredAndUnanchoredPatterns() {
        #expect(Glob("charts/**/templates/**").matches("charts/web/templates/deploy.yaml"))
        #expect(Glob("charts/**/templates/**").matches("./charts/a/b/templates/x.yaml"))
        #expect(!Glob("charts/**/templates/**").matches("charts/web/values.yaml"))
        #expect(Glob("vendor/").matches("vendor/github.com/x/y.yaml"))
        #expect(!Glob("vendor/").matches("src/vendor.yaml"))
        #expect(Glob("*.json").matches("deploy/a/b.json"))
        #expect(Glob("templates").matches("chart/templates/x.yaml"))
        #expect(Glob("k?da.yaml").matches("keda.yaml"))
        #expect(!Glob("*.json").matches("a.yaml"))
    }
}

struct UTF8CheckTests {
    @Test func findsFirstInvalidByte() {
        #expect(UTF8Check.firstInvalidPosition(Array("héllo\nwörld".utf8)) == nil)
        #expect(UTF8Check.firstInvalidPosition([0x61, 0x0A, 0x62, 0xC3]) == SourcePosition(line: 2, column: 2))
        #expect(UTF8Check.firstInvalidPosition([0xED, 0xA0, 0x80]) != nil) // an encoded surrogate
        #expect(UTF8Check.firstInvalidPosition([0xC0, 0x80]) != nil)       // overlong NUL
        #expect(UTF8Check.firstInvalidPosition(Array("😀".utf8)) == nil)
    }
}

struct LintConfigurationTests {
    let ids: Set<String> = ["scaledobject-hpa-name", "schema-type"]

    func parse(_ text: String) throws(LintConfiguration.LoadError) -> LintConfiguration {
        var bytes = Array(text.utf8)
        return try LintConfiguration.parse(bytes: &bytes, path: ".kedaguard.yaml", knownRuleIDs: ids)
    }

    @Test func readsEverySetting() throws {
        let c = try parse("""
        kedaVersion: "2.19.0"
        namespace: apps
        requireRefs: true
        exclude: [vendor/]
        rules:
          scaledobject-hpa-name: off
          schema-type: warning
        """)
        #expect(c.kedaVersion == .v2_19_0)
        #expect(c.namespace == "apps")
        #expect(c.requireRefs == true)
        #expect(c.excludes.count == 1)
        #expect(c.rules.settings["scaledobject-hpa-name"] == .off)
        #expect(c.rules.settings["schema-type"] == .severity(.warning))
    }

    @Test func errorsNameTheLineAndSuggest() {
        #expect(throws: LintConfiguration.LoadError.self) { try parse("kedaVersion: v9\n") }
        do {
            _ = try parse("rules:\n  schema-typ: off\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == ".kedaguard.yaml:2:3: unknown rule \"schema-typ\"; did you mean \"schema-type\"?")
        }
        do {
            _ = try parse("namespaces: x\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("did you mean \"namespace\""))
        }
    }

    @Test func emptyFileIsDefault() throws {
        let c = try parse("# nothing\n")
        #expect(c.kedaVersion == nil)
        #expect(c.rules.settings.isEmpty)
    }
}

struct LintReportTests {
    @Test func exitCodesFollowThresholds() {
        var report = LintReport()
        #expect(report.exitCode(strict: true) == 0)
        report.diagnostics = [Diagnostic(ruleID: "x", severity: .warning, message: "m")]
        #expect(report.exitCode(strict: false) == 0)
        #expect(report.exitCode(strict: true) == 1)
        report.diagnostics.append(Diagnostic(ruleID: "y", severity: .error, message: "m",
                                             suppression: Suppression(annotation: "a", reason: nil)))
        #expect(report.exitCode(strict: false) == 0)
        report.errors = [LintError(path: "p", message: "m")]
        #expect(report.exitCode(strict: false) == 2)
    }
}
