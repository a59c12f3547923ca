import Foundation

/// What to send back over HTTP, plus a summary of the decision for logs and metrics.
public struct AdmissionHTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var outcome: AdmissionOutcome

    public init(status: Int, contentType: String, body: [UInt8], outcome: AdmissionOutcome) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.outcome = outcome
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// The decision for one request, for structured logs and metrics.
public struct AdmissionOutcome: Sendable {
    public enum Verdict: String, Sendable {
        /// Admitted (with or without warnings or a patch).
        case allowed
        /// Denied because of findings.
        case denied
        /// Denied because the object could not be read (400-style status).
        case invalid
        /// Denied because checks failed or ran out of time under the closed failure policy.
        case error
        /// No AdmissionReview could be answered: HTTP 4xx.
        case rejected
        /// Admitted with warnings although it would have been denied (enforcement `warn`).
        case warned
    }

    public var endpoint: String
    public var verdict: Verdict = .rejected
    public var uid: String?
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var operation: String?
    public var dryRun = false
    /// Rules whose errors caused a denial (or would have, when `verdict` is `warned`), one entry per rule.
    public var deniedRuleIDs: [String] = []
    public var warningCount = 0
    public var droppedWarnings = 0
    public var patchOperations = 0
    public var ruleFailures: [RuleFailure] = []
    public var timedOut = false
    /// Why, in a few words: the HTTP error, the skip reason, the status message.
    public var reason: String?

    public init(endpoint: String) {
        self.endpoint = endpoint
    }
}

/// The webhook's single entry point. The HTTP server and `kedaguard review` both call `handle`, so
/// what the CLI prints is what the server sends.
public struct AdmissionHandler: Sendable {
    public let engine: RuleEngine
    public let options: CheckOptions
    public let settings: AdmissionSettings
    public let lookup: any ObjectLookup
    private let defaulter: Defaulter

    public init(engine: RuleEngine = RuleEngine(), options: CheckOptions = CheckOptions(),
                settings: AdmissionSettings = AdmissionSettings(), lookup: any ObjectLookup = NoLookup()) {
        self.engine = engine
        self.options = options
        self.settings = settings
        self.lookup = lookup
        self.defaulter = Defaulter(enabled: settings.defaults)
    }

    /// Decodes the tables answering reads (the scaler catalog and CRD schemas of the configured
    /// KEDA version), which the first request would otherwise pay for: the server calls this
    /// before it reports ready, and `kedaguard review` so that `--repeat` times answers only.
    public func loadTables() {
        engine.loadTables(for: options.kedaVersion)
    }

    /// - Parameters:
    ///   - path: the request path; picks validate or mutate and, for per-kind paths, the kind.
    ///   - query: the query string, without `?`; `timeout=10s` is kube-apiserver's remaining deadline.
    ///   - contentType: the request's Content-Type, nil when not over HTTP.
    public func handle(body: [UInt8], path: String, query: String? = nil, contentType: String? = nil) async -> AdmissionHTTPResponse {
        // Bytes rather than splitting: this runs for every request, and servers pass the query apart.
        let questionMark = path.utf8.firstIndex(of: UInt8(ascii: "?"))
        let pathOnly = questionMark.map { String(path[..<$0]) } ?? path
        var outcome = AdmissionOutcome(endpoint: pathOnly)
        guard let endpoint = AdmissionEndpoint(path: pathOnly) else {
            return httpError(404, "no webhook at \(pathOnly); use /validate, /mutate or a per-kind path such as \(AdmissionEndpoint.path(mode: .validate, kind: .scaledObject))", &outcome)
        }
        if let contentType, !Self.isJSON(contentType) {
            return httpError(415, "Content-Type must be application/json, got \"\(contentType)\"", &outcome)
        }
        guard body.count <= settings.maxBodyBytes else {
            return httpError(413, "the request body is \(body.count) bytes, above the \(settings.maxBodyBytes)-byte limit", &outcome)
        }
        let request: AdmissionRequest
        switch AdmissionReviewDecoder.decode(body) {
        case .success(let r): request = r
        case .failure(let e): return httpError(e.status, e.message, &outcome)
        }
        outcome.uid = request.uid
        outcome.kind = request.kind?.kind
        outcome.namespace = request.namespace
        outcome.name = request.name
        outcome.operation = request.operation
        outcome.dryRun = request.dryRun

        let query = query ?? questionMark.map { String(path[path.utf8.index(after: $0)...]) }
        let budget = Self.timeout(fromQuery: query).map(Self.answerBudget)
        let response = await review(request, endpoint: endpoint, budget: budget, outcome: &outcome)
        let text = response.reviewJSON(apiVersion: request.apiVersion)
        return AdmissionHTTPResponse(status: 200, contentType: "application/json", body: Array(text.utf8), outcome: outcome)
    }

