import ArgumentParser
import Foundation
import KedaguardCore

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate how a ScaledObject's HPA behavior moves the replica count over time.",
        discussion: """
        Runs kube-controller-manager's HPA behavior logic (stabilization windows, scaling policies, \
        selectPolicy, min/max) and KEDA's activation and cooldown against a recommendation you give, \
        in simulated time. The recommendation is the replica count the metrics ask for before any \
        window or policy. The HPA is taken as created at t=0, so its first sync comes one sync \
        period later. Exit status: 0 simulated, 1 the behavior is invalid (the HPA would be \
        rejected), 2 usage or I/O errors.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, svg
    }

    @Argument(help: "A YAML or JSON file with the ScaledObject.")
    var file: String

    @Option(name: .long, help: "The ScaledObject's metadata.name, when the file holds several (also used for --compare).")
    var name: String?

    @Option(name: .customLong("start-replicas"), help: "Replica count at t=0 (default: minReplicaCount, 0 if unset).")
    var startReplicas: Int?

    @Option(name: .long, help: "Recommendation as SECONDS:REPLICAS,... each held until the next (default: maxReplicaCount from t=0).")
    var recommend: String?

    @Option(name: .long, help: "Simulated seconds (default 900).")
    var duration: Int = 900

    @Option(name: .customLong("sync-period"), help: "HPA sync period in seconds (kube-controller-manager's default is 15).")
    var syncPeriod: Int = 15

    @Option(name: .customLong("downscale-stabilization"), help: "The controller's default scale-down window in seconds, used when the behavior sets none (default 300).")
    var downscaleStabilization: Int = 300

    @Option(name: .long, help: "Output format: text (a timeline table), json or svg.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "A second file whose ScaledObject runs the same scenario and is drawn on the same chart.")
    var compare: String?

    func validate() throws {
        guard duration > 0 else { throw ValidationError("--duration must be a positive number of seconds") }
        guard syncPeriod > 0 else { throw ValidationError("--sync-period must be a positive number of seconds") }
        guard downscaleStabilization >= 0 else { throw ValidationError("--downscale-stabilization must not be negative") }
        if let startReplicas, startReplicas < 0 { throw ValidationError("--start-replicas must not be negative") }
        if let recommend {
            do { _ = try RecommendationSchedule.parse(recommend) } catch { throw ValidationError("--recommend: \(error)") }
        }
    }

    func run() throws {
        let main = try load(file)
        let other = try compare.map { try load($0) }
        let schedule = try recommend.map { try RecommendationSchedule.parse($0) }
        func setup(_ scaling: ScaledObjectScaling) -> SimulationSetup {
            SimulationSetup(scaling: scaling, startReplicas: startReplicas ?? scaling.minReplicaCount,
                            recommendation: schedule ?? .constant(scaling.hpaMaxReplicas),
                            duration: duration, syncPeriod: syncPeriod, downscaleStabilization: downscaleStabilization)
        }
        let report = SimulationReport.run(name: main.label, setup: setup(main.scaling))
        // The comparison runs the first file's scenario (start and recommendation) when they are defaults.
        let compared = other.map { o -> SimulationReport in
            var s = setup(o.scaling)
            if startReplicas == nil { s.startReplicas = report.setup.startReplicas }
            if schedule == nil { s.recommendation = report.setup.recommendation }
            return SimulationReport.run(name: o.label, setup: s)
        }
        let text: String
        switch format {
        case .text: text = SimulationText.render(report, compare: compared)
        case .json: text = SimulationJSON.render(report, compare: compared)
        case .svg: text = SimulationSVG.render(report, compare: compared)
        }
        try emit(text, to: output)
    }

    struct Loaded {
        var label: String
        var scaling: ScaledObjectScaling
    }

    /// Reads `path`, picks the ScaledObject and resolves its scaling settings.
    func load(_ path: String) throws -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("kedaguard simulate: cannot read \(path)")
            throw ExitCode(2)
        }
        var bytes = [UInt8](data)
        let loaded = DocumentLoader.load(bytes: &bytes, syntax: path.lowercased().hasSuffix(".json") ? .json : .yaml, file: path)
        if let problem = loaded.problems.first {
            printError("\(path):\(problem.position): \(problem.message)")
            throw ExitCode(2)
        }
        let scaledObjects = loaded.objects.filter { $0.resourceKind == .scaledObject }
        let candidates = name.map { n in scaledObjects.filter { $0.name == n } } ?? scaledObjects
        guard let object = candidates.first else {
            if scaledObjects.isEmpty {
                printError("kedaguard simulate: \(path) holds no ScaledObject (apiVersion keda.sh/v1alpha1)")
            } else {
                printError("kedaguard simulate: \(path) has no ScaledObject named \"\(name ?? "")\"; it has \(scaledObjects.map { "\"\($0.name)\"" }.joined(separator: ", "))")
            }
            throw ExitCode(2)
        }
        if candidates.count > 1 {
            printError("kedaguard simulate: \(path) holds \(candidates.count) ScaledObjects (\(candidates.map { "\"\($0.name)\"" }.joined(separator: ", "))); choose one with --name")
            throw ExitCode(2)
        }
        switch ScaledObjectScaling.resolve(object) {
        case .success(let scaling):
            let file = (path as NSString).lastPathComponent
            return Loaded(label: "\(object.name) (\(file))", scaling: scaling)
        case .failure(.invalidBehavior):
            for problem in BehaviorValidation.problems(in: ScalableView(object).behavior) where problem.severity == .error {
                printError("\(path):\(problem.located.position): \(problem.message)")
            }
            throw ExitCode(1)
        case .failure(let error):
            printError("kedaguard simulate: \(path): ScaledObject \"\(object.name)\": \(error)")
            throw ExitCode(1)
        }
    }
}
