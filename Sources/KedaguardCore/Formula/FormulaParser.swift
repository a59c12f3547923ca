/// A precedence-climbing (Pratt) parser for the expr-lang language, with expr's precedences and
/// quirks so that a formula is accepted exactly when expr accepts it:
///
/// | precedence | operators (binary unless noted)                                  |
/// |-----------:|------------------------------------------------------------------|
/// | 0          | `|` (pipe)                                                       |
/// | 10         | `or` `||`                                                        |
/// | 15         | `and` `&&`                                                       |
/// | 20         | `==` `!=` `<` `>` `<=` `>=` `in` `matches` `contains` ... (chain)|
/// | 25         | `..`                                                             |
/// | 30         | `+` `-`                                                          |
/// | 50         | unary `not` `!`                                                  |
/// | 60         | `*` `/` `%`                                                      |
/// | 90         | unary `-` `+`                                                    |
/// | 100        | `**` `^` (right-associative)                                     |
/// | 500        | `??`, which cannot be mixed with other operators without parentheses |
///
/// The ternary `c ? a : b` (and `c ?: b`) binds loosest and nests to the right; `a < b < c`
/// means `a < b && b < c`.
public struct FormulaParser {
    public struct Operator: Sendable {
        let precedence: Int
        let rightAssociative: Bool
    }

    public static let binary: [String: Operator] = [
        "|": Operator(precedence: 0, rightAssociative: false),
        "or": Operator(precedence: 10, rightAssociative: false), "||": Operator(precedence: 10, rightAssociative: false),
        "and": Operator(precedence: 15, rightAssociative: false), "&&": Operator(precedence: 15, rightAssociative: false),
        "==": Operator(precedence: 20, rightAssociative: false), "!=": Operator(precedence: 20, rightAssociative: false),
        "<": Operator(precedence: 20, rightAssociative: false), ">": Operator(precedence: 20, rightAssociative: false),
        ">=": Operator(precedence: 20, rightAssociative: false), "<=": Operator(precedence: 20, rightAssociative: false),
        "in": Operator(precedence: 20, rightAssociative: false), "matches": Operator(precedence: 20, rightAssociative: false),
        "contains": Operator(precedence: 20, rightAssociative: false), "startsWith": Operator(precedence: 20, rightAssociative: false),
        "endsWith": Operator(precedence: 20, rightAssociative: false),
        "..": Operator(precedence: 25, rightAssociative: false),
        "+": Operator(precedence: 30, rightAssociative: false), "-": Operator(precedence: 30, rightAssociative: false),
        "*": Operator(precedence: 60, rightAssociative: false), "/": Operator(precedence: 60, rightAssociative: false),
        "%": Operator(precedence: 60, rightAssociative: false),
        "**": Operator(precedence: 100, rightAssociative: true), "^": Operator(precedence: 100, rightAssociative: true),
        "??": Operator(precedence: 500, rightAssociative: false),
    ]
    public static let unary: [String: Int] = ["not": 50, "!": 50, "-": 90, "+": 90]
    static let negatable: Set<String> = ["contains", "matches", "startsWith", "endsWith", "in"]

    /// Built-ins that take a predicate (`all(list, {# > 0})`): argument kinds, optional ones last.
    enum Argument: Sendable { case expression, predicate, optionalExpression, optionalPredicate }
    static let predicateBuiltins: [String: [Argument]] = [
        "all": [.expression, .predicate], "none": [.expression, .predicate], "any": [.expression, .predicate],
        "one": [.expression, .predicate], "filter": [.expression, .predicate], "map": [.expression, .predicate],
        "count": [.expression, .optionalPredicate], "sum": [.expression, .optionalPredicate],
        "find": [.expression, .predicate], "findIndex": [.expression, .predicate], "findLast": [.expression, .predicate],
        "findLastIndex": [.expression, .predicate], "groupBy": [.expression, .predicate],
        "sortBy": [.expression, .predicate, .optionalExpression], "reduce": [.expression, .predicate, .optionalExpression],
    ]

    /// expr's built-in functions (besides the predicate ones).
    public static let builtins: Set<String> = [
        "len", "type", "abs", "ceil", "floor", "round", "int", "float", "string", "trim", "trimPrefix", "trimSuffix",
        "upper", "lower", "split", "splitAfter", "replace", "repeat", "join", "indexOf", "lastIndexOf", "hasPrefix",
        "hasSuffix", "max", "min", "mean", "median", "toJSON", "fromJSON", "toBase64", "fromBase64", "now", "duration",
        "date", "timezone", "first", "last", "get", "take", "keys", "values", "toPairs", "fromPairs", "reverse", "uniq",
        "concat", "flatten", "sort", "bitand", "bitor", "bitxor", "bitnand", "bitshl", "bitshr", "bitushr", "bitnot",
    ]

