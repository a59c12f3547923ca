import FuzzSupport
import KedaguardCore

// The JSON Patch producer. An input that is a JSON array of two values is a (before, after)
// pair: the diff must apply to `before` and give `after`. Any JSON object is also defaulted as
// a ScaledObject and as a ScaledJob, as /mutate does: the patch must apply and give the
// defaulted object, touch only what defaulting added, and defaulting again must change nothing.

let defaulter = Defaulter()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatch(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let root = parseJSON(input) else { return 0 }
    if let pair = root.sequenceValue, pair.count == 2 {
        checkPatch(JSONPatch.diff(from: pair[0], to: pair[1]), from: pair[0], to: pair[1], input: input)
    }
    guard root.isMapping else { return 0 }
    checkPatch(JSONPatch.diff(from: root, to: root), from: root, to: root, input: input)
    if !JSONPatch.diff(from: root, to: root).isEmpty { violated("a diff of an object with itself is not empty", input: input) }
    for kind in [ResourceKind.scaledObject, .scaledJob] {
        let (defaulted, applied) = defaulter.apply(to: root, kind: kind)
        let patch = JSONPatch.diff(from: root, to: defaulted)
        checkPatch(patch, from: root, to: defaulted, input: input)
        if applied.isEmpty != patch.isEmpty { violated("\(applied.count) defaults applied but \(patch.count) patch operations", input: input) }
        for op in patch where op.op != .add {
            violated("defaulting produced a \(op.op.rawValue) at \(op.path); it may only add", input: input)
        }
        let again = defaulter.apply(to: defaulted, kind: kind)
        if !again.applied.isEmpty || !JSONPatch.diff(from: defaulted, to: again.object).isEmpty {
            violated("defaulting twice applies \(again.applied) again", input: input)
        }
    }
    return 0
}
