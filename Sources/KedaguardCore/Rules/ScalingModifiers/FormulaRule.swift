/// `spec.advanced.scalingModifiers.formula`, parsed and type-checked as KEDA compiles it.
public struct FormulaRule: SynchronousRule {
    public static let id = "scalingmodifiers-formula"
    public init() {}

    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: Self.id, severity: .error,
            summary: "scalingModifiers without a formula, or a formula that does not compile against the ScaledObject's triggers.",
            explanation: """
            With any scalingModifiers field set, KEDA requires a formula and compiles it with the \
            expr-lang expression language (operators + - * / % ** and comparisons, and/or/not, \
            ternary c ? a : b, ?? for failed triggers, functions such as float, int, abs, ceil, floor, \
            round, min, max). The only variables are the names of the ScaledObject's triggers that \
            have a name and are not cpu or memory; each holds that trigger's metric value. KEDA's \
            webhook denies a formula that does not parse, names anything else, or mixes types (e.g. \
            % on floats, a number used as a condition); the message gives the column inside the \
            formula. KEDA wraps the formula in float(...) unless it already starts with float(, in \
            which case the whole formula must produce a float (a comparison or a ternary of integers \
            fails at runtime with "formula returned non-float result"). Trigger names with '-' cannot \
            be referenced: rename them with '_'.
            """,
            kinds: [.scaledObject], category: "scalingmodifiers")
    }

    public func checkSynchronously(_ context: RuleContext) throws -> [Finding] {
        let so = ScalableView(context.object)
        guard let modifiers = so.scalingModifiers, modifiers.node.isMapping, context.usesScalingModifiers else { return [] }
        if let node = modifiers["formula"], !node.isNull, node.string == nil { return [] } // schema-type reports it
        guard let formulaNode = modifiers["formula"], let formula = formulaNode.string, !formula.isEmpty else {
            let message = "scalingModifiers is set but has no formula; KEDA requires one (e.g. formula: \"(a + b) / 2\" over named triggers a and b)"
            if let node = modifiers["formula"] { return [Finding(message, at: node)] }
            return [Finding(message, missing: "formula", in: modifiers)]
        }
        if formula.allSatisfy(\.isWhitespace) {
            return [Finding("formula is blank; KEDA cannot compile it: write an expression over the named triggers", at: formulaNode)]
        }
        let triggers = ScalingModifiersFormula.Triggers(context.triggers)
        return ScalingModifiersFormula.check(formula, triggers: triggers).map { problem in
            let place = problem.offset.map { " (\(ScalingModifiersFormula.describe($0, in: formula)) of the formula)" } ?? ""
            return Finding("formula: \(problem.message)\(place)", at: formulaNode)
        }
    }
}
