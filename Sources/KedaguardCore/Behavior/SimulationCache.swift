/// Remembers recent simulations. A simulation is a pure function of its setup, and the objects of
/// one repository or cluster mostly share a handful of behaviors (one Helm chart, one team
/// template), so the sanity rules then cost a dictionary lookup instead of a ramp per object.
/// Bounded: when full it starts over, which keeps memory flat without bookkeeping.
final class SimulationCache: @unchecked Sendable {
    static let shared = SimulationCache(capacity: 256)

    private let lock = NSLockish()
    private let capacity: Int
    private var results: [SimulationSetup: SimulationResult] = [:]
    private var deadPolicies: [DeadPolicyKey: [Int]] = [:]

    private struct DeadPolicyKey: Hashable {
        var ramp: SimulationSetup
        var direction: ScalingDirection
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    func run(_ setup: SimulationSetup) -> SimulationResult {
        if let hit = lock.withLock({ results[setup] }) { return hit }
        let result = BehaviorSimulator.run(setup)
        lock.withLock {
            if results.count >= capacity { results.removeAll(keepingCapacity: true) }
            results[setup] = result
        }
        return result
    }

    /// The dead policies of the ramp `ramp` in `direction` (BehaviorProbes.deadPolicies), found
    /// by `find` the first time.
    func deadPolicies(_ ramp: SimulationSetup, _ direction: ScalingDirection, find: () -> [Int]) -> [Int] {
        let key = DeadPolicyKey(ramp: ramp, direction: direction)
        if let hit = lock.withLock({ deadPolicies[key] }) { return hit }
        let found = find()
        lock.withLock {
            if deadPolicies.count >= capacity { deadPolicies.removeAll(keepingCapacity: true) }
            deadPolicies[key] = found
        }
        return found
    }
}
