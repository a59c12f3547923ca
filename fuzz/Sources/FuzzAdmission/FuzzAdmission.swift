import FuzzSupport
import KedaguardCore

// Each input is answered as kube-apiserver would send it, on /validate and on /mutate. An input
// that is a KEDA object rather than an AdmissionReview is also wrapped into one, so the seeds of
// the lint corpus reach the rules too. Properties: the handler never crashes; every 200 answer
// is an AdmissionReview kube-apiserver accepts; every other answer is a plain-text HTTP error;
// a mutation patch applies to the object and defaulting the patched object changes nothing.

let handler = AdmissionHandler()
let settings = AdmissionSettings()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdmission(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    answer(input, input: input)
    if let object = parseJSON(input), object.isMapping, object["request"] == nil,
       let body = wrap(object, update: size % 2 == 1) {
        answer(body, input: input)
    }
    return 0
}

func wrap(_ object: Node, update: Bool) -> [UInt8]? {
    guard let kind = object["kind"]?.stringValue, let apiVersion = object["apiVersion"]?.stringValue else { return nil }
    let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
    let group = parts.count == 2 ? parts[0] : "", version = parts.last ?? ""
    var request: [(String, Node)] = [
        ("uid", .string("fuzz-uid")),
        ("kind", .mapping([("group", .string(group)), ("version", .string(version)), ("kind", .string(kind))])),
        ("operation", .string(update ? "UPDATE" : "CREATE")),
        ("object", object),
    ]
    if update { request.append(("oldObject", object)) }
    let review: Node = .mapping([
        ("apiVersion", .string("admission.k8s.io/v1")), ("kind", .string("AdmissionReview")), ("request", .mapping(request)),
    ])
    return Array(JSONWriter.write(review).utf8)
}

func answer(_ body: [UInt8], input: [UInt8]) {
    let decoded = AdmissionReviewDecoder.decode(body)
    for path in ["/validate", "/mutate"] {
        let response = runBlocking { await handler.handle(body: body, path: path, query: "timeout=10s", contentType: "application/json") }
        guard response.status == 200 else {
            guard [400, 413].contains(response.status), response.contentType.hasPrefix("text/plain") else {
                violated("HTTP \(response.status) \(response.contentType) on \(path)", input: input)
            }
            guard case .failure = decoded else { violated("HTTP \(response.status) for a decodable review", input: input) }
            continue
        }
        guard case .success(let request) = decoded else { violated("200 for an undecodable body", input: input) }
        checkReview(response, request: request, mutating: path == "/mutate", input: input)
    }
}

/// The checks kube-apiserver makes of an answer, and the mutation properties.
func checkReview(_ response: AdmissionHTTPResponse, request: AdmissionRequest, mutating: Bool, input: [UInt8]) {
    guard response.contentType == "application/json", let review = parseJSON(response.body) else {
        violated("a 200 answer that is not JSON: \(response.bodyText)", input: input)
    }
    guard review["apiVersion"]?.stringValue == request.apiVersion.rawValue, review["kind"]?.stringValue == "AdmissionReview",
          let answer = review["response"], answer["uid"]?.stringValue == request.uid, let allowed = answer["allowed"]?.boolValue else {
        violated("not an AdmissionReview answer for this request: \(response.bodyText)", input: input)
    }
    let warnings = answer["warnings"]?.sequenceValue?.compactMap(\.stringValue) ?? []
    if warnings.contains(where: { $0.unicodeScalars.count > settings.maxWarningLength || $0.contains("\n") })
        || warnings.reduce(0, { $0 + $1.unicodeScalars.count }) > settings.maxWarningsTotal {
        violated("warnings beyond kube-apiserver's limits: \(warnings)", input: input)
    }
    if let message = answer["status"]?["message"]?.stringValue, message.unicodeScalars.count > settings.maxDenialMessageLength {
        violated("denial message of \(message.unicodeScalars.count) runes", input: input)
    }
    if !allowed, answer["status"]?["code"]?.intValue == nil { violated("a denial without a status code", input: input) }
    let patchText = answer["patch"]?.stringValue
    guard (patchText == nil) == (answer["patchType"] == nil) else { violated("patch without patchType or the reverse", input: input) }
    guard let patchText else { return }
    guard mutating, allowed else { violated("a patch on a validating or denied answer", input: input) }
    guard let object = request.object, let kind = request.kind?.resourceKind else {
        violated("a patch without an object of a KEDA kind", input: input)
    }
    let patched: Node
    do {
        patched = try JSONPatch.apply(try JSONPatch.decode(base64: patchText), to: object)
    } catch {
        violated("the patch does not apply to the request's object: \(error)", input: input)
    }
    let again = Defaulter(enabled: settings.defaults).apply(to: patched, kind: kind)
    if !again.applied.isEmpty { violated("defaulting the patched object applies \(again.applied) again", input: input) }
}