    private var tokens: [FormulaToken]
    private var position = 0
    private var depth = 0

    private init(tokens: [FormulaToken]) {
        self.tokens = tokens
    }

    /// Parses a whole expression; the first problem is thrown, as expr reports only the first.
    public static func parse(_ text: String) throws(FormulaError) -> FormulaNode {
        var parser = FormulaParser(tokens: try FormulaLexer.tokenize(text))
        let node = try parser.parseSequence()
        if !parser.current.is(.eof) {
            throw FormulaError("unexpected \(parser.current)", at: parser.current.offset)
        }
        return node
    }

    private var current: FormulaToken { tokens[position] }

    private mutating func next() throws(FormulaError) {
        guard position + 1 < tokens.count else { throw FormulaError("unexpected end of formula", at: current.offset) }
        position += 1
    }

    private mutating func expect(_ kind: FormulaToken.Kind, _ value: String? = nil) throws(FormulaError) {
        if current.kind == kind, value == nil || current.value == value! {
            try next()
            return
        }
        let wanted = value.map { "\"\($0)\"" } ?? (kind == .identifier ? "a name" : "\(kind)")
        throw FormulaError("unexpected \(current), expected \(wanted)", at: current.offset)
    }

    private mutating func parseSequence() throws(FormulaError) -> FormulaNode {
        var nodes = [try parseExpression(0)]
        while current.is(.operator, ";") {
            try next()
            if current.is(.eof) { break }
            nodes.append(try parseExpression(0))
        }
        return nodes.count == 1 ? nodes[0] : .sequence(nodes, offset: nodes[0].offset)
    }

    private mutating func parseExpression(_ precedence: Int) throws(FormulaError) -> FormulaNode {
        if precedence == 0, current.is(.operator, "let") { return try parseLet() }
        if precedence == 0, current.is(.operator, "if") { return try parseIf() }
        var left = try parsePrimary()
        var previous = ""
        while current.kind == .operator {
            var opToken = current
            var negated: FormulaToken?
            if opToken.value == "not" {
                // `a not in b`: "not" followed by a negatable operator of high enough precedence.
                let saved = position
                try next()
                guard Self.negatable.contains(current.value) else {
                    throw FormulaError("unexpected \(current) after \"not\"", at: current.offset)
                }
                guard let op = Self.binary[current.value], op.precedence >= precedence else {
                    position = saved
                    break
                }
                negated = opToken
                opToken = current
            }
            guard let op = Self.binary[opToken.value], op.precedence >= precedence else { break }
            try next()
            if opToken.value == "|" {
                let name = current
                try expect(.identifier)
                left = try parseCall(name, arguments: [left])
                previous = opToken.value
                continue
            }
            if previous == "??", opToken.value != "??" {
                throw FormulaError("operator \"\(opToken.value)\" and ?? cannot be mixed without parentheses; wrap one side in ( )", at: opToken.offset)
            }
            if op.precedence == 20 {
                left = try parseComparison(left, opToken, op.precedence)
            } else {
                let right = try parseExpression(op.rightAssociative ? op.precedence : op.precedence + 1)
                left = .binary(opToken.value, left, right, offset: opToken.offset)
            }
            if let negated { left = .unary("not", left, offset: negated.offset) }
            previous = opToken.value
        }
        if precedence == 0 { left = try parseConditional(left) }
        return left
    }

    /// `a < b < c` is `a < b && b < c`.
    private mutating func parseComparison(_ first: FormulaNode, _ token: FormulaToken, _ precedence: Int) throws(FormulaError) -> FormulaNode {
        var left = first
        var op = token
        var root: FormulaNode?
        while true {
            let right = try parseExpression(precedence + 1)
            let comparison = FormulaNode.binary(op.value, left, right, offset: op.offset)
            root = root.map { .binary("&&", $0, comparison, offset: op.offset) } ?? comparison
            left = right
            guard current.kind == .operator, let next = Self.binary[current.value], next.precedence == 20 else { break }
            op = current
            try self.next()
        }
        return root!
    }

    private mutating func parseConditional(_ condition: FormulaNode) throws(FormulaError) -> FormulaNode {
        var node = condition
        while current.is(.operator, "?") {
            let question = current
            try next()
            let yes: FormulaNode, no: FormulaNode
            if current.is(.operator, ":") {
                try next()
                yes = node
                no = try parseExpression(0)
            } else {
                yes = try parseExpression(0)
                try expect(.operator, ":")
                no = try parseExpression(0)
            }
            node = .conditional(node, yes, no, offset: question.offset)
        }
        return node
    }

    private mutating func parseLet() throws(FormulaError) -> FormulaNode {
        try expect(.operator, "let")
        let name = current
        try expect(.identifier)
        try expect(.operator, "=")
        let value = try parseExpression(0)
        try expect(.operator, ";")
        let body = try parseSequence()
        return .letBinding(name.value, value, body, offset: name.offset)
    }

