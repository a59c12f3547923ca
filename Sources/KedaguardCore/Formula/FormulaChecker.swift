/// The static type of a sub-expression, as far as expr's checker can tell at compile time.
public enum FormulaType: String, Sendable, Hashable {
    case int, float, bool, string, `nil`, array, map, bytes, function, unknown

    var isNumber: Bool { self == .int || self == .float }
    var isUnknown: Bool { self == .unknown }

    /// How messages name the type.
    var spoken: String {
        switch self {
        case .int: return "an integer"
        case .float: return "a number"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .nil: return "nil"
        case .array: return "a list"
        case .map: return "a map"
        case .bytes: return "bytes"
        case .function: return "a function"
        case .unknown: return "a value of unknown type"
        }
    }
}

/// Type-checks a parsed expression against an environment of variables the way expr's checker
/// does with `expr.Env(map[string]float64{...})`: unknown names are errors, operators need
/// operands of matching types, conditions must be booleans. Unlike expr, it reports every
/// problem it finds, continuing with an unknown type after each.
public struct FormulaChecker {
    public struct Environment: Sendable {
        /// Variables and their types (KEDA: every named non-cpu/memory trigger, a float).
        public var variables: [String: FormulaType]
        public init(variables: [String: FormulaType]) { self.variables = variables }
    }

    /// Explains an unknown name (KEDA: why a trigger is not available, or a near miss).
    public var explainUnknownName: (String) -> String = { name in "unknown name \(name)" }
    /// Offsets of the text the user wrote; a `float(...)` call outside it is KEDA's own wrapper.
    public var userRange: Range<Int> = 0..<Int.max

    let environment: Environment
    private var scopes: [[String: FormulaType]] = []
    private var predicateDepth = 0
    public private(set) var errors: [FormulaError] = []

    public init(environment: Environment) {
        self.environment = environment
    }

    /// Checks `node`; returns its type. Problems accumulate in `errors`.
    public mutating func check(_ node: FormulaNode) -> FormulaType {
        visit(node)
    }

    private mutating func fail(_ message: String, at offset: Int) -> FormulaType {
        errors.append(FormulaError(message, at: offset))
        return .unknown
    }

    private func lookup(_ name: String) -> FormulaType? {
        for scope in scopes.reversed() { if let t = scope[name] { return t } }
        return nil
    }

    private mutating func visit(_ node: FormulaNode) -> FormulaType {
        switch node {
        case .integer: return .int
        case .float: return .float
        case .string: return .string
        case .bytes: return .bytes
        case .bool: return .bool
        case .nil: return .nil
        case .pointer: return .unknown
        case .identifier(let name, let offset):
            if let t = lookup(name) { return t }
            if name == "$env" { return .map }
            if let t = environment.variables[name] { return t }
            if FormulaParser.builtins.contains(name) || FormulaParser.predicateBuiltins[name] != nil { return .function }
            return fail(explainUnknownName(name), at: offset)
        case .unary(let op, let operand, let offset):
            let t = visit(operand)
            switch op {
            case "!", "not":
                if t == .bool || t.isUnknown { return .bool }
            default:
                if t.isNumber { return t }
                if t.isUnknown { return .unknown }
            }
            return fail("\(op) cannot be applied to \(t.spoken)", at: offset)
        case .binary(let op, let l, let r, let offset):
            return binary(op, visit(l), visit(r), offset: offset)
        case .conditional(let c, let a, let b, _):
            let ct = visit(c)
            if ct != .bool, !ct.isUnknown {
                _ = fail("the condition must be a boolean (a comparison such as x > 2), not \(ct.spoken)", at: c.offset)
            }
            let at = visit(a), bt = visit(b)
            if at == .nil { return bt }
            if bt == .nil { return at }
            return at == bt ? at : .unknown
        case .builtin(let name, let args, let offset):
            return builtin(name, args, offset: offset)
        case .call(let callee, let args, let offset):
            for arg in args { _ = visit(arg) }
            if case .identifier(let name, _) = callee {
                if lookup(name) != nil || environment.variables[name] != nil {
                    let t = lookup(name) ?? environment.variables[name]!
                    return fail("\(name) is \(t.spoken), not a function", at: offset)
                }
                var message = "unknown function \(name)"
                if let best = Suggest.closest(to: name, in: Array(FormulaParser.builtins)) { message += "; did you mean \(best)?" }
                return fail(message, at: offset)
            }
            _ = visit(callee)
            return .unknown
        case .member(let base, let property, let optional, let offset):
            if case .identifier("$env", _) = base, lookup("$env") == nil, case .string(let name, _) = property {
                if let t = environment.variables[name] { return t }
                return optional ? .unknown : fail(explainUnknownName(name), at: offset)
            }
            let bt = visit(base)
            _ = visit(property)
            switch bt {
            case .int, .float, .bool, .function:
                return fail("\(bt.spoken.prefix(1).uppercased() + bt.spoken.dropFirst()) has no fields or elements", at: offset)
            case .nil:
                return optional ? .nil : fail("nil has no fields or elements", at: offset)
            default:
                return .unknown
            }
        case .slice(let base, let from, let to, _):
            let bt = visit(base)
            if let from { _ = visit(from) }
            if let to { _ = visit(to) }
            return bt == .string ? .string : (bt == .array ? .array : .unknown)
        case .array(let items, _):
            for item in items { _ = visit(item) }
            return .array
        case .map(let pairs, _):
            for (k, v) in pairs { _ = visit(k); _ = visit(v) }
            return .map
        case .predicate(let body, _):
            predicateDepth += 1
            defer { predicateDepth -= 1 }
            return visit(body)
        case .letBinding(let name, let value, let body, _):
            let vt = visit(value)
            scopes.append([name: vt])
            defer { scopes.removeLast() }
            return visit(body)
        case .sequence(let items, _):
            var last: FormulaType = .unknown
            for item in items { last = visit(item) }
            return last
        }
    }

