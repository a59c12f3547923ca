import Foundation
@testable import KedaguardCore

/// Shared helpers for the behavior tests: ScaledObjects from YAML, runs, repository paths.
enum BehaviorTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func object(_ yaml: String) -> KubeObject {
        var bytes = Array(yaml.utf8)
        let loaded = DocumentLoader.load(bytes: &bytes, syntax: .yaml, file: "test.yaml")
        precondition(loaded.problems.isEmpty, "test YAML does not parse: \(loaded.problems)")
        return loaded.objects[0]
    }

    static func objects(file relativePath: String) -> [KubeObject] {
        let url = repositoryRoot.appendingPathComponent(relativePath)
        var bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
        return DocumentLoader.load(bytes: &bytes, syntax: .yaml, file: relativePath).objects
    }

    /// A ScaledObject with the given spec fields and behavior (both YAML fragments, indented for
    /// their place under `spec:` and `behavior:`).
    static func scaledObject(spec: String = "", behavior: String? = nil, annotations: String? = nil) -> String {
        var yaml = """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata:
          name: app

        """
        if let annotations { yaml += "  annotations:\n" + annotations + "\n" }
        yaml += """
        spec:
          scaleTargetRef:
            name: app
          triggers:
            - type: cron
              metadata: {timezone: UTC, start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: "5"}

        """
        if !spec.isEmpty { yaml += spec + "\n" }
        if let behavior {
            yaml += "  advanced:\n    horizontalPodAutoscalerConfig:\n      behavior:\n" + behavior + "\n"
        }
        return yaml
    }

    static func scaling(_ yaml: String) throws -> ScaledObjectScaling {
        try ScaledObjectScaling.resolve(object(yaml)).get()
    }

    static func run(_ scaling: ScaledObjectScaling, start: Int, recommend: String, duration: Int = 900,
                    history: HPAHistory = .fresh) throws -> SimulationResult {
        BehaviorSimulator.run(SimulationSetup(scaling: scaling, startReplicas: start,
                                              recommendation: try RecommendationSchedule.parse(recommend),
                                              duration: duration, history: history))
    }

    /// (t, from, to) of every event: compact to compare against expectations.
    static func steps(_ result: SimulationResult) -> [[Int]] {
        result.events.map { [$0.t, $0.from, $0.to] }
    }
}