    // MARK: Deciding

    private func review(_ request: AdmissionRequest, endpoint: AdmissionEndpoint, budget: Duration?,
                        outcome: inout AdmissionOutcome) async -> AdmissionResponse {
        func allow(_ reason: String) -> AdmissionResponse {
            outcome.verdict = .allowed
            outcome.reason = reason
            return AdmissionResponse(uid: request.uid, allowed: true)
        }
        func invalid(_ message: String) -> AdmissionResponse {
            outcome.verdict = .invalid
            outcome.reason = message
            return AdmissionResponse(uid: request.uid, allowed: false,
                                     status: AdmissionStatus(code: 400, reason: "BadRequest", message: message))
        }

        guard let operation = request.operationValue else { return allow("operation \"\(request.operation)\" is not checked") }
        if operation == .delete || operation == .connect { return allow("\(operation.rawValue) is not checked") }
        if let sub = request.subResource, !sub.isEmpty { return allow("subresource \(sub) is not checked") }

        let requestKind = request.kind?.resourceKind
        if let served = endpoint.kind, requestKind != served {
            return invalid("this webhook path serves \(served.rawValue) (\(endpoint.path)) but the request is for \(request.kind?.description ?? "an unknown kind"); fix the webhook configuration's rules or use /\(endpoint.mode.rawValue)")
        }
        guard let kind = requestKind else { return allow("\(request.kind?.description ?? "unknown kind") is not a KEDA resource") }
        outcome.kind = kind.rawValue

        guard let objectNode = request.object else {
            return invalid("request.object is missing; a \(operation.rawValue) of \(kind.rawValue) must carry the object")
        }
        guard let object = KubeObject(node: objectNode) else {
            return invalid("request.object is not a Kubernetes object: it must be a JSON object with string apiVersion and kind")
        }
        guard object.resourceKind == kind else {
            return invalid("request.object is \(object.apiVersion), Kind=\(object.kind) but request.kind is \(request.kind!); they must agree")
        }
        if let metadata = objectNode["metadata"], !metadata.isMapping {
            return invalid("request.object.metadata is a \(metadata.typeName), not an object")
        }
        if outcome.name == nil || outcome.name!.isEmpty { outcome.name = object.name }
        if outcome.namespace == nil || outcome.namespace!.isEmpty { outcome.namespace = object.declaredNamespace }
        // An object on its way out is only waiting for finalizers; blocking its updates would
        // only keep it around longer.
        if operation == .update, let ts = objectNode["metadata"]?["deletionTimestamp"], !ts.isNull {
            return allow("the object is being deleted")
        }

        switch endpoint.mode {
        case .mutate:
            let (defaulted, applied) = defaulter.apply(to: objectNode, kind: kind)
            let patch = applied.isEmpty ? [] : JSONPatch.diff(from: objectNode, to: defaulted)
            outcome.verdict = .allowed
            outcome.patchOperations = patch.count
            if Defaulter.isOptedOut(objectNode) { outcome.reason = "defaulting switched off by \(Defaulter.optOutAnnotation)" }
            return AdmissionResponse(uid: request.uid, allowed: true, patch: patch.isEmpty ? nil : patch)
        case .validate:
            if operation == .update, let old = request.oldObject, Self.isFinalizerOnlyChange(new: objectNode, old: old) {
                return allow("finalizer-only change")
            }
            let oldObject = request.oldObject.flatMap { KubeObject(node: $0) }
            var checkOptions = options
            checkOptions.schemaAlreadyEnforced = true
            if let ns = request.namespace, !ns.isEmpty { checkOptions.defaultNamespace = ns }
            guard let result = await check(object, oldObject: oldObject, options: checkOptions, budget: budget) else {
                outcome.timedOut = true
                return failure(uid: request.uid, object: object, because: "the checks did not finish before kube-apiserver's deadline",
                               code: 504, reason: "Timeout", outcome: &outcome)
            }
            let old = operation == .update ? request.oldObject : nil
            return verdict(for: result, request: request, object: object, oldNode: old, namespace: checkOptions.defaultNamespace, outcome: &outcome)
        }
    }

