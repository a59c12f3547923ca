/// The AdmissionReview versions kube-apiserver may send; the answer uses the request's version.
public enum AdmissionAPIVersion: String, Sendable, CaseIterable {
    case v1 = "admission.k8s.io/v1"
    case v1beta1 = "admission.k8s.io/v1beta1"
}

public enum AdmissionOperation: String, Sendable {
    case create = "CREATE"
    case update = "UPDATE"
    case delete = "DELETE"
    case connect = "CONNECT"
}

/// `request.kind` of an AdmissionReview.
public struct GroupVersionKind: Sendable, Hashable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    public var description: String { group.isEmpty ? "\(version), Kind=\(kind)" : "\(group)/\(version), Kind=\(kind)" }

    /// The KEDA resource this is, whatever the version (matchPolicy Equivalent may convert).
    public var resourceKind: ResourceKind? {
        guard let k = ResourceKind(rawValue: kind), k.group == group else { return nil }
        return k
    }
}

/// The parts of `request` the webhook uses. Objects stay `Node`s: rules read them as they are.
public struct AdmissionRequest: Sendable {
    public var apiVersion: AdmissionAPIVersion
    public var uid: String
    public var kind: GroupVersionKind?
    public var name: String?
    public var namespace: String?
    /// The raw operation text; `operationValue` is nil for anything kube-apiserver does not send.
    public var operation: String
    public var subResource: String?
    public var object: Node?
    public var oldObject: Node?
    public var dryRun: Bool

    public var operationValue: AdmissionOperation? { AdmissionOperation(rawValue: operation) }
}

/// Why a body could not be answered with an AdmissionReview: no uid or no known version to answer
/// in. The server turns it into an HTTP 4xx.
public struct AdmissionBodyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(status: Int = 400, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}

public enum AdmissionReviewDecoder {
    /// Parts of a request no rule reads: field ownership (often a third of the body), the copy of
    /// the whole object `kubectl apply` keeps in an annotation (a long string of escaped JSON),
    /// the user, the create/update options, and the resource and the kind and resource asked
    /// for (the answer depends on `request.kind` alone). They are syntax-checked and dropped. A
    /// patch never touches them: it only adds what defaulting adds to the spec.
    static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

    public static let skippedPaths: [[String]] = [
        ["request", "object", "metadata", "managedFields"],
        ["request", "oldObject", "metadata", "managedFields"],
        ["request", "object", "metadata", "annotations", lastAppliedAnnotation],
        ["request", "oldObject", "metadata", "annotations", lastAppliedAnnotation],
        ["request", "userInfo"],
        ["request", "options"],
        ["request", "resource"],
        ["request", "requestKind"],
        ["request", "requestResource"],
    ]

    /// Parses the body and extracts the request. Only what is needed to answer is strict (JSON,
    /// apiVersion, kind, uid); everything about the objects is judged later, so a bad object still
    /// gets an AdmissionReview answer.
    public static func decode(_ body: [UInt8], limits: ParseLimits = .admission) -> Result<AdmissionRequest, AdmissionBodyError> {
        guard !body.isEmpty else { return .failure(AdmissionBodyError("the request body is empty; expected an AdmissionReview")) }
        let parsed = body.withUnsafeBufferPointer { JSONParser.parseValue(bytes: $0, limits: limits, skipping: skippedPaths) }
        let root: Node
        switch parsed {
        case .success(let (node, _)): root = node
        case .failure(let problem):
            return .failure(AdmissionBodyError("the request body is not valid JSON: \(problem.message) at \(problem.position)"))
        }
        guard root.isMapping else { return .failure(AdmissionBodyError("the request body is a JSON \(root.typeName), not an AdmissionReview object")) }
        guard let apiVersionText = root["apiVersion"]?.stringValue else {
            return .failure(AdmissionBodyError("the AdmissionReview has no apiVersion; expected \(AdmissionAPIVersion.allCases.map(\.rawValue).joined(separator: " or "))"))
        }
        guard let apiVersion = AdmissionAPIVersion(rawValue: apiVersionText) else {
            return .failure(AdmissionBodyError("unsupported apiVersion \"\(apiVersionText)\"; expected \(AdmissionAPIVersion.allCases.map(\.rawValue).joined(separator: " or "))"))
        }
        guard let kind = root["kind"]?.stringValue, kind == "AdmissionReview" else {
            return .failure(AdmissionBodyError("kind must be \"AdmissionReview\", got \(root["kind"]?.displayValue ?? "nothing")"))
        }
        guard let request = root["request"], request.isMapping else {
            return .failure(AdmissionBodyError("the AdmissionReview has no request object"))
        }
        guard let uid = request["uid"]?.stringValue, !uid.isEmpty else {
            return .failure(AdmissionBodyError("request.uid is missing or empty; it is needed to answer"))
        }
        var gvk: GroupVersionKind?
        if let k = request["kind"], let kindName = k["kind"]?.stringValue {
            gvk = GroupVersionKind(group: k["group"]?.stringValue ?? "", version: k["version"]?.stringValue ?? "", kind: kindName)
        }
        func object(_ key: String) -> Node? {
            guard let node = request[key], !node.isNull else { return nil }
            return node
        }
        return .success(AdmissionRequest(
            apiVersion: apiVersion,
            uid: uid,
            kind: gvk,
            name: request["name"]?.stringValue,
            namespace: request["namespace"]?.stringValue,
            operation: request["operation"]?.stringValue ?? "",
            subResource: request["subResource"]?.stringValue,
            object: object("object"),
            oldObject: object("oldObject"),
            dryRun: request["dryRun"]?.boolValue ?? false))
    }
}

