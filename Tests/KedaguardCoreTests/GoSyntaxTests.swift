import KedaguardCore
import Testing

/// strconv.ParseFloat and net/url behaviour that resource rules rely on.
struct GoSyntaxTests {
    @Test(arguments: [
        ("0.5", 0.5), ("5", 5.0), ("+1", 1.0), ("-2.5", -2.5), (".5", 0.5), ("5.", 5.0), ("1e3", 1000.0),
        ("1E-2", 0.01), ("0x1p-2", 0.25), ("0x1.8p1", 3.0), ("007", 7.0),
    ])
    func parsesFloatsLikeGo(_ text: String, _ value: Double) {
        #expect(GoSyntax.parseFloat(text) == value)
    }

    @Test(arguments: ["", " 1", "1 ", "50%", "1_000", "1e", "e3", ".", "0x1", "+nan", "1e400", "abc", "1.2.3"])
    func rejectsWhatGoRejects(_ text: String) {
        #expect(GoSyntax.parseFloat(text) == nil, "\(text)")
    }

    @Test func specialValues() {
        #expect(GoSyntax.parseFloat("Inf") == .infinity)
        #expect(GoSyntax.parseFloat("-infinity") == -.infinity)
        #expect(GoSyntax.parseFloat("NaN")?.isNaN == true)
    }

    @Test(arguments: [
        ("https://auth.example.com/oauth2/token", true), ("HTTP://auth.example.com", true), ("http://10.0.0.1:8080/x", true),
        ("http://[::1]:9000/", true), ("auth.example.com/token", false), ("ftp://auth.example.com", false),
        ("http:///path", false), ("http://host:port/", false), ("http://exa mple.com", false), ("https://ok/%zz", false),
        ("vault.example.com:8200", false),
    ])
    func recognisesHTTPURLs(_ text: String, _ valid: Bool) {
        #expect(GoSyntax.isHTTPURL(text) == valid, "\(text)")
    }

    @Test(arguments: [
        ("http://collector:8080/events", true), ("/events", true), ("events.example.com/keda", false),
        ("http:events", false), ("", false), ("mailto:ops@example.com", false),
    ])
    func recognisesRequestURIs(_ text: String, _ valid: Bool) {
        #expect(GoSyntax.isRequestURI(text) == valid, "\(text)")
    }
}