    private func verdict(for result: RuleEngine.Result, request: AdmissionRequest, object: KubeObject, oldNode: Node?,
                         namespace: String, outcome: inout AdmissionOutcome) -> AdmissionResponse {
        let active = result.diagnostics.filter { !$0.isSuppressed }
        var errors = active.filter { $0.severity == .error }
        var warningTexts: [String] = []
        if let oldNode {
            // An UPDATE is denied only for what it changes: an error at a field the old object
            // already had, unchanged, goes back as a warning. Controllers and GitOps tools that
            // touch labels or annotations are not blocked by problems that predate a new rule,
            // or by a conflict another object introduced; the field still gets fixed, not worse.
            let newNode = object.root.node
            let (introduced, existing) = errors.partitioned { oldNode.resolve($0.pointer) != newNode.resolve($0.pointer) }
            errors = introduced
            warningTexts += existing.map { Self.unchanged + Self.line($0) }
        }
        warningTexts += active.filter { $0.severity == .warning }.map(Self.line)
        outcome.ruleFailures = result.failures
        for failure in result.failures {
            warningTexts.append("kedaguard: rule \(failure.ruleID) failed (\(failure.message)); the object was not fully checked")
        }
        let identity = object.identity(namespace: namespace)
        if settings.enforcement == .warn {
            // Errors first: if kube-apiserver's limits force warnings out, the errors stay.
            var texts = errors.map { Self.wouldDeny + Self.line($0) }
            if errors.isEmpty, !result.failures.isEmpty, settings.failurePolicy == .closed {
                texts.append(Self.wouldDeny + "kedaguard could not check \(identity)")
            }
            let (warnings, dropped) = AdmissionText.warnings(texts + warningTexts, itemLimit: settings.maxWarningLength,
                                                             totalLimit: settings.maxWarningsTotal)
            outcome.warningCount = warnings.count
            outcome.droppedWarnings = dropped
            var ids: [String] = []
            for e in errors where !ids.contains(e.ruleID) { ids.append(e.ruleID) }
            outcome.deniedRuleIDs = ids
            outcome.verdict = texts.isEmpty ? .allowed : .warned
            if !errors.isEmpty { outcome.reason = "\(errors.count) error\(errors.count == 1 ? "" : "s") not enforced" }
            return AdmissionResponse(uid: request.uid, allowed: true, warnings: warnings)
        }
        let (warnings, dropped) = AdmissionText.warnings(warningTexts, itemLimit: settings.maxWarningLength, totalLimit: settings.maxWarningsTotal)
        outcome.warningCount = warnings.count
        outcome.droppedWarnings = dropped

        if !errors.isEmpty {
            outcome.verdict = .denied
            var ids: [String] = []
            for e in errors where !ids.contains(e.ruleID) { ids.append(e.ruleID) }
            outcome.deniedRuleIDs = ids
            let message = denialMessage(errors, identity: identity)
            outcome.reason = "\(errors.count) error\(errors.count == 1 ? "" : "s")"
            return AdmissionResponse(uid: request.uid, allowed: false,
                                     status: AdmissionStatus(code: 403, reason: "Forbidden", message: message), warnings: warnings)
        }
        if !result.failures.isEmpty, settings.failurePolicy == .closed {
            let names = result.failures.map { "\($0.ruleID): \($0.message)" }.joined(separator: "; ")
            outcome.verdict = .error
            outcome.reason = "rule failure"
            let message = AdmissionText.truncate(AdmissionText.singleLine("kedaguard could not check \(identity): \(names)"), to: settings.maxDenialMessageLength)
            return AdmissionResponse(uid: request.uid, allowed: false,
                                     status: AdmissionStatus(code: 500, reason: "InternalError", message: message), warnings: warnings)
        }
        outcome.verdict = .allowed
        return AdmissionResponse(uid: request.uid, allowed: true, warnings: warnings)
    }

