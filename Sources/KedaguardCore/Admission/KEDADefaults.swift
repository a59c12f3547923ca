import Foundation

/// A default the mutating webhook can write into an object: the value KEDA's operator uses when
/// the field is unset (ADMISSION-FACTS section b), made explicit so `kubectl get -o yaml` shows
/// what KEDA will do. Each one can be switched off in the configuration.
public enum KEDADefault: String, Sendable, Hashable, CaseIterable, Comparable {
    case scaledObjectPollingInterval = "scaledobject.pollingInterval"
    case scaledObjectCooldownPeriod = "scaledobject.cooldownPeriod"
    case scaledObjectMinReplicaCount = "scaledobject.minReplicaCount"
    case scaledObjectMaxReplicaCount = "scaledobject.maxReplicaCount"
    case scaledJobPollingInterval = "scaledjob.pollingInterval"
    case scaledJobSuccessfulJobsHistoryLimit = "scaledjob.successfulJobsHistoryLimit"
    case scaledJobFailedJobsHistoryLimit = "scaledjob.failedJobsHistoryLimit"
    case scaledJobMaxReplicaCount = "scaledjob.maxReplicaCount"

    public var kind: ResourceKind {
        rawValue.hasPrefix("scaledobject.") ? .scaledObject : .scaledJob
    }

    /// The field under `spec`.
    public var field: String {
        String(rawValue.split(separator: ".", maxSplits: 1)[1])
    }

    public var value: Int {
        switch self {
        case .scaledObjectPollingInterval, .scaledJobPollingInterval: return 30
        case .scaledObjectCooldownPeriod: return 300
        case .scaledObjectMinReplicaCount: return 0
        case .scaledObjectMaxReplicaCount, .scaledJobMaxReplicaCount: return 100
        case .scaledJobSuccessfulJobsHistoryLimit, .scaledJobFailedJobsHistoryLimit: return 100
        }
    }

    /// When the default is written; shown in docs.
    public var condition: String {
        switch self {
        case .scaledObjectPollingInterval:
            return "when it takes effect: minReplicaCount is 0 or unset, idleReplicaCount is set, or a trigger uses cached metrics"
        case .scaledObjectCooldownPeriod:
            return "when it takes effect: minReplicaCount is 0 or unset, or idleReplicaCount is set"
        case .scaledObjectMinReplicaCount:
            return "unless idleReplicaCount is set (KEDA's webhook judges idleReplicaCount differently with an explicit 0)"
        default:
            return "always"
        }
    }

    public static func < (lhs: KEDADefault, rhs: KEDADefault) -> Bool { lhs.rawValue < rhs.rawValue }

    public static var supportedList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Writes KEDA's effective defaults into unset fields. It only ever adds a field that is absent
/// (or null); it never changes a value someone wrote, so applying it twice changes nothing.
public struct Defaulter: Sendable {
    /// `kedaguard.io/defaulting: "false"` on an object leaves it untouched.
    public static let optOutAnnotation = "kedaguard.io/defaulting"

    public var enabled: Set<KEDADefault>

    public init(enabled: Set<KEDADefault> = Set(KEDADefault.allCases)) {
        self.enabled = enabled
    }

    public static func isOptedOut(_ object: Node) -> Bool {
        guard let value = object["metadata"]?["annotations"]?[optOutAnnotation]?.scalarText else { return false }
        switch value.trimmingCharacters(in: .whitespaces).lowercased() {
        case "false", "off", "no", "disabled", "0": return true
        default: return false
        }
    }

    /// The object with defaults filled in, and which defaults were applied.
    public func apply(to object: Node, kind: ResourceKind) -> (object: Node, applied: [KEDADefault]) {
        guard !enabled.isEmpty, !Self.isOptedOut(object),
              let specEntry = object.entry("spec"), specEntry.value.isMapping else { return (object, []) }
        let spec = specEntry.value
        var wanted: [KEDADefault] = []
        switch kind {
        case .scaledObject:
            wanted = scaledObjectDefaults(spec)
        case .scaledJob:
            wanted = [.scaledJobPollingInterval, .scaledJobSuccessfulJobsHistoryLimit,
                      .scaledJobFailedJobsHistoryLimit, .scaledJobMaxReplicaCount]
        default:
            return (object, [])
        }
        let applied = wanted.filter { enabled.contains($0) && isUnset(spec[$0.field]) }
        guard !applied.isEmpty else { return (object, []) }
        var newSpec = spec
        for d in applied { set(d.field, to: .int(d.value), in: &newSpec) }
        var result = object
        set("spec", to: newSpec, in: &result)
        return (result, applied)
    }

    private func scaledObjectDefaults(_ spec: Node) -> [KEDADefault] {
        var wanted: [KEDADefault] = [.scaledObjectMaxReplicaCount]
        let idleSet = !isUnset(spec["idleReplicaCount"])
        if !idleSet { wanted.append(.scaledObjectMinReplicaCount) }
        // With a minReplicaCount that is not an integer nothing can be said about relevance; the
        // schema rules deny the object anyway.
        let minNode = spec["minReplicaCount"]
        let min: Int64?
        if isUnset(minNode) { min = 0 } else { min = minNode?.intValue }
        guard let min else { return wanted }
        let cached = spec["triggers"]?.sequenceValue?.contains { $0["useCachedMetrics"]?.boolValue == true } ?? false
        if min == 0 || idleSet || cached { wanted.append(.scaledObjectPollingInterval) }
        if min == 0 || idleSet { wanted.append(.scaledObjectCooldownPeriod) }
        return wanted
    }

    private func isUnset(_ node: Node?) -> Bool {
        node == nil || node!.isNull
    }

    private func set(_ key: String, to value: Node, in mapping: inout Node) {
        guard case .mapping(var entries) = mapping.value else { return }
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i].value = value
        } else {
            entries.append(Node.Entry(key: key, value: value))
        }
        mapping.value = .mapping(entries)
    }
}
