import KedaguardCore
import Testing

/// The expr-lang parser: grouping (precedence, associativity), literals, and error positions.
struct FormulaParserTests {
    private func grouped(_ text: String) throws -> String {
        try FormulaParser.parse(text).rendered
    }

    private func error(_ text: String) -> FormulaError? {
        do {
            _ = try FormulaParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("a + b * c", "(a + (b * c))"),
        ("a * b + c", "((a * b) + c)"),
        ("a - b - c", "((a - b) - c)"),
        ("a / b / c", "((a / b) / c)"),
        ("a % b * c", "((a % b) * c)"),
        ("a ** b ** c", "(a ** (b ** c))"),
        ("a ^ b ^ c", "(a ^ (b ^ c))"),
        ("a * b ** c", "(a * (b ** c))"),
        ("-a ** 2", "(- (a ** 2))"),
        ("-a * b", "((- a) * b)"),
        ("- -a", "(- (- a))"),
        ("+a", "(+ a)"),
        ("!a && b", "((! a) && b)"),
        ("not a and b", "((not a) and b)"),
        ("not a == b", "((not a) == b)"),
        ("a || b && c", "(a || (b && c))"),
        ("a or b and c", "(a or (b and c))"),
        ("a and b or c and d", "((a and b) or (c and d))"),
        ("a + b > c * d", "((a + b) > (c * d))"),
        ("a > b == c", "((a > b) && (b == c))"),
        ("a < b < c", "((a < b) && (b < c))"),
        ("a < b && c >= d", "((a < b) && (c >= d))"),
        ("a != b", "(a != b)"),
        ("(a + b) * c", "((a + b) * c)"),
        ("((a))", "a"),
        ("a ?? b", "(a ?? b)"),
        ("a ?? b ?? c", "((a ?? b) ?? c)"),
        ("a + b ?? c", "(a + (b ?? c))"),
        ("(a ?? 0) + (b ?? 0)", "((a ?? 0) + (b ?? 0))"),
        ("a > 1 ? b : c", "((a > 1) ? b : c)"),
        ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
        ("a ? b ? c : d : e", "(a ? (b ? c : d) : e)"),
        ("a ?: b", "(a ? a : b)"),
        ("a + b > 5 ? a : b * 2", "(((a + b) > 5) ? a : (b * 2))"),
        ("if a > 1 { b } else { c }", "((a > 1) ? b : c)"),
        ("if a { b } else if c { d } else { e }", "(a ? b : (c ? d : e))"),
        ("let x = a * 2; x + 1", "(let x = (a * 2); (x + 1))"),
        ("a; b", "(a; b)"),
        ("1..3", "(1 .. 3)"),
        ("a in [1, 2]", "(a in [1, 2])"),
        ("a not in [1, 2]", "(not (a in [1, 2]))"),
        ("a | abs()", "abs(a)"),
    ])
    func precedence(_ input: String, _ expected: String) throws {
        #expect(try grouped(input) == expected)
    }

    @Test(arguments: [
        ("max(a, b)", "max(a, b)"),
        ("min(a, b, 3)", "min(a, b, 3)"),
        ("float(a) / 2", "(float(a) / 2)"),
        ("abs(a - b)", "abs((a - b))"),
        ("ceil(a / 3) + floor(b)", "(ceil((a / 3)) + floor(b))"),
        ("round(a * 10) / 10", "(round((a * 10)) / 10)"),
        ("int(a)", "int(a)"),
        ("max(a,)", "max(a)"),
        ("foo(a)", "foo(a)"),
        ("filter([1, 2], {# > 1})", "filter([1, 2], {(# > 1)})"),
        ("count([1, 2])", "count([1, 2])"),
        ("$env[\"my-trigger\"]", "$env.[\"my-trigger\"]"),
        ("a.b", "a.[\"b\"]"),
        ("a?.b", "a?.[\"b\"]"),
        ("x[1:2]", "x[1:2]"),
        ("{a: 1}", "{\"a\": 1}"),
    ])
    func callsAndAccess(_ input: String, _ expected: String) throws {
        #expect(try grouped(input) == expected)
    }

    @Test(arguments: [
        ("42", "42"),
        ("1_000", "1000"),
        ("0x1F", "31"),
        ("0o17", "15"),
        ("0b101", "5"),
        ("2.5", "2.5"),
        (".5", "0.5"),
        ("1e3", "1000.0"),
        ("1.5e-1", "0.15"),
        ("'it''s'".replacingOccurrences(of: "''", with: "\\'"), "\"it's\""),
        ("\"a\\tb\"", "\"a\tb\""),
        ("\"\\u00e9\"", "\"é\""),
        ("`raw\\n`", "\"raw\\n\""),
        ("true", "true"),
        ("nil", "nil"),
        ("a /* comment */ + b // trailing", "(a + b)"),
    ])
    func literals(_ input: String, _ expected: String) throws {
        #expect(try grouped(input) == expected)
    }