    /// The answer when the checks could not run to the end, per the failure policy.
    private func failure(uid: String, object: KubeObject, because why: String, code: Int, reason: String,
                         outcome: inout AdmissionOutcome) -> AdmissionResponse {
        outcome.reason = why
        switch settings.failurePolicy {
        case .open:
            outcome.verdict = .allowed
            return AdmissionResponse(uid: uid, allowed: true,
                                     warnings: ["kedaguard: \(why); admitted without checks (failure policy open)"])
        case .closed where settings.enforcement == .warn:
            outcome.verdict = .warned
            return AdmissionResponse(uid: uid, allowed: true,
                                     warnings: ["\(Self.wouldDeny)kedaguard: \(why) (failure policy closed)"])
        case .closed:
            outcome.verdict = .error
            return AdmissionResponse(uid: uid, allowed: false,
                                     status: AdmissionStatus(code: code, reason: reason, message: "kedaguard: \(why) (failure policy closed)"))
        }
    }

    /// Starts each warning that stands for a denial under enforcement `warn`.
    public static let wouldDeny = "would deny: "
    /// Starts each warning for an error the UPDATE did not introduce.
    public static let unchanged = "not changed by this update: "

    /// `spec.triggers[0].metadata.query: message [rule-id]`: kube-apiserver's advice for warnings.
    static func line(_ d: Diagnostic) -> String {
        let path = d.pointer.dotted
        return "\(path.isEmpty ? "" : path + ": ")\(d.message) [\(d.ruleID)]"
    }

    private func denialMessage(_ errors: [Diagnostic], identity: ObjectIdentity) -> String {
        let limit = settings.maxDenialMessageLength
        let head = "kedaguard found \(errors.count) error\(errors.count == 1 ? "" : "s") in \(identity):"
        var message = head
        var shown = 0
        for (i, e) in errors.enumerated() {
            let item = " (\(i + 1)) " + AdmissionText.truncate(AdmissionText.singleLine(Self.line(e)), to: 512)
            let remaining = errors.count - i - 1
            let tail = remaining > 0 ? " ... and \(remaining + 1) more (kedaguard lint shows all)" : ""
            if AdmissionText.runes(message) + AdmissionText.runes(item) + AdmissionText.runes(tail) > limit { break }
            message += item
            shown += 1
        }
        if shown < errors.count {
            message += " ... and \(errors.count - shown) more (kedaguard lint shows all)"
        }
        return AdmissionText.truncate(message, to: limit)
    }

    // MARK: Running the rules