    private mutating func parseIf() throws(FormulaError) -> FormulaNode {
        let keyword = current
        try next()
        let condition = try parseExpression(0)
        try expect(.bracket, "{")
        let yes = try parseSequence()
        try expect(.bracket, "}")
        try expect(.operator, "else")
        let no: FormulaNode
        if current.is(.operator, "if") {
            no = try parseIf()
        } else {
            try expect(.bracket, "{")
            no = try parseSequence()
            try expect(.bracket, "}")
        }
        return .conditional(condition, yes, no, offset: keyword.offset)
    }

    private mutating func parsePrimary() throws(FormulaError) -> FormulaNode {
        let token = current
        if token.kind == .operator, let precedence = Self.unary[token.value] {
            try next()
            let operand = try parseExpression(precedence)
            return try parsePostfix(.unary(token.value, operand, offset: token.offset))
        }
        if token.is(.bracket, "(") {
            try next()
            let inner = try parseSequence()
            guard current.is(.bracket, ")") else {
                throw FormulaError("unexpected \(current), expected \")\" to close the \"(\" at column \(token.offset + 1)", at: current.offset)
            }
            try next()
            return try parsePostfix(inner)
        }
        if token.is(.operator, "#") || token.is(.operator, ".") {
            guard depth > 0 else {
                throw FormulaError("\"\(token.value)\" can only be used inside a predicate such as filter(list, {# > 0})", at: token.offset)
            }
            try next()
            var name = ""
            if token.value == "#", current.kind == .identifier {
                name = current.value
                try next()
            } else if token.value == "." {
                // `.field` in a predicate: the member of the current element.
                let field = current
                try expect(.identifier)
                return try parsePostfix(.member(.pointer("", offset: token.offset), .string(field.value, offset: field.offset), optional: false, offset: field.offset))
            }
            return try parsePostfix(.pointer(name, offset: token.offset))
        }
        if token.is(.operator, "::") {
            try next()
            let name = current
            try expect(.identifier)
            return try parsePostfix(try parseCall(name, arguments: []))
        }
        return try parseSecondary()
    }

    private mutating func parseSecondary() throws(FormulaError) -> FormulaNode {
        let token = current
        let node: FormulaNode
        switch token.kind {
        case .identifier:
            try next()
            switch token.value {
            case "true": return .bool(true, offset: token.offset)
            case "false": return .bool(false, offset: token.offset)
            case "nil": return .nil(offset: token.offset)
            default:
                node = current.is(.bracket, "(") ? try parseCall(token, arguments: []) : .identifier(token.value, offset: token.offset)
            }
        case .number:
            try next()
            return try Self.number(token)
        case .string:
            try next()
            node = .string(token.value, offset: token.offset)
        case .bytes:
            try next()
            node = .bytes(offset: token.offset)
        default:
            if token.is(.bracket, "[") {
                node = try parseArray()
            } else if token.is(.bracket, "{") {
                node = try parseMap()
            } else {
                throw FormulaError(token.kind == .eof ? "unexpected end of formula" : "unexpected \(token)", at: token.offset)
            }
        }
        return try parsePostfix(node)
    }

    static func number(_ token: FormulaToken) throws(FormulaError) -> FormulaNode {
        let text = token.value.replacingOccurrences(of: "_", with: "")
        let lower = text.lowercased()
        func integer(_ digits: Substring, radix: Int) throws(FormulaError) -> FormulaNode {
            guard !digits.isEmpty, let v = Int64(digits, radix: radix) else {
                throw FormulaError("invalid number \(token.value)", at: token.offset)
            }
            return .integer(v, offset: token.offset)
        }
        if lower.hasPrefix("0x") { return try integer(text.dropFirst(2), radix: 16) }
        if lower.contains(".") || lower.contains("e") {
            guard let v = GoSyntax.parseFloat(text) else { throw FormulaError("invalid number \(token.value)", at: token.offset) }
            return .float(v, offset: token.offset)
        }
        if lower.hasPrefix("0b") { return try integer(text.dropFirst(2), radix: 2) }
        if lower.hasPrefix("0o") { return try integer(text.dropFirst(2), radix: 8) }
        return try integer(Substring(text), radix: 10)
    }

