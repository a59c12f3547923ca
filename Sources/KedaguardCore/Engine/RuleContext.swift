import Foundation

/// Everything a rule may look at while checking one object.
public struct RuleContext: Sendable {
    public let object: KubeObject
    /// The effective namespace: metadata.namespace, else the configured default.
    public let namespace: String
    public let lookup: any ObjectLookup
    public let options: CheckOptions
    /// The object before an UPDATE (webhook only); nil on CREATE and in file mode.
    public let oldObject: KubeObject?
    /// Values computed once per object and shared by several rules (e.g. schema validation).
    public let memo: RuleMemo

    public init(object: KubeObject, lookup: any ObjectLookup, options: CheckOptions,
                oldObject: KubeObject? = nil, memo: RuleMemo = RuleMemo()) {
        self.object = object
        self.namespace = object.namespace(default: options.defaultNamespace)
        self.lookup = lookup
        self.options = options
        self.oldObject = oldObject
        self.memo = memo
    }

    public var root: Located { object.root }
    public var spec: Located? { object.root["spec"] }
}

/// Settings that change what rules conclude, shared by every mode.
public struct CheckOptions: Sendable, Hashable {
    public var kedaVersion: KEDAVersion
    /// Namespace for objects that do not declare one (`--namespace`, else `default`).
    public var defaultNamespace: String
    /// Treat a referenced object that cannot be found as an error (`--require-refs`).
    public var requireReferences: Bool
    /// What to do when cluster state cannot be read (only for a `SourcedLookup`, i.e. the cluster).
    public var clusterChecks: ClusterChecksPolicy

    public init(kedaVersion: KEDAVersion = .default, defaultNamespace: String = "default", requireReferences: Bool = false,
                clusterChecks: ClusterChecksPolicy = .warn) {
        self.kedaVersion = kedaVersion
        self.defaultNamespace = defaultNamespace
        self.requireReferences = requireReferences
        self.clusterChecks = clusterChecks
    }
}

/// A key for `RuleMemo`: its type identifies the slot and fixes the value type.
public protocol MemoKey {
    associatedtype Value: Sendable
}

/// Per-object cache. Rules of one object run one after another, the lock only keeps it Sendable.
public final class RuleMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [ObjectIdentifier: Any] = [:]

    public init() {}

    public func value<K: MemoKey>(_ key: K.Type, compute: () -> K.Value) -> K.Value {
        lock.lock()
        if let cached = values[ObjectIdentifier(key)] as? K.Value {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let computed = compute()
        lock.lock()
        values[ObjectIdentifier(key)] = computed
        lock.unlock()
        return computed
    }
}
