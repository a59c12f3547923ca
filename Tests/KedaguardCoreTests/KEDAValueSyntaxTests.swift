import KedaguardCore
import Testing

/// Expected answers follow Go's encoding/json, strconv and time packages as KEDA's typed config
/// calls them; each case is one that a naive parser gets wrong in one direction or the other.
struct KEDAValueSyntaxTests {
    private func accepts(_ value: String, _ type: ParameterValueType) -> Bool {
        KEDAValueSyntax.problem(value, type: type) == nil
    }

    @Test(arguments: ["0", "5", "-5", "-0", "9223372036854775807", "-9223372036854775808", "null"])
    func integersKEDAAccepts(_ value: String) {
        #expect(accepts(value, .integer))
    }

    @Test(arguments: ["007", "+1", ".5", "1.", "1e3", "5.0", "0x10", "1_000", "\"5\"", "five", "9223372036854775808",
                      "-9223372036854775809", "--1", "-", "1 2", "NaN", "true", "Null", "[5]"])
    func integersKEDARejects(_ value: String) {
        #expect(!accepts(value, .integer))
    }

    @Test func unsignedAndSizedIntegers() {
        #expect(accepts("18446744073709551615", .unsignedInteger))
        #expect(!accepts("18446744073709551616", .unsignedInteger))
        #expect(!accepts("-1", .unsignedInteger))
        #expect(!accepts("-0", .unsignedInteger)) // strconv.ParseUint takes no sign at all
        #expect(accepts("4294967295", .sizedInteger(bits: 32, signed: false)))
        #expect(!accepts("4294967296", .sizedInteger(bits: 32, signed: false)))
        #expect(accepts("-2147483648", .sizedInteger(bits: 32, signed: true)))
        #expect(!accepts("2147483648", .sizedInteger(bits: 32, signed: true)))
        #expect(accepts("null", .sizedInteger(bits: 32, signed: false)))
    }

    @Test(arguments: ["0", "0.5", "-2", "1e3", "1E+3", "2.5e-3", "-0.0", "1e-400", "null", "123456789012345678901234567890"])
    func floatsKEDAAccepts(_ value: String) {
        #expect(accepts(value, .float))
    }

    @Test(arguments: [".5", "5.", "+1", "05", "1e", "1e+", "Infinity", "NaN", "1e400", "0x1p3", "1,5", "1.5.2"])
    func floatsKEDARejects(_ value: String) {
        #expect(!accepts(value, .float))
    }

