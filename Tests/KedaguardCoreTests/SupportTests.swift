import KedaguardCore
import Testing

struct JSONPointerTests {
    @Test func escapesAndParses() throws {
        let p = JSONPointer(tokens: ["metadata", "annotations", "autoscaling.keda.sh/paused", "a~b"])
        #expect(p.description == "/metadata/annotations/autoscaling.keda.sh~1paused/a~0b")
        #expect(try JSONPointer(parsing: p.description) == p)
        #expect(JSONPointer(tokens: ["spec", "triggers", "0", "metadata"]).dotted == "spec.triggers[0].metadata")
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "no-slash") }
        #expect(throws: JSONPointerError.self) { try JSONPointer(parsing: "/bad~2") }
    }

    /// Pointers are code points: "/" and "~" stay themselves before a combining mark.
    @Test func combiningMarksDoNotHideSeparators() throws {
        #expect(try JSONPointer(parsing: "/\u{05A3}a/b").tokens == ["\u{05A3}a", "b"])
        #expect(try JSONPointer(parsing: "/x~1\u{0301}").tokens == ["x/\u{0301}"])
        let p = JSONPointer(tokens: ["/\u{0301}", "~\u{0301}"])
        #expect(p.description == "/~1\u{0301}/~0\u{0301}")
        #expect(try JSONPointer(parsing: p.description) == p)
    }

    @Test func resolves() throws {
        let root = try #require(YAMLParser.parse("a:\n  b: [x, {c/d: 1}]\n").documents.first?.root)
        #expect(root.resolve(try JSONPointer(parsing: "/a/b/1/c~1d"))?.intValue == 1)
        #expect(root.resolve(try JSONPointer(parsing: "/a/b/9")) == nil)
    }
}

struct QuantityTests {
    @Test(arguments: ["500m", "1", "1.5", "512Mi", "2Gi", "1e3", "0.5Ki", "+1", ".5", "1E-2"])
    func valid(_ text: String) {
        #expect(Quantity(parsing: text) != nil, "\(text)")
    }

    @Test(arguments: ["", "1.5 GB", "50%", "Mi", "1..2", "1Kb", "abc", "1e", "--1"])
    func invalid(_ text: String) {
        #expect(Quantity(parsing: text) == nil, "\(text)")
    }

    @Test func values() {
        #expect(Quantity(parsing: "500m")?.value == 0.5)
        #expect(Quantity(parsing: "1Ki")?.value == 1024)
        #expect(Quantity(parsing: "0")?.isPositive == false)
        #expect(Quantity(parsing: "-1")?.isPositive == false)
    }
}

struct SuggestTests {
    @Test func findsPlausibleTypos() {
        #expect(Suggest.closest(to: "kafak", in: ["kafka", "apache-kafka", "redis"]) == "kafka")
        #expect(Suggest.closest(to: "Kafka", in: ["kafka", "redis"]) == "kafka")
        #expect(Suggest.closest(to: "pollingIntervall", in: ["pollingInterval", "cooldownPeriod"]) == "pollingInterval")
        #expect(Suggest.closest(to: "zzz", in: ["kafka", "redis"]) == nil)
    }
}

struct NameValidationTests {
    @Test func labelsAndSubdomains() {
        #expect(NameValidation.dns1123LabelProblem("keda-hpa-web") == nil)
        #expect(NameValidation.dns1123LabelProblem("web.v2") != nil)
        #expect(NameValidation.dns1123SubdomainProblem("web.v2") == nil)
        #expect(NameValidation.dns1123SubdomainProblem("-web") != nil)
        #expect(NameValidation.dns1123SubdomainProblem("Web") != nil)
        #expect(NameValidation.dns1123LabelProblem(String(repeating: "a", count: 64)) != nil)
    }
}