    /// expr's checker rules for binary operators, without time and duration types.
    private mutating func binary(_ op: String, _ l: FormulaType, _ r: FormulaType, offset: Int) -> FormulaType {
        func maybe(_ checks: (FormulaType) -> Bool) -> Bool {
            (l.isUnknown && r.isUnknown) || (l.isUnknown && checks(r)) || (r.isUnknown && checks(l))
        }
        let number: (FormulaType) -> Bool = { $0.isNumber }
        switch op {
        case "==", "!=":
            if l.isUnknown || r.isUnknown || l == .nil || r == .nil || (l.isNumber && r.isNumber) || l == r { return .bool }
        case "or", "||", "and", "&&":
            if (l == .bool && r == .bool) || maybe({ $0 == .bool }) { return .bool }
        case "<", ">", "<=", ">=":
            if (l.isNumber && r.isNumber) || (l == .string && r == .string) || maybe({ $0.isNumber || $0 == .string }) { return .bool }
        case "-", "*":
            if l.isNumber && r.isNumber { return l == .float || r == .float ? .float : .int }
            if maybe(number) { return .unknown }
        case "/", "**", "^":
            if (l.isNumber && r.isNumber) || maybe(number) { return .float }
        case "%":
            if (l == .int && r == .int) || maybe({ $0 == .int }) { return .int }
            if l.isNumber && r.isNumber {
                return fail("% needs integer operands, but \(l == .float ? "the left" : "the right") side is a (float) number; use int(...) or a different formula", at: offset)
            }
        case "+":
            if l.isNumber && r.isNumber { return l == .float || r == .float ? .float : .int }
            if l == .string && r == .string { return .string }
            if maybe({ $0.isNumber || $0 == .string }) { return .unknown }
        case "in":
            if r == .map || r == .array || r.isUnknown { return .bool }
            if l.isUnknown && r == .string { return .bool }
        case "matches", "contains", "startsWith", "endsWith":
            if (l == .string && r == .string) || maybe({ $0 == .string }) { return .bool }
        case "..":
            if (l == .int && r == .int) || maybe({ $0 == .int }) { return .array }
        case "??":
            if l == .nil { return r }
            if r == .nil { return l }
            return l == r ? l : .unknown
        default:
            break
        }
        return fail("\(op) cannot combine \(l.spoken) and \(r.spoken)", at: offset)
    }

    private mutating func builtin(_ name: String, _ args: [FormulaNode], offset: Int) -> FormulaType {
        let types = args.map { visit($0) }
        func arity(_ n: Int) -> Bool {
            if types.count == n { return true }
            errors.append(FormulaError("\(name)() takes \(n) argument\(n == 1 ? "" : "s"), not \(types.count)", at: offset))
            return false
        }
        switch name {
        case "float", "int":
            guard arity(1) else { return .unknown }
            let t = types[0]
            guard t.isNumber || t == .string || t.isUnknown else {
                if name == "float", !userRange.contains(offset) {
                    return fail("the formula evaluates to \(t.spoken), but KEDA needs a number (it converts the result with float())", at: offset)
                }
                return fail("\(name)() needs a number or a numeric string, not \(t.spoken)", at: offset)
            }
            return name == "float" ? .float : .int
        case "abs", "ceil", "floor", "round":
            guard arity(1) else { return .unknown }
            guard types[0].isNumber || types[0].isUnknown else { return fail("\(name)() needs a number, not \(types[0].spoken)", at: offset) }
            return name == "abs" ? types[0] : .float
        case "max", "min", "mean", "median":
            guard !types.isEmpty else { return fail("\(name)() needs at least one argument", at: offset) }
            for (t, arg) in zip(types, args) where !(t.isNumber || t.isUnknown || t == .array) {
                errors.append(FormulaError("\(name)() takes numbers (or a list), not \(t.spoken)", at: arg.offset))
                return .unknown
            }
            if types.contains(where: { $0.isUnknown || $0 == .array }) { return .unknown }
            return name == "mean" || name == "median" ? .float : types[0]
        case "len":
            guard arity(1) else { return .unknown }
            guard [.array, .map, .string, .unknown].contains(types[0]) else { return fail("len() needs a list, map or string, not \(types[0].spoken)", at: offset) }
            return .int
        case "string", "type", "toJSON", "upper", "lower", "trim", "trimPrefix", "trimSuffix", "replace", "repeat", "join", "toBase64", "fromBase64":
            return .string
        case "split", "splitAfter", "keys", "values", "toPairs", "filter", "map", "sort", "sortBy", "reverse", "uniq", "concat", "flatten", "take":
            return .array
        case "all", "none", "any", "one", "hasPrefix", "hasSuffix":
            return .bool
        case "count", "findIndex", "findLastIndex", "indexOf", "lastIndexOf", "bitand", "bitor", "bitxor", "bitnand", "bitshl", "bitshr", "bitushr", "bitnot":
            return .int
        default:
            return .unknown
        }
    }
}
