import Foundation

/// Everything a rule may look at while checking one object.
///
/// A class: every rule of an object receives the same context, so passing it costs one
/// reference instead of copying the object, options and lookup into each of a hundred calls.
public final class RuleContext: Sendable {
    public let object: KubeObject
    /// The effective namespace: metadata.namespace, else the configured default.
    public let namespace: String
    public let lookup: any ObjectLookup
    public let options: CheckOptions
    /// The object before an UPDATE (webhook only); nil on CREATE and in file mode.
    public let oldObject: KubeObject?
    /// Values computed once per object and shared by several rules (e.g. schema validation).
    public let memo: RuleMemo
    /// The object's triggers (empty for kinds without any), built once: dozens of rules walk them.
    public let triggers: [TriggerView]

    /// - Parameter triggers: the object's triggers when the caller already has them (the engine
    ///   builds one context per rule for cluster lookups, all sharing one list).
    public init(object: KubeObject, lookup: any ObjectLookup, options: CheckOptions,
                oldObject: KubeObject? = nil, memo: RuleMemo = RuleMemo(), triggers: [TriggerView]? = nil) {
        self.object = object
        self.namespace = object.namespace(default: options.defaultNamespace)
        self.lookup = lookup
        self.options = options
        self.oldObject = oldObject
        self.memo = memo
        self.triggers = triggers ?? RuleContext.triggers(of: object)
    }

    public static func triggers(of object: KubeObject) -> [TriggerView] {
        object.resourceKind.map(ResourceKind.triggerBearing.contains) == true ? ScalableView(object).triggers : []
    }

    public var root: Located { object.root }
    public var spec: Located? { object.spec }
}

/// Settings that change what rules conclude, shared by every mode.
public struct CheckOptions: Sendable, Hashable {
    public var kedaVersion: KEDAVersion
    /// Namespace for objects that do not declare one (`--namespace`, else `default`).
    public var defaultNamespace: String
    /// Treat a referenced object that cannot be found as an error (`--require-refs`).
    public var requireReferences: Bool
    /// Longest acceptable simulated time, in seconds, for a ScaledObject to scale from
    /// minReplicaCount to maxReplicaCount under a sustained maximal recommendation
    /// (`scaledobject-behavior-slow-scale-up`). Default 600 (10 minutes); no flag sets it yet.
    public var maxScaleUpSeconds: Int
    /// What to do when cluster state cannot be read (only for a `SourcedLookup`, i.e. the cluster).
    public var clusterChecks: ClusterChecksPolicy
    /// The object has already passed the installed CRD's structural schema, so the schema-* rules
    /// report nothing. True for validating admission: kube-apiserver prunes unknown fields and
    /// validates the CRD schema before it calls a validating webhook, so nothing those rules find
    /// can reach one. Checking again against the schema of `kedaVersion` could only disagree with
    /// the installed CRD: an object using a field of a newer KEDA would be denied as unknown.
    public var schemaAlreadyEnforced: Bool

    public init(kedaVersion: KEDAVersion = .default, defaultNamespace: String = "default", requireReferences: Bool = false,
                maxScaleUpSeconds: Int = 600, clusterChecks: ClusterChecksPolicy = .warn, schemaAlreadyEnforced: Bool = false) {
        self.kedaVersion = kedaVersion
        self.defaultNamespace = defaultNamespace
        self.requireReferences = requireReferences
        self.maxScaleUpSeconds = maxScaleUpSeconds
        self.clusterChecks = clusterChecks
        self.schemaAlreadyEnforced = schemaAlreadyEnforced
    }
}

/// A key for `RuleMemo`: its type identifies the slot and fixes the value type.
public protocol MemoKey {
    associatedtype Value: Sendable
}

/// Per-object cache. Rules of one object run one after another, the lock only keeps it Sendable.
///
/// A handful of keys per object: a short list searched by type identity beats hashing, and
/// each value sits in a box of its key's type, so reading it back needs no dynamic cast.
public final class RuleMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(key: ObjectIdentifier, box: AnyObject)] = []

    private final class Box<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    public init() {}

    public func value<K: MemoKey>(_ key: K.Type, compute: () -> K.Value) -> K.Value {
        if let cached = cached(key) { return cached.value }
        let computed = compute()
        store(key, computed)
        return computed
    }

    /// The same for values that need lookups. Rules of one object run one after another, so two
    /// computations of one key cannot overlap; if they did, both would compute the same value.
    public func value<K: MemoKey>(_ key: K.Type, compute: () async -> K.Value) async -> K.Value {
        if let cached = cached(key) { return cached.value }
        let computed = await compute()
        store(key, computed)
        return computed
    }

    /// A box rather than the value: with an optional `K.Value`, a missing slot and a cached nil
    /// must differ.
    private func cached<K: MemoKey>(_ key: K.Type) -> Box<K.Value>? {
        let id = ObjectIdentifier(key)
        lock.lock()
        defer { lock.unlock() }
        for slot in slots where slot.key == id {
            // The slot of K only ever holds a Box<K.Value> (see store).
            return unsafeDowncast(slot.box, to: Box<K.Value>.self)
        }
        return nil
    }

    private func store<K: MemoKey>(_ key: K.Type, _ value: K.Value) {
        let id = ObjectIdentifier(key)
        let box = Box(value)
        lock.lock()
        defer { lock.unlock() }
        if let index = slots.firstIndex(where: { $0.key == id }) {
            slots[index].box = box
        } else {
            // Room for the handful of keys an object gets, in one allocation.
            if slots.isEmpty { slots.reserveCapacity(8) }
            slots.append((id, box))
        }
    }
}