    private mutating func parseCall(_ name: FormulaToken, arguments initial: [FormulaNode]) throws(FormulaError) -> FormulaNode {
        if let kinds = Self.predicateBuiltins[name.value] {
            try expect(.bracket, "(")
            var arguments = initial
            let remaining = kinds.dropFirst(min(initial.count, kinds.count))
            for (i, kind) in remaining.enumerated() {
                let optional = kind == .optionalExpression || kind == .optionalPredicate
                if current.is(.bracket, ")") {
                    if optional { break }
                    throw FormulaError("\(name.value) expects at least \(kinds.filter { $0 == .expression || $0 == .predicate }.count) arguments", at: current.offset)
                }
                if i > 0 { try expect(.operator, ",") }
                arguments.append(kind == .predicate || kind == .optionalPredicate ? try parsePredicate() : try parseExpression(0))
            }
            if current.is(.operator, ",") { try next() }
            try expect(.bracket, ")")
            return .builtin(name.value, arguments, offset: name.offset)
        }
        let arguments = try parseArguments(initial)
        if Self.builtins.contains(name.value) { return .builtin(name.value, arguments, offset: name.offset) }
        return .call(.identifier(name.value, offset: name.offset), arguments, offset: name.offset)
    }

    private mutating func parseArguments(_ initial: [FormulaNode]) throws(FormulaError) -> [FormulaNode] {
        var arguments = initial
        try expect(.bracket, "(")
        while !current.is(.bracket, ")") {
            if arguments.count > initial.count {
                try expect(.operator, ",")
                if current.is(.bracket, ")") { break }
            }
            arguments.append(try parseExpression(0))
        }
        try expect(.bracket, ")")
        return arguments
    }

    private mutating func parsePredicate() throws(FormulaError) -> FormulaNode {
        let start = current
        let braced = current.is(.bracket, "{")
        if braced { try next() }
        depth += 1
        let body = try parseSequence()
        depth -= 1
        if braced { try expect(.bracket, "}") }
        return .predicate(body, offset: start.offset)
    }

    private mutating func parseArray() throws(FormulaError) -> FormulaNode {
        let open = current
        try expect(.bracket, "[")
        var items: [FormulaNode] = []
        while !current.is(.bracket, "]") {
            if !items.isEmpty {
                try expect(.operator, ",")
                if current.is(.bracket, "]") { break }
            }
            items.append(try parseExpression(0))
        }
        try expect(.bracket, "]")
        return .array(items, offset: open.offset)
    }

    private mutating func parseMap() throws(FormulaError) -> FormulaNode {
        let open = current
        try expect(.bracket, "{")
        var pairs: [(FormulaNode, FormulaNode)] = []
        while !current.is(.bracket, "}") {
            if !pairs.isEmpty {
                try expect(.operator, ",")
                if current.is(.bracket, "}") { break }
            }
            let key: FormulaNode
            if current.kind == .number || current.kind == .string || current.kind == .identifier {
                key = .string(current.value, offset: current.offset)
                try next()
            } else if current.is(.bracket, "(") {
                key = try parseExpression(0)
            } else {
                throw FormulaError("a map key must be a name, a string, a number or an expression in parentheses, not \(current)", at: current.offset)
            }
            try expect(.operator, ":")
            pairs.append((key, try parseExpression(0)))
        }
        try expect(.bracket, "}")
        return .map(pairs, offset: open.offset)
    }

    private mutating func parsePostfix(_ start: FormulaNode) throws(FormulaError) -> FormulaNode {
        var node = start
        while current.kind == .operator || current.kind == .bracket {
            let token = current
            if token.value == "." || token.value == "?." {
                try next()
                let optional = token.value == "?."
                if optional, current.is(.bracket, "[") {
                    node = try parseIndex(node, optional: true)
                    continue
                }
                let property = current
                try next()
                guard property.kind == .identifier || (property.kind == .operator && FormulaLexer.keywordOperators.contains(property.value)) else {
                    throw FormulaError("expected a field name after \"\(token.value)\", found \(property)", at: property.offset)
                }
                let member = FormulaNode.member(node, .string(property.value, offset: property.offset), optional: optional, offset: property.offset)
                if current.is(.bracket, "(") {
                    node = .call(member, try parseArguments([]), offset: property.offset)
                } else {
                    node = member
                }
            } else if token.value == "[" {
                node = try parseIndex(node, optional: false)
            } else {
                break
            }
        }
        return node
    }

    private mutating func parseIndex(_ node: FormulaNode, optional: Bool) throws(FormulaError) -> FormulaNode {
        let open = current
        try expect(.bracket, "[")
        if current.is(.operator, ":") {
            try next()
            let to = current.is(.bracket, "]") ? nil : try parseExpression(0)
            try expect(.bracket, "]")
            return .slice(node, nil, to, offset: open.offset)
        }
        let from = try parseExpression(0)
        if current.is(.operator, ":") {
            try next()
            let to = current.is(.bracket, "]") ? nil : try parseExpression(0)
            try expect(.bracket, "]")
            return .slice(node, from, to, offset: open.offset)
        }
        try expect(.bracket, "]")
        return .member(node, from, optional: optional, offset: open.offset)
    }
}
