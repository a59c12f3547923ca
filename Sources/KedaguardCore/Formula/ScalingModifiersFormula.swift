/// How KEDA compiles `spec.advanced.scalingModifiers.formula`, replayed for checking.
///
/// KEDA wraps the formula before compiling it (`castToFloatIfNecessary`): in `float(...)`, or,
/// when it contains `??`, in `let _kedaCompositeResult = (...); _kedaCompositeResult == nil ?
/// nil : float(_kedaCompositeResult)`; formulas already starting with `float(` (or with that
/// `let`) are left alone. It then compiles against the named triggers that are not cpu or memory,
/// each a float64. kedaguard parses the same wrapped text, so it accepts exactly what KEDA's
/// compiler accepts, and maps positions back into the formula the user wrote.
public enum ScalingModifiersFormula {
    static let letPrefix = "let _kedaCompositeResult = "

    public struct Wrapped: Sendable {
        public var source: String
        /// Offset (in Unicode scalars) of the user's formula inside `source`.
        public var prefixLength: Int
        /// The wrapper converts the result with float() (KEDA's own wrapper, not the user's).
        public var convertsResult: Bool
        /// The formula is compiled as written; its result must then already be a float.
        public var compiledAsWritten: Bool
    }

    public static func wrap(_ formula: String) -> Wrapped {
        if formula.contains("??") {
            if formula.hasPrefix(letPrefix) {
                return Wrapped(source: formula, prefixLength: 0, convertsResult: false, compiledAsWritten: true)
            }
            let prefix = letPrefix + "("
            return Wrapped(source: prefix + formula + "); _kedaCompositeResult == nil ? nil : float(_kedaCompositeResult)",
                           prefixLength: prefix.unicodeScalars.count, convertsResult: true, compiledAsWritten: false)
        }
        if formula.hasPrefix("float(") {
            return Wrapped(source: formula, prefixLength: 0, convertsResult: false, compiledAsWritten: true)
        }
        return Wrapped(source: "float(" + formula + ")", prefixLength: 6, convertsResult: true, compiledAsWritten: false)
    }

    /// A problem in the formula; `offset` is into the user's formula (nil: about the whole).
    public struct Problem: Sendable, Hashable {
        public var message: String
        public var offset: Int?
    }

    /// What the formula may reference: KEDA's environment is the named non-cpu/memory triggers.
    public struct Triggers: Sendable {
        public var usable: [String]
        public var resource: [String]
        /// Indexes of triggers without a name (they cannot be referenced).
        public var unnamed: [Int]

        public init(usable: [String], resource: [String], unnamed: [Int]) {
            self.usable = usable
            self.resource = resource
            self.unnamed = unnamed
        }

        public init(_ triggers: [TriggerView]) {
            var usable: [String] = [], resource: [String] = [], unnamed: [Int] = []
            for t in triggers {
                guard let name = t.name, !name.isEmpty else {
                    if !t.isResourceMetric { unnamed.append(t.index) }
                    continue
                }
                if t.isResourceMetric { resource.append(name) } else { usable.append(name) }
            }
            self.init(usable: usable, resource: resource, unnamed: unnamed)
        }
    }

    public static func check(_ formula: String, triggers: Triggers) -> [Problem] {
        let wrapped = wrap(formula)
        let length = formula.unicodeScalars.count
        let userRange = wrapped.prefixLength..<(wrapped.prefixLength + length)
        func local(_ offset: Int) -> Int? {
            userRange.contains(offset) ? offset - wrapped.prefixLength : (offset >= userRange.upperBound ? length : nil)
        }
        let tree: FormulaNode
        do {
            tree = try FormulaParser.parse(wrapped.source)
        } catch {
            var message = error.message
            if !userRange.contains(error.offset), error.offset >= userRange.upperBound, message.hasPrefix("unexpected") {
                // The wrapper's closing text hit the error: the formula itself ended too early.
                message = "the formula is incomplete or has an unbalanced parenthesis (\(message.replacingOccurrences(of: "\"_kedaCompositeResult\"", with: "end of formula")))"
            }
            return [Problem(message: message, offset: local(error.offset))]
        }
        var environment: [String: FormulaType] = [:]
        for name in triggers.usable { environment[name] = .float }
        var checker = FormulaChecker(environment: FormulaChecker.Environment(variables: environment))
        checker.userRange = userRange
        checker.explainUnknownName = { explain($0, triggers: triggers, formula: formula) }
        let result = checker.check(tree)
        var problems = checker.errors.map { Problem(message: $0.message, offset: local($0.offset)) }
        if wrapped.compiledAsWritten, result != .float, result != .unknown, !(result == .nil && formula.contains("??")) {
            problems.append(Problem(message: "the formula evaluates to \(result.spoken), but KEDA needs a float: because it starts with \(formula.hasPrefix("float(") ? "float(" : "let"), KEDA does not wrap it in float(...); wrap the whole formula yourself", offset: nil))
        }
        return problems
    }

    static func explain(_ name: String, triggers: Triggers, formula: String) -> String {
        if triggers.resource.contains(name) {
            return "\(name) is a cpu/memory trigger; their metrics come from the metrics server and cannot be used in a formula"
        }
        var message = "\(name) is not the name of a trigger of this ScaledObject"
        if let best = Suggest.closest(to: name, in: triggers.usable) {
            message += "; did you mean \(best)?"
        } else if let dashed = (triggers.usable + triggers.resource).first(where: { !isIdentifier($0) && $0.contains(name) && formula.contains($0) }) {
            message += "; trigger \"\(dashed)\" cannot be referenced because its name is not an identifier (letters, digits and _ only): rename it"
        } else if !triggers.unnamed.isEmpty {
            message += "; unnamed triggers cannot be used: give triggers[\(triggers.unnamed[0])] a name"
        } else if !triggers.usable.isEmpty {
            message += " (usable names: \(triggers.usable.joined(separator: ", ")))"
        }
        return message
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first == "$" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy(FormulaLexer.isAlphaNumeric) && !FormulaLexer.keywordOperators.contains(name)
            && !["true", "false", "nil"].contains(name)
    }

    /// "column 7" or "line 2, column 3" for an offset into `formula`.
    public static func describe(_ offset: Int, in formula: String) -> String {
        var line = 1, column = 1
        for (i, scalar) in formula.unicodeScalars.enumerated() {
            if i == offset { break }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return line == 1 && !formula.contains("\n") ? "column \(column)" : "line \(line), column \(column)"
    }
}
