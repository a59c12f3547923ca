@testable import KedaguardCore
import Testing

/// The parsers scaler rules use to judge values as KEDA's Go code does.
struct ScalerSyntaxTests {
    @Test("cron expressions KEDA accepts", arguments: [
        "0 0 * * Thu", "0 */2 * * *", "0 1-23/2 * * *", "0,30 * * * *", "30-33 * * * *",
        "*/15 9-17 * JAN-MAR mon-fri", "0 0 1 * ?", "5/10 * * * *", "+5 * * * *", "05 07 * * *",
        "0 0 * * 0,6", "1,,2 * * * *", "*-5 * * * *", "CRON_TZ=Europe/Berlin 0 8 * * *", "TZ=UTC 0 8 * * *",
    ])
    func cronAccepted(_ spec: String) {
        #expect(CronSchedule.problem(spec) == nil, "\(spec): \(CronSchedule.problem(spec) ?? "")")
    }

    @Test("cron expressions KEDA rejects", arguments: [
        "", "-30 * * * *", "30 * * * * *", "30 * * *", "50 * * -3 *", "@daily", "60 * * * *", "0 24 * * *",
        "0 0 0 * *", "0 0 * 13 *", "0 0 * * 7", "5-1 * * * *", "*/0 * * * *", "1-2-3 * * * *", "1/2/3 * * * *",
        "0 0 L * *", "TZ=Nowhere/Land 0 8 * * *", "TZ=UTC", "0 0 * * Thursday",
    ])
    func cronRejected(_ spec: String) {
        #expect(CronSchedule.problem(spec) != nil, "\(spec) should be rejected")
    }

