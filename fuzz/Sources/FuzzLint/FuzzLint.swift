import FuzzSupport
import KedaguardCore

// One input is one file: parsed as YAML (and as JSON when it looks like JSON) by DocumentLoader,
// then every rule runs over every object with a FileSetLookup of the file's objects, as
// `kedaguard lint` does. The KEDA release and --require-refs vary with the input. Property: no
// crash, no rule failure (a rule that throws is a bug: lint reports it as an internal error),
// and every finding has a rule id and a message.

let engine = RuleEngine()
let versions = KEDAVersion.allCases

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let options = CheckOptions(kedaVersion: versions[size % versions.count], defaultNamespace: "fuzz",
                               requireReferences: size % 2 == 0)
    var yaml = input
    lint(DocumentLoader.load(bytes: &yaml, syntax: .yaml, file: "fuzz.yaml"), options: options, input: input)
    if let first = input.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
        var json = input
        lint(DocumentLoader.load(bytes: &json, syntax: .json, file: "fuzz.json"), options: options, input: input)
    }
    return 0
}

func lint(_ loaded: LoadedSource, options: CheckOptions, input: [UInt8]) {
    for problem in loaded.problems where InputDiagnostics.descriptor(for: problem.code) == nil {
        violated("parse problem \(problem.code) has no diagnostic descriptor", input: input)
    }
    let objects = loaded.objects
    guard objects.contains(where: { $0.resourceKind != nil }) else { return }
    let lookup = FileSetLookup(objects: objects, defaultNamespace: options.defaultNamespace, isComplete: options.requireReferences)
    for object in objects where object.resourceKind != nil {
        let result = runBlocking { await engine.check(object, lookup: lookup, options: options) }
        if let failure = result.failures.first {
            violated("rule \(failure.ruleID) threw: \(failure.message)", input: input)
        }
        for d in result.diagnostics where d.ruleID.isEmpty || d.message.isEmpty {
            violated("a diagnostic without rule id or message: \(d)", input: input)
        }
    }
}