    /// Runs the engine; nil when it did not finish within `budget`. The race only matters for
    /// rules that wait on a lookup: the answer goes out in time and the late work is cancelled.
    private func check(_ object: KubeObject, oldObject: KubeObject?, options: CheckOptions, budget: Duration?) async -> RuleEngine.Result? {
        let engine = self.engine, lookup = self.lookup
        // Without a lookup the rules only compute: nothing to wait for, nothing a timer could
        // cut short, so the race (two tasks per request) is skipped.
        guard let budget, !(lookup is NoLookup) else {
            return await engine.check(object, lookup: lookup, options: options, oldObject: oldObject)
        }
        let race = Race<RuleEngine.Result>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<RuleEngine.Result?, Never>) in
                race.start(continuation)
                let work = Task {
                    race.finish(await engine.check(object, lookup: lookup, options: options, oldObject: oldObject))
                }
                let timer = Task {
                    try? await Task.sleep(for: budget)
                    if race.finish(nil) { work.cancel() }
                }
                race.onFinish { timer.cancel() }
            }
        } onCancel: {
            race.finish(nil)
        }
    }

    // MARK: Helpers

    /// `application/json`, optionally with parameters such as `; charset=utf-8`.
    static func isJSON(_ contentType: String) -> Bool {
        // kube-apiserver always sends exactly this; the general form goes through Foundation,
        // which costs a few microseconds per request.
        if contentType == "application/json" { return true }
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media == "application/json"
    }

    /// The `timeout` query parameter, a Go duration such as `10s` (kube-apiserver rounds it up to
    /// whole seconds). Anything unreadable is ignored rather than refused.
    public static func timeout(fromQuery query: String?) -> Duration? {
        guard let query else { return nil }
        // kube-apiserver's own form, `timeout=10s`, without splitting strings or Foundation's
        // substring search, which cost more than the rest of this per request.
        if query.utf8.starts(with: "timeout=".utf8), query.utf8.last == UInt8(ascii: "s"), query.utf8.count <= 12,
           let seconds = Int(query.dropFirst(8).dropLast()), seconds > 0 {
            return .seconds(seconds)
        }
        guard query.utf8.firstRange(of: "timeout=".utf8) != nil else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "timeout" else { continue }
            let value = String(parts[1]).removingPercentEncoding ?? String(parts[1])
            return GoDuration.parse(value)
        }
        return nil
    }

    /// How long the checks may take: the deadline less a margin for writing the answer and for
    /// the network, so kube-apiserver gets our answer instead of timing out itself.
    static func answerBudget(_ timeout: Duration) -> Duration {
        let margin = min(timeout / 5, .seconds(1))
        return max(timeout - margin, .milliseconds(1))
    }

    /// KEDA's rule (fewer finalizers, same spec) and, more generally, a change of finalizers alone:
    /// controllers add and remove them on objects that may predate a rule, and must not be blocked.
    static func isFinalizerOnlyChange(new: Node, old: Node) -> Bool {
        guard new["spec"] == old["spec"] else { return false }
        let newFinalizers = new["metadata"]?["finalizers"]?.sequenceValue ?? []
        let oldFinalizers = old["metadata"]?["finalizers"]?.sequenceValue ?? []
        if newFinalizers.count < oldFinalizers.count { return true }
        guard newFinalizers != oldFinalizers else { return false }
        return new["metadata"]?["labels"] == old["metadata"]?["labels"]
            && new["metadata"]?["annotations"] == old["metadata"]?["annotations"]
    }

    private func httpError(_ status: Int, _ message: String, _ outcome: inout AdmissionOutcome) -> AdmissionHTTPResponse {
        outcome.verdict = .rejected
        outcome.reason = message
        return AdmissionHTTPResponse(status: status, contentType: "text/plain; charset=utf-8",
                                     body: Array((message + "\n").utf8), outcome: outcome)
    }
}

/// Resumes a continuation once, with whichever result comes first.
private final class Race<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T?, Never>?
    private var done = false
    private var pending: T??
    private var finishHandlers: [@Sendable () -> Void] = []

    func start(_ continuation: CheckedContinuation<T?, Never>) {
        lock.lock()
        if let pending {
            lock.unlock()
            continuation.resume(returning: pending)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    /// True if this call decided the race.
    @discardableResult
    func finish(_ value: T?) -> Bool {
        lock.lock()
        guard !done else { lock.unlock(); return false }
        done = true
        let c = continuation
        continuation = nil
        if c == nil { pending = .some(value) }
        let handlers = finishHandlers
        finishHandlers = []
        lock.unlock()
        c?.resume(returning: value)
        for h in handlers { h() }
        return true
    }

    func onFinish(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        if done {
            lock.unlock()
            handler()
            return
        }
        finishHandlers.append(handler)
        lock.unlock()
    }
}

/// Go's time.ParseDuration for the forms kube-apiserver writes (`10s`, `1m30s`, `500ms`).
public enum GoDuration {
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        var total: Double = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "ns": scale = 1e-9
            case "us", "µs": scale = 1e-6
            case "ms": scale = 1e-3
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            default: return nil
            }
            total += value * scale
        }
        guard total > 0, total < 86_400 else { return nil }
        return .nanoseconds(Int64(total * 1e9))
    }
}

extension Array {
    /// Splits into the elements that satisfy `predicate` and those that do not, keeping order.
    func partitioned(by predicate: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = [], rest: [Element] = []
        for element in self {
            if predicate(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
