/// Remembers recent simulations. A simulation is a pure function of its setup, and the objects of
/// one repository or cluster mostly share a handful of behaviors (one Helm chart, one team
/// template), so the sanity rules then cost a dictionary lookup instead of a ramp per object.
/// Bounded: when full it starts over, which keeps memory flat without bookkeeping.
final class SimulationCache: @unchecked Sendable {
    static let shared = SimulationCache(capacity: 256)

    private let lock = NSLockish()
    private let capacity: Int
    private var results: [SimulationSetup: SimulationResult] = [:]

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
}