    /// Offsets are 0-based positions (in characters) of the offending token.
    @Test(arguments: [
        ("a +", 3, "end of formula"),
        ("a + * b", 4, "\"*\""),
        ("(a + b", 6, "close"),
        ("a + b)", 5, "\")\""),
        ("a b", 2, "\"b\""),
        ("a ?? b + c", 7, "cannot be mixed"),
        ("a ?? b == c", 7, "cannot be mixed"),
        ("a ? b", 5, "\":\""),
        ("1a", 0, "bad number"),
        ("a @ b", 2, "unexpected character"),
        ("'abc", 0, "not terminated"),
        ("a && ", 5, "end of formula"),
        ("max(a b)", 6, "\",\""),
        ("# > 1", 0, "predicate"),
        ("a not b", 6, "after \"not\""),
        ("1e", 0, "invalid number"),
        ("/* open", 0, "comment"),
        ("\"\\q\"", 1, "invalid escape"),
        ("let = 1; 2", 4, "a name"),
        ("a.+", 2, "field name"),
        ("a.1", 1, "unexpected"),
    ])
    func errors(_ input: String, _ offset: Int, _ fragment: String) throws {
        let e = try #require(error(input), "\(input) must not parse")
        #expect(e.offset == offset, "\(input): \(e.message)")
        #expect(e.message.contains(fragment), "\(input): \(e.message)")
    }

    @Test func offsetsCountCharactersNotBytes() throws {
        let e = try #require(error("\"é\" + + "))
        #expect(e.offset == 8)
    }

    @Test func nodeOffsetsPointAtTheirToken() throws {
        let tree = try FormulaParser.parse("a + b * c")
        guard case .binary("+", _, let right, let offset) = tree else {
            Issue.record("expected a binary +, got \(tree.rendered)")
            return
        }
        #expect(offset == 2)
        #expect(right.offset == 6)
    }
}

/// The checker and KEDA's wrapping of scalingModifiers formulas.
struct ScalingModifiersFormulaTests {
    private let triggers = ScalingModifiersFormula.Triggers(usable: ["queue", "lag", "latency_p95"], resource: ["cpu_load"], unnamed: [2])

    private func problems(_ formula: String) -> [ScalingModifiersFormula.Problem] {
        ScalingModifiersFormula.check(formula, triggers: triggers)
    }

    @Test(arguments: [
        "queue + lag",
        "(queue + lag) / 2",
        "max(queue, lag)",
        "queue > 100 ? queue : lag",
        "queue > 100 && lag < 5 ? 1 : 0",
        "queue ?? 0",
        "(queue ?? 0) + (lag ?? 0)",
        "float(queue) + lag",
        "float(queue)",
        "abs(queue - lag) * 2",
        "ceil(latency_p95 / 100)",
        "int(queue) % 4",
        "let total = queue + lag; total / 2",
        "$env[\"queue\"] * 2",
        "min(queue, lag, 10) ** 2",
        "queue > 1 or not (lag > 2) ? 1.5 : 0",
        "count([queue, lag], # > 10)",
    ])
    func acceptsWhatKEDACompiles(_ formula: String) {
        #expect(problems(formula).isEmpty, "\(formula): \(problems(formula))")
    }

    @Test func unknownNamesAreReportedWithColumns() throws {
        let found = problems("queue + qeue + other")
        #expect(found.count == 2)
        #expect(found[0].offset == 8)
        #expect(found[0].message.contains("did you mean queue"))
        #expect(found[1].offset == 15)
        #expect(found[1].message.contains("triggers[2]"))
    }

    @Test func resourceTriggersAreNotVariables() throws {
        let found = problems("queue + cpu_load")
        #expect(found.count == 1)
        #expect(found[0].message.contains("cpu/memory"))
        #expect(found[0].offset == 8)
    }

    @Test func syntaxErrorsMapBackToTheUserFormula() throws {
        let found = problems("queue + * lag")
        #expect(found.count == 1)
        #expect(found[0].offset == 8)
        let unbalanced = problems("(queue + lag")
        #expect(unbalanced.count == 1)
        #expect(unbalanced[0].offset == 12)
        #expect(unbalanced[0].message.contains("incomplete") || unbalanced[0].message.contains("close"))
    }

    @Test func wrappingAcceptsWhatKEDAAccepts() {
        // KEDA compiles float(<formula>): an extra ")" ... "(" pair still compiles there.
        #expect(problems("queue) + (lag").isEmpty)
    }

    @Test func typeErrors() throws {
        #expect(problems("queue > 1").first?.message.contains("boolean") == true)
        #expect(problems("queue % 2").first?.message.contains("integer") == true)
        #expect(problems("queue ? 1 : 2").first?.message.contains("condition") == true)
        #expect(problems("queue && lag").first?.message.contains("&&") == true)
        #expect(problems("queue + true").count == 1)
        #expect(problems("queue(1)").first?.message.contains("not a function") == true)
        #expect(problems("sqrt(queue)").first?.message.contains("unknown function") == true)
        #expect(problems("abs(queue, lag)").first?.message.contains("1 argument") == true)
        #expect(problems("queue.value").first?.message.contains("no fields") == true)
    }

    @Test func formulasStartingWithFloatAreNotWrapped() throws {
        let found = problems("float(queue) > 1 ? 1 : 0")
        #expect(found.count == 1)
        #expect(found[0].offset == nil)
        #expect(found[0].message.contains("integer"))
        #expect(problems("float(queue) * 2").isEmpty)
    }

    @Test func coalescingFormulasUseTheLetWrapper() {
        let wrapped = ScalingModifiersFormula.wrap("queue ?? 1")
        #expect(wrapped.source.hasPrefix("let _kedaCompositeResult = (queue ?? 1);"))
        #expect(wrapped.prefixLength == 28)
        #expect(problems("queue ?? nil").isEmpty)
        #expect(problems("queue ?? true").isEmpty) // unknown result type: expr cannot tell either
    }

    @Test func describesPositions() {
        #expect(ScalingModifiersFormula.describe(4, in: "a + b") == "column 5")
        #expect(ScalingModifiersFormula.describe(6, in: "a +\n  b") == "line 2, column 3")
    }
}