    @Test func booleansFollowParseBool() {
        for v in ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"] {
            #expect(accepts(v, .bool), "\(v)")
        }
        for v in ["yes", "no", "on", "off", "tRUE", "y", "2", "enabled"] {
            #expect(!accepts(v, .bool), "\(v)")
        }
    }

    @Test func durationsFollowParseDurationThenMilliseconds() {
        for v in ["30s", "5m", "1h30m", "1.5h", ".5s", "1.s", "500ms", "10us", "10\u{00B5}s", "10\u{03BC}s", "0", "-0", "+0",
                  "-0s", "+5s", "1500", "007", "+5", "-0", "2562047h47m16.854775807s"] {
            #expect(accepts(v, .duration), "\(v)")
        }
        for v in ["-5s", "-1", "s", ".s", "5 s", "5sec", "1d", "5m5", "1h-5m", "2562047h47m16.854775808s",
                  "9223372036854775808", "99999999999h", "0x10"] {
            #expect(!accepts(v, .duration), "\(v)")
        }
        #expect(KEDAValueSyntax.goDuration("1h30m") == 5_400_000_000_000)
        #expect(KEDAValueSyntax.goDuration("1.5s") == 1_500_000_000)
        #expect(KEDAValueSyntax.goDuration("-2m") == -120_000_000_000)
        #expect(KEDAValueSyntax.goDuration("-9223372036854775808ns") == Int64.min)
        #expect(KEDAValueSyntax.goDuration("9223372036854775808ns") == nil)
        #expect(KEDAValueSyntax.goDuration("1.0000000000000000000000001s") == 1_000_000_000)
    }

    @Test func listsSplitTrimAndConvertEachElement() {
        let strings = ParameterValueType.list(element: .string, separator: ",", range: nil)
        #expect(accepts("a, b ,,c", strings)) // empty string elements are fine
        let ints = ParameterValueType.list(element: .integer, separator: ",", range: "-")
        #expect(accepts("1, 2 ,3", ints))
        #expect(accepts("1-5,7", ints))
        #expect(accepts("1 - 5", ints)) // range ends are JSON: surrounding spaces are fine
        #expect(accepts("null", ints)) // a plain element goes through encoding/json too
        #expect(!accepts("1,,2", ints)) // an empty element is not JSON
        #expect(!accepts("1,", ints))
        #expect(!accepts("-1", ints)) // contains the range separator: start is empty
        #expect(!accepts("1-2-3", ints))
        #expect(!accepts("null-3", ints))
        #expect(!accepts("1-x", ints))
        #expect(!accepts("01-3", ints))
        let noRange = ParameterValueType.list(element: .integer, separator: ",", range: nil)
        #expect(accepts("-1,2", noRange))
        #expect(!accepts("1-5", noRange))
        let semicolons = ParameterValueType.list(element: .string, separator: ";", range: nil)
        #expect(accepts("a,b;c", semicolons))
    }

    @Test func mapsNeedExactlyOneEqualsPerEntry() {
        let map = ParameterValueType.map(separator: ",")
        #expect(accepts("a=1, b = 2", map))
        #expect(accepts("a=", map))
        #expect(accepts("=1", map))
        #expect(!accepts("a=1,", map)) // the empty entry has no '='
        #expect(!accepts("a=b=c", map))
        #expect(!accepts("a", map))
        #expect(accepts("a=1;b=2", .map(separator: ";")))
        #expect(!accepts("a=1,b=2", .map(separator: ";")))
    }

    @Test func urlQueriesFollowParseQuery() {
        #expect(accepts("a=1&b=2", .urlQuery))
        #expect(accepts("a=%20x&&b", .urlQuery))
        #expect(accepts("a+b=c d", .urlQuery))
        #expect(!accepts("a=1;b=2", .urlQuery))
        #expect(!accepts("a=%zz", .urlQuery))
        #expect(!accepts("a=100%", .urlQuery))
        #expect(!accepts("a=%4", .urlQuery))
    }

    @Test func trimMatchesStringsTrimSpace() {
        #expect(KEDAValueSyntax.trim("  5\n") == "5")
        #expect(KEDAValueSyntax.trim("\u{00A0}\u{3000}x\u{2028}\u{0B}\u{0C}") == "x")
        #expect(KEDAValueSyntax.trim("\r\n") == "")
        #expect(KEDAValueSyntax.trim("\u{200B}x") == "\u{200B}x") // zero-width space is not White_Space
        #expect(KEDAValueSyntax.effectiveValue(" \t ") == nil)
        #expect(KEDAValueSyntax.effectiveValue(nil) == nil)
    }

    @Test func splitIsByteWise() {
        #expect(KEDAValueSyntax.split("a,,b", separator: ",") == ["a", "", "b"])
        #expect(KEDAValueSyntax.split("", separator: ",") == [""])
        // A combining mark after the comma would hide it from Swift's grapheme-based splitting.
        #expect(KEDAValueSyntax.split("a,\u{301}b", separator: ",").count == 2)
        #expect(KEDAValueSyntax.split("a::b::", separator: "::") == ["a", "b", ""])
    }

    @Test func enumChecksEveryTrimmedElementCaseSensitively() {
        let allowed = ["apiKey", "basic", "tls"]
        #expect(KEDAValueSyntax.disallowedElements("basic", allowed: allowed, separator: nil).isEmpty)
        #expect(KEDAValueSyntax.disallowedElements("basic, tls", allowed: allowed, separator: nil).isEmpty)
        #expect(KEDAValueSyntax.disallowedElements("Basic", allowed: allowed, separator: nil) == ["Basic"])
        #expect(KEDAValueSyntax.disallowedElements("basic,", allowed: allowed, separator: nil) == [""])
        #expect(KEDAValueSyntax.disallowedElements("basic;tls", allowed: allowed, separator: ";").isEmpty)
        #expect(KEDAValueSyntax.disallowedElements("e\u{301}", allowed: ["\u{E9}"], separator: nil) == ["e\u{301}"])
        #expect(KEDAValueSyntax.exclusiveMembers("bearer, tls, basic", exclusiveSet: ["bearer", "basic", "oauth"], separator: nil) == ["bearer", "basic"])
        #expect(KEDAValueSyntax.exclusiveMembers("bearer,bearer", exclusiveSet: ["bearer", "basic"], separator: nil).count == 2)
    }
}
