import FuzzSupport
import KedaguardCore

// scalingModifiers formulas: the raw parser, then the whole check (KEDA's wrapping, type check,
// names) against a fixed set of triggers. Properties: no crash; every problem offset lies within
// the formula (it is turned into a column for the user).

let triggers = ScalingModifiersFormula.Triggers(usable: ["rps", "queue_depth", "kafka_lag", "a", "b"],
                                                 resource: ["cpu_usage"], unnamed: [3])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormula(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let formula = String(decoding: input, as: UTF8.self)
    _ = try? FormulaParser.parse(formula)
    let length = formula.unicodeScalars.count
    for problem in ScalingModifiersFormula.check(formula, triggers: triggers) {
        guard problem.message.isEmpty == false else { violated("a problem without a message", input: input) }
        if let offset = problem.offset {
            guard offset >= 0, offset <= length else { violated("offset \(offset) outside a formula of \(length) scalars", input: input) }
            _ = ScalingModifiersFormula.describe(offset, in: formula)
        }
    }
    return 0
}
