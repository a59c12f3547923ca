/// Remembers recent simulations. A simulation is a pure function of its setup, and the objects of
/// one repository or cluster mostly share a handful of behaviors (one Helm chart, one team
/// template), so the sanity rules then cost a dictionary lookup instead of a ramp per object.
/// Bounded: when full it starts over, which keeps memory flat without bookkeeping.
final class SimulationCache: @unchecked Sendable {
    static let shared = SimulationCache(capacity: 256)

    private let lock = NSLockish()
    private let capacity: Int
    private var entries: [Key: Entry] = [:]

    private enum Key: Hashable {
        case ramp(SimulationSetup)
        /// BehaviorProbes.deadPolicies: follows from the ramp's setup and direction alone.
        case deadPolicies(SimulationSetup, ScalingDirection)
    }

    private enum Entry {
        case ramp(SimulationResult)
        case deadPolicies([Int])
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    func run(_ setup: SimulationSetup) -> SimulationResult {
        guard case .ramp(let result) = remembered(.ramp(setup), compute: { .ramp(BehaviorSimulator.run(setup)) }) else {
            preconditionFailure("a ramp key holds a ramp")
        }
        return result
    }

    /// The dead policies of the ramp `ramp` in `direction`, found by `find` the first time.
    func deadPolicies(_ ramp: SimulationSetup, _ direction: ScalingDirection, find: () -> [Int]) -> [Int] {
        guard case .deadPolicies(let dead) = remembered(.deadPolicies(ramp, direction), compute: { .deadPolicies(find()) }) else {
            preconditionFailure("a dead-policies key holds dead policies")
        }
        return dead
    }

    private func remembered(_ key: Key, compute: () -> Entry) -> Entry {
        if let hit = lock.withLock({ entries[key] }) { return hit }
        let entry = compute()
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
        return entry
    }
}
