import KedaguardCore
import Testing

struct SettingsFileTests {
    let ids: Set<String> = ["scaledobject-setting-not-relevant", "trigger-type-unknown"]

    func parse(_ text: String) throws(SettingsFile.ParseError) -> SettingsFile {
        var bytes = Array(text.utf8)
        return try SettingsFile.parse(bytes: &bytes, path: ".kedaguard.yaml", knownRuleIDs: ids)
    }

    @Test func sharedAndWebhookSettings() throws {
        let file = try parse("""
        kedaVersion: 2.19.0
        namespace: apps
        exclude: ["charts/**"]
        rules:
          scaledobject-setting-not-relevant: off
          trigger-type-unknown: warning
        webhook:
          failurePolicy: closed
          defaults:
            scaledobject.cooldownPeriod: off
            scaledjob.maxReplicaCount: false
        """)
        #expect(file.kedaVersion == .v2_19_0)
        #expect(file.namespace == "apps")
        #expect(file.exclude == ["charts/**"])
        #expect(file.rules.settings["scaledobject-setting-not-relevant"] == .off)
        #expect(file.rules.settings["trigger-type-unknown"] == .severity(.warning))
        #expect(file.webhook.failurePolicy == .closed)
        #expect(!file.webhook.defaults.contains(.scaledObjectCooldownPeriod))
        #expect(!file.webhook.defaults.contains(.scaledJobMaxReplicaCount))
        #expect(file.webhook.defaults.contains(.scaledObjectMaxReplicaCount))
    }

    @Test func defaultsOffAltogetherAndDefaultsWhenAbsent() throws {
        #expect(try parse("webhook:\n  defaults: false\n").webhook.defaults.isEmpty)
        let empty = try parse("")
        #expect(empty.webhook.failurePolicy == .open)
        #expect(empty.webhook.defaults == Set(KEDADefault.allCases))
    }

    @Test("mistakes are reported with the position and a hint", arguments: [
        ("webhook:\n  failurePolicy: sometimes\n", "failurePolicy must be open or closed"),
        ("webhook:\n  defaults:\n    scaledobject.cooldownPeriods: off\n", "did you mean \"scaledobject.cooldownPeriod\""),
        ("webhook:\n  failurPolicy: open\n", "did you mean \"failurePolicy\""),
        ("webhook: [1]\n", "webhook must be a mapping"),
        ("rules:\n  trigger-type-unknow: off\n", "did you mean \"trigger-type-unknown\""),
        ("webhok: {}\n", "did you mean \"webhook\""),
    ])
    func errors(text: String, expected: String) {
        do {
            _ = try parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.description.hasPrefix(".kedaguard.yaml:"))
        }
    }
}
