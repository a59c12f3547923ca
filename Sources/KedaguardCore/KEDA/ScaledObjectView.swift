import Foundation

/// Read-only accessors for a ScaledObject or ScaledJob with KEDA's defaults spelled out once,
/// so rules agree on what "unset" means.
public struct ScalableView: Sendable {
    public let root: Located
    public let spec: Located?

    public init(_ object: KubeObject) {
        root = object.root
        spec = object.spec
    }

    public var triggers: [TriggerView] { (spec?["triggers"]?.items ?? []).enumerated().map { TriggerView(located: $1, index: $0) } }
    public var minReplicaCount: Located? { spec?["minReplicaCount"] }
    public var maxReplicaCount: Located? { spec?["maxReplicaCount"] }
    public var idleReplicaCount: Located? { spec?["idleReplicaCount"] }
    public var pollingInterval: Located? { spec?["pollingInterval"] }
    public var cooldownPeriod: Located? { spec?["cooldownPeriod"] }
    public var fallback: Located? { spec?["fallback"] }
    public var advanced: Located? { spec?["advanced"] }
    public var scaleTargetRef: Located? { spec?["scaleTargetRef"] }
    public var scalingModifiers: Located? { advanced?["scalingModifiers"] }
    public var behavior: Located? { advanced?.path("horizontalPodAutoscalerConfig", "behavior") }

    /// KEDA treats scalingModifiers as in use when any of its fields is set.
    public var usesScalingModifiers: Bool {
        guard let sm = scalingModifiers else { return false }
        return sm.entries.contains { !$0.value.isNull && $0.value.node.scalarText != "" }
    }

    public var formula: String? {
        guard let f = scalingModifiers?["formula"]?.string, !KEDAValueSyntax.trim(f).isEmpty else { return nil }
        return f
    }

    /// `minReplicaCount` as the operator's activation logic reads it (unset = 0).
    public var effectiveMin: Int64 { minReplicaCount?.int ?? 0 }
    /// `maxReplicaCount` or KEDA's default of 100.
    public var effectiveMax: Int64 { maxReplicaCount?.int ?? 100 }

    public func target(namespace: String) -> WorkloadRef? {
        guard let ref = scaleTargetRef?.node, ref.isMapping else { return nil }
        return WorkloadRef(namespace: namespace, scaleTargetRef: ref)
    }
}

/// A class: rules pass triggers around by the hundred per object, and a copy is one retain.
public final class TriggerView: Sendable {
    public let located: Located
    public let index: Int
    /// Read once: every scaler rule asks every trigger for its type.
    public let type: String
    /// Read once: scaler rules look up several keys in it per trigger, and reaching a mapping
    /// allocates the link its children's paths hang from.
    public let metadata: Located?

    public init(located: Located, index: Int) {
        self.located = located
        self.index = index
        self.type = located["type"]?.string ?? ""
        self.metadata = located["metadata"]
    }

    public var name: String? { located["name"]?.string }
    public var metricType: Located? { located["metricType"] }
    public var useCachedMetrics: Located? { located["useCachedMetrics"] }
    public var authenticationRef: Located? { located["authenticationRef"] }
    /// cpu and memory map to HPA Resource metrics, every other trigger to an External metric.
    public var isResourceMetric: Bool { type == "cpu" || type == "memory" }

    /// A metadata value as KEDA reads it (trimmed like Go's strings.TrimSpace, newlines
    /// included; empty counts as absent).
    public func metadataValue(_ key: String) -> String? {
        KEDAValueSyntax.effectiveValue(metadata?[key]?.node.scalarText)
    }

    /// "triggers[2] (kafka)" or "trigger \"lag\"" for messages.
    public var label: String {
        if let name, !name.isEmpty { return "trigger \"\(name)\" (\(type))" }
        return "triggers[\(index)] (\(type.isEmpty ? "no type" : type))"
    }
}

private enum UsesScalingModifiersKey: MemoKey {
    typealias Value = Bool
}

extension RuleContext {
    /// `ScalableView.usesScalingModifiers`, once per object: every scaler rule asks it per trigger.
    public var usesScalingModifiers: Bool {
        memo.value(UsesScalingModifiersKey.self) { ScalableView(object).usesScalingModifiers }
    }
}
