/// The syntax tree of an expr-lang expression; every node keeps the offset of the token that
/// produced it (the operator for binary nodes, as expr does) for error messages.
public indirect enum FormulaNode: Sendable, Hashable {
    case integer(Int64, offset: Int)
    case float(Double, offset: Int)
    case string(String, offset: Int)
    case bytes(offset: Int)
    case bool(Bool, offset: Int)
    case `nil`(offset: Int)
    case identifier(String, offset: Int)
    /// `#` or `#name` or `.field` inside a predicate.
    case pointer(String, offset: Int)
    case unary(String, FormulaNode, offset: Int)
    case binary(String, FormulaNode, FormulaNode, offset: Int)
    /// `c ? a : b`, `c ?: b` and `if c { a } else { b }`.
    case conditional(FormulaNode, FormulaNode, FormulaNode, offset: Int)
    /// A call of a built-in function (`max(a, b)`); predicate arguments are `.predicate`.
    case builtin(String, [FormulaNode], offset: Int)
    /// A call of anything else: an unknown function, a variable, a method.
    case call(FormulaNode, [FormulaNode], offset: Int)
    case member(FormulaNode, FormulaNode, optional: Bool, offset: Int)
    case slice(FormulaNode, FormulaNode?, FormulaNode?, offset: Int)
    case array([FormulaNode], offset: Int)
    case map([(FormulaNode, FormulaNode)], offset: Int)
    case predicate(FormulaNode, offset: Int)
    case letBinding(String, FormulaNode, FormulaNode, offset: Int)
    case sequence([FormulaNode], offset: Int)

    public var offset: Int {
        switch self {
        case .integer(_, let o), .float(_, let o), .string(_, let o), .bytes(let o), .bool(_, let o), .nil(let o),
             .identifier(_, let o), .pointer(_, let o), .unary(_, _, let o), .binary(_, _, _, let o),
             .conditional(_, _, _, let o), .builtin(_, _, let o), .call(_, _, let o), .member(_, _, _, let o),
             .slice(_, _, _, let o), .array(_, let o), .map(_, let o), .predicate(_, let o), .letBinding(_, _, _, let o),
             .sequence(_, let o):
            return o
        }
    }

    public static func == (a: FormulaNode, b: FormulaNode) -> Bool { a.rendered == b.rendered }
    public func hash(into h: inout Hasher) { h.combine(rendered) }

    /// A fully parenthesised rendering, used by tests to show how the parser grouped operands.
    public var rendered: String {
        switch self {
        case .integer(let v, _): return String(v)
        case .float(let v, _): return String(v)
        case .string(let v, _): return "\"\(v)\""
        case .bytes: return "b\"...\""
        case .bool(let v, _): return v ? "true" : "false"
        case .nil: return "nil"
        case .identifier(let n, _): return n
        case .pointer(let n, _): return "#" + n
        case .unary(let op, let x, _): return "(\(op) \(x.rendered))"
        case .binary(let op, let l, let r, _): return "(\(l.rendered) \(op) \(r.rendered))"
        case .conditional(let c, let a, let b, _): return "(\(c.rendered) ? \(a.rendered) : \(b.rendered))"
        case .builtin(let n, let args, _): return "\(n)(\(args.map(\.rendered).joined(separator: ", ")))"
        case .call(let f, let args, _): return "\(f.rendered)(\(args.map(\.rendered).joined(separator: ", ")))"
        case .member(let x, let p, let optional, _): return "\(x.rendered)\(optional ? "?." : ".")[\(p.rendered)]"
        case .slice(let x, let from, let to, _): return "\(x.rendered)[\(from?.rendered ?? ""):\(to?.rendered ?? "")]"
        case .array(let items, _): return "[\(items.map(\.rendered).joined(separator: ", "))]"
        case .map(let pairs, _): return "{\(pairs.map { "\($0.0.rendered): \($0.1.rendered)" }.joined(separator: ", "))}"
        case .predicate(let x, _): return "{\(x.rendered)}"
        case .letBinding(let n, let v, let body, _): return "(let \(n) = \(v.rendered); \(body.rendered))"
        case .sequence(let items, _): return "(\(items.map(\.rendered).joined(separator: "; ")))"
        }
    }
}
