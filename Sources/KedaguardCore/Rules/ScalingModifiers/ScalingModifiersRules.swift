/// `spec.advanced.scalingModifiers`: the formula and its targets.
public enum ScalingModifiersRules {
    public static let all: [any Rule] = [FormulaRule(), TargetRule()]
}