extension ParseLimits {
    /// Kubernetes objects nest far less than this; the node budget covers a 7 MiB body.
    public static let admission = ParseLimits(maxDepth: 128, maxNodesPerDocument: 2_000_000)
}

/// `response.status` of a denial (a metav1.Status).
public struct AdmissionStatus: Sendable, Equatable {
    public var code: Int
    public var reason: String
    public var message: String

    public init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }

    var node: Node {
        .mapping([
            ("metadata", .mapping([])),
            ("status", .string("Failure")),
            ("message", .string(message)),
            ("reason", .string(reason)),
            ("code", .int(code)),
        ])
    }
}

/// What the webhook answers for one request.
public struct AdmissionResponse: Sendable {
    public var uid: String
    public var allowed: Bool
    public var status: AdmissionStatus?
    public var warnings: [String]
    public var patch: [JSONPatchOperation]?

    public init(uid: String, allowed: Bool, status: AdmissionStatus? = nil, warnings: [String] = [], patch: [JSONPatchOperation]? = nil) {
        self.uid = uid
        self.allowed = allowed
        self.status = status
        self.warnings = warnings
        self.patch = patch
    }

    /// `review(apiVersion:)` as JSON text. The answer nearly every request gets (allowed, no
    /// warnings, no patch) is written directly: building and freeing its nodes cost more than
    /// writing it. Both ways give the same bytes.
    public func reviewJSON(apiVersion: AdmissionAPIVersion) -> String {
        guard status == nil, warnings.isEmpty, patch?.isEmpty ?? true else { return JSONWriter.write(review(apiVersion: apiVersion)) }
        var out = #"{"apiVersion":"#
        out.reserveCapacity(96 + uid.utf8.count)
        JSONWriter.writeString(apiVersion.rawValue, into: &out)
        out += #","kind":"AdmissionReview","response":{"uid":"#
        JSONWriter.writeString(uid, into: &out)
        out += allowed ? #","allowed":true}}"# : #","allowed":false}}"#
        return out
    }

    /// The whole AdmissionReview as kube-apiserver checks it: same apiVersion as the request,
    /// kind AdmissionReview, response.uid; patch and patchType together or not at all.
    public func review(apiVersion: AdmissionAPIVersion) -> Node {
        var response: [(String, Node)] = [("uid", .string(uid)), ("allowed", .bool(allowed))]
        if let status { response.append(("status", status.node)) }
        if !warnings.isEmpty { response.append(("warnings", .sequence(warnings.map { .string($0) }))) }
        if let patch, !patch.isEmpty {
            response.append(("patchType", .string("JSONPatch")))
            response.append(("patch", .string(JSONPatch.base64(patch))))
        }
        return .mapping([
            ("apiVersion", .string(apiVersion.rawValue)),
            ("kind", .string("AdmissionReview")),
            ("response", .mapping(response)),
        ])
    }
}