    /// The byte-level fast path may only accept what the full parse accepts. Schedules built
    /// from pieces near every bound and separator, plus the fixtures above.
    @Test func cronFastPathAgreesWithFullParse() {
        let pieces = ["*", "?", "0", "1", "5", "6", "7", "12", "13", "23", "24", "31", "32", "59", "60", "0008", "00060", "12345",
                      "1-5", "5-1", "0-59", "1-60", "*/5", "*/0", "?/2", "5/10", "1-23/2", "1-2-3", "1/2/3", "*-5", "-1",
                      "+5", "", "1,", ",1", "1,,2", "1,60", "mon", "MON-FRI", "1-", "-", "/", "5/", "*5", "1 ", "\t2"]
        var checked = 0
        for a in pieces {
            for b in pieces {
                for spec in ["\(a) \(b) * * *", "0 0 \(a) \(b) *", "0 0 1 \(a) \(b)", " \(a)\t\(b) 1 1 1 ", "\(a) \(b)"] {
                    let fast = CronSchedule.isPlainlyValid(spec)
                    let full = CronSchedule.problemByParsing(spec)
                    #expect(!fast || full == nil, "fast path accepts \"\(spec)\" but the parser says: \(full ?? "")")
                    #expect(CronSchedule.problem(spec) == full, "\(spec)")
                    checked += 1
                }
            }
        }
        #expect(checked == pieces.count * pieces.count * 5)
        // The common schedules do take the fast path.
        for spec in ["0 8 * * 1-5", "*/15 9-17 * 1-3 1-5", "0,30 * * * *"] { #expect(CronSchedule.isPlainlyValid(spec), "\(spec)") }
    }

    @Test func timeZones() {
        for name in ["Etc/UTC", "UTC", "Asia/Kolkata", "America/Argentina/Buenos_Aires", "US/Eastern", "EST5EDT", "Etc/GMT+5", "posix/Europe/Berlin"] {
            #expect(TimeZoneNames.isKnown(name), "\(name)")
        }
        for name in ["utc", "IST", "Europe/Berlín", "Mars/Olympus", "../etc/passwd", "Europe/Paris "] {
            #expect(!TimeZoneNames.isKnown(name), "\(name)")
        }
        #expect(TimeZoneNames.suggestion(for: "europe/berlin") == "Europe/Berlin")
    }

    @Test("label selectors apimachinery accepts", arguments: [
        "app=demo", "app in (demo1, demo2)", "app in (demo1, demo2),deploy in (deploy1, deploy2)", "!canary",
        "env!=dev", "tier==web", "example.com/app=web", "gen > 3", "gen<10", "x notin ()", "x in (,a)", "in=in",
        "app", "a=", "app.kubernetes.io/name = worker , version notin (v1)", "",
    ])
    func selectorAccepted(_ s: String) {
        #expect(LabelSelectorSyntax.problem(s) == nil, "\(s): \(LabelSelectorSyntax.problem(s) ?? "")")
    }

    @Test("label selectors apimachinery rejects", arguments: [
        "app in demo", "app=we b", "-app=web", "app=web,", "app=web,,tier=db", "Example.com/app=web", "a/b/c=d",
        "gen > x", "gen > -1", "!app=web", "app=-web", "app in (a b)", "app notin", "(app)", "app=\(String(repeating: "x", count: 64))",
    ])
    func selectorRejected(_ s: String) {
        #expect(LabelSelectorSyntax.problem(s) != nil, "\(s) should be rejected")
    }

    @Test("Go regular expressions that compile", arguments: [
        "orders", "orders-.*", "(eu|us)-\\d+", "(?P<region>eu|us)-orders", "(?i)orders", "(?i:orders)", "a{2,3}", "a{,3}",
        "[]a]", "[^]a]", "[[:alpha:]]+", "\\pL+", "\\p{Greek}", "a*?", "^*", "\\Qa.b\\E", "x{1000}", "\\x41", "[a-z0-9_-]+",
    ])
    func regexAccepted(_ p: String) {
        #expect(RE2Syntax.problem(p) == nil, "\(p): \(RE2Syntax.problem(p) ?? "")")
    }

    @Test("Go regular expressions that do not compile", arguments: [
        "*", "a**", "a+*", "(*a)", "a|*", "(abc", "abc)", "[abc", "abc\\", "(?=a)", "(?!a)", "(?<=a)b", "(a)\\1",
        "a{2,1}", "a{1001}", "a{2}{3}", "\\q", "[z-a]", "(?i)*",
    ])
    func regexRejected(_ p: String) {
        #expect(RE2Syntax.problem(p) != nil, "\(p) should be rejected")
    }

    @Test func urlSchemes() {
        #expect(!GoURL.isNotHTTP("http://prometheus:9090"))
        #expect(!GoURL.isNotHTTP("HTTPS://prometheus"))
        #expect(GoURL.isNotHTTP("prometheus:9090"))
        #expect(GoURL.isNotHTTP("prometheus.monitoring/api"))
        #expect(GoURL.isNotHTTP(":9090"))
        #expect(GoURL.scheme(of: "amqps://host") == .scheme("amqps"))
        #expect(GoURL.scheme(of: "1http://x") == .scheme(""))
    }

    @Test func sqsQueueURLs() {
        #expect(GoURL.requestURI("orders") == .notURL)
        #expect(GoURL.requestURI("https://sqs.eu-west-1.amazonaws.com/123/orders") == .path("/123/orders"))
        #expect(GoURL.requestURI("https://sqs.eu-west-1.amazonaws.com/123/orders?x=1") == .path("/123/orders"))
        #expect(GoURL.requestURI("/123/orders") == .path("/123/orders"))
        #expect(GoURL.requestURI("arn:aws:sqs:eu-west-1:123:orders") == .path(""))
        #expect(GoURL.requestURI("https://host:abc/123/q") == .notURL)
        #expect(GoURL.requestURI("https://user@host/123/q") == .cannotTell)
        #expect(GoURL.requestURI("https://host/123/q%20x") == .cannotTell)
    }

    @Test func kafkaSyntax() {
        #expect(KafkaScalerRule.versionProblem("1.0.0") == nil)
        #expect(KafkaScalerRule.versionProblem("0.11.0.2") == nil)
        #expect(KafkaScalerRule.versionProblem("3.6.0") == nil)
        for bad in ["1.2.3.4", "2.8", "0.11.0", "v3.6.0", "3.6.x", ""] {
            #expect(KafkaScalerRule.versionProblem(bad) != nil, "\(bad)")
        }
        #expect(KafkaScalerRule.partitionLimitationProblem(" 1 , 2 , 3 ") == nil)
        #expect(KafkaScalerRule.partitionLimitationProblem("1-4,8,10-12") == nil)
        for bad in ["a,b", "1-2-3", "a-3", "1-b", "1,,2", "-1"] {
            #expect(KafkaScalerRule.partitionLimitationProblem(bad) != nil, "\(bad)")
        }
    }

    @Test func datadogQueryScope() {
        #expect(DatadogScalerRule.hasScope("avg:system.cpu.user{*}.rollup(sum, 30)"))
        #expect(DatadogScalerRule.hasScope("a\nb{x}"))
        #expect(!DatadogScalerRule.hasScope("min:system.cpu.user"))
        #expect(!DatadogScalerRule.hasScope("a{\n}"))
    }
}
